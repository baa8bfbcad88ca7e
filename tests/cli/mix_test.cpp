// `minidj mix`: the report's JSON contract, plans as editable files, the library, bad input.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "cli/cli_runner.h"

namespace minidj::test {
namespace {

TEST(Mix, ReportJsonHasTheContractFieldsAndPlanFilesRenderAgain) {
    TempDir dir;
    write_song(dir / "a.wav", 122.0, 3, 32);
    write_song(dir / "b.flac", 126.0, 4, 32);
    const auto db = (dir / "lib.sqlite").string();
    const auto out = (dir / "mix.wav").string();
    const auto r =
        run_minidj({"mix", (dir / "a.wav").string(), (dir / "b.flac").string(), "-o", out, "--bars",
                    "8", "--report", "--json", "--db", db, "--plot", (dir / "mix.png").string()},
                   dir.path());
    ASSERT_EQ(r.status, 0) << r.err;
    const auto lines = r.out_lines();
    ASSERT_EQ(lines.size(), 1u) << r.out;
    const auto j = nlohmann::json::parse(lines[0]);
    for (const char* field :
         {"output", "transition_start", "transition_end", "bpm_a", "bpm_b", "stretch_ratio",
          "beat_phase_error_ms", "downbeats_aligned", "short_term_lufs_min", "short_term_lufs_max",
          "true_peak_dbtp", "clipped_samples"}) {
        EXPECT_TRUE(j.contains(field)) << field;
    }
    EXPECT_TRUE(j["beat_phase_error_ms"].contains("median"));
    EXPECT_TRUE(j["beat_phase_error_ms"].contains("max"));
    EXPECT_EQ(j["downbeats_aligned"], true);
    EXPECT_LE(j["true_peak_dbtp"].get<double>(), -1.0);
    EXPECT_NEAR(j["transition_start"].get<double>(), 30.0, 0.1);
    EXPECT_TRUE(std::filesystem::exists(out));
    EXPECT_GT(std::filesystem::file_size(dir / "mix.png"), 10000u);
    // Both tracks were analysed on the fly and stored: a second run reads them back.
    EXPECT_NE(r.err.find("analysing"), std::string::npos);

    // The plan, edited (8 bars -> 4, cue moved one phrase), rendered from the file.
    const auto p = run_minidj({"mix", (dir / "a.wav").string(), (dir / "b.flac").string(),
                               "--plan-only", "--json", "--bars", "8", "--db", db},
                              dir.path());
    ASSERT_EQ(p.status, 0) << p.err;
    EXPECT_EQ(p.err.find("analysing"), std::string::npos) << p.err;
    auto plan = nlohmann::json::parse(p.out);
    EXPECT_EQ(plan["bars"], 8);
    std::ofstream(dir / "plan.json") << plan.dump(2);
    const auto again = run_minidj({"mix", "--plan", (dir / "plan.json").string(), "-o",
                                   (dir / "again.ogg").string(), "--report", "--db", db},
                                  dir.path());
    ASSERT_EQ(again.status, 0) << again.err;
    EXPECT_NE(again.out.find("beat sync  phase error median"), std::string::npos) << again.out;
    EXPECT_TRUE(std::filesystem::exists(dir / "again.ogg"));
}

TEST(Mix, UndecodableTrackIsOneClearLineAndNoOutput) {
    TempDir dir;
    write_song(dir / "a.wav", 122.0, 3, 16);
    std::ofstream(dir / "b.mp3") << "this is not audio at all";
    const auto out = dir / "mix.wav";
    const auto r = run_minidj(
        {"mix", (dir / "a.wav").string(), (dir / "b.mp3").string(), "-o", out.string(), "--no-db"},
        dir.path());
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find("b.mp3"), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(out));
    EXPECT_TRUE(part_files(dir.path()).empty());
}

TEST(Mix, TempoTooFarApartSaysSoAndFallsBack) {
    TempDir dir;
    write_song(dir / "a.wav", 110.0, 3, 16);
    write_song(dir / "b.wav", 135.0, 4, 16);
    const auto r = run_minidj(
        {"mix", (dir / "a.wav").string(), (dir / "b.wav").string(), "--plan-only", "--no-db"},
        dir.path());
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.err.find("exceeds 8%: fallback echo-out"), std::string::npos) << r.err;
    EXPECT_NE(r.out.find("style echo-out"), std::string::npos) << r.out;
}

TEST(Mix, BadPlanFileIsRefused) {
    TempDir dir;
    std::ofstream(dir / "plan.json") << R"({"minidj_plan": 1, "track_a": "a.wav"})";
    const auto r = run_minidj(
        {"mix", "--plan", (dir / "plan.json").string(), "-o", (dir / "o.wav").string(), "--no-db"},
        dir.path());
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find("plan: track_b: missing"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace minidj::test
