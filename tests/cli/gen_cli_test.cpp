// minidj gen's time signatures: 6/8 and 12/8 are rendered in dotted-quarter beats, and a
// signature it cannot render is refused before anything is written.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli/cli_runner.h"

namespace minidj::test {
namespace {

namespace fs = std::filesystem;

TEST(GenCli, CompoundTimeSignaturesCountDottedQuarterBeats) {
    TempDir dir;
    const auto audio = dir / "jig.wav";
    const auto r = run_minidj({"gen", "-o", audio.string(), "--meter", "6/8", "--bpm", "100",
                               "--bars", "8", "--db", (dir / "lib.sqlite").string()},
                              dir.path());
    ASSERT_EQ(r.status, 0) << r.err;
    const auto truth = nlohmann::json::parse(slurp(dir / "jig.truth.json"));
    EXPECT_EQ(truth["time_signature"], "6/8");
    EXPECT_EQ(truth["meter"], 2);
    EXPECT_EQ(truth["beats"].size(), 16u);
    EXPECT_NEAR(truth["beats"][1].get<double>() - truth["beats"][0].get<double>(), 0.6, 1e-9);
}

TEST(GenCli, AnUnknownTimeSignatureIsRefusedAndNothingIsWritten) {
    TempDir dir;
    const auto audio = dir / "five.wav";
    const auto r = run_minidj(
        {"gen", "-o", audio.string(), "--meter", "5/4", "--db", (dir / "lib.sqlite").string()},
        dir.path());
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.err.find("gen: unknown meter '5/4' (4/4, 3/4, 6/8 or 12/8)"), std::string::npos)
        << r.err;
    EXPECT_FALSE(fs::exists(audio));
    const auto swung = run_minidj({"gen", "-o", audio.string(), "--meter", "12/8", "--swing", "0.2",
                                   "--db", (dir / "lib.sqlite").string()},
                                  dir.path());
    EXPECT_EQ(swung.status, 2);
    EXPECT_NE(swung.err.find("compound meter has no swing"), std::string::npos) << swung.err;
    EXPECT_FALSE(fs::exists(audio));
}

}  // namespace
}  // namespace minidj::test
