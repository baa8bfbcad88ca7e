// `minidj set`: plan files and tracklists, a rendered set read back, and the errors a person
// gets for a library too small, an unknown start track, and a broken or stale plan file.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "cli/cli_runner.h"

namespace minidj::test {
namespace {

// Four short tracks 118..126 BPM in one folder; returns the folder.
std::filesystem::path four_tracks(const TempDir& dir) {
    const auto music = dir / "music";
    std::filesystem::create_directories(music);
    const double bpm[] = {118, 121, 124, 126};
    for (int i = 0; i < 4; ++i) write_song(music / fmt::format("t{}.flac", i), bpm[i], 40 + i, 32);
    return music;
}

// Plans a set of four_tracks() into dir/plan.json, leaving dir/out empty for the render.
void plan_four_track_set(const TempDir& dir, const std::string& db) {
    const auto music = four_tracks(dir);
    const auto out = dir / "out" / "mix.flac";
    auto r = run_minidj({"set", music.string(), "--tracks", "4", "--plan-only", "-o", out.string(), "--db", db},
                        dir.path());
    ASSERT_EQ(r.status, 0) << r.err;
    std::filesystem::rename(dir / "out" / "mix.plan.json", dir / "plan.json");
    std::filesystem::remove(dir / "out" / "mix.cue");
    std::filesystem::remove(dir / "out" / "mix.m3u8");
}

// Starts `minidj set --plan dir/plan.json -o out` in a child process (stderr to dir/stderr.txt)
// after `prepare` has run in the child; returns its pid.
template <class Prepare>
pid_t spawn_set_render(const TempDir& dir, const std::string& db, const std::filesystem::path& out, Prepare prepare) {
    const pid_t child = fork();
    if (child == 0) {
        std::freopen((dir / "stderr.txt").c_str(), "w", stderr);
        std::freopen("/dev/null", "w", stdout);
        prepare();
        execl(MINIDJ_BIN, MINIDJ_BIN, "set", "--plan", (dir / "plan.json").c_str(), "-o", out.c_str(), "--db",
              db.c_str(), nullptr);
        _exit(127);
    }
    return child;
}

TEST(SetCli, PlanOnlyWritesPlanCueAndPlaylistThenThePlanRenders) {
    TempDir dir;
    const auto music = four_tracks(dir);
    const auto db = (dir / "lib.sqlite").string();
    const auto out = dir / "out" / "mix.flac";
    auto r = run_minidj({"set", music.string(), "--tracks", "3", "--plan-only", "-o", out.string(), "--db", db,
                         "--bars", "8"},
                        dir.path());
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_FALSE(std::filesystem::exists(out));  // plan only: no audio
    const auto plan = nlohmann::json::parse(slurp(dir / "out" / "mix.plan.json"));
    EXPECT_EQ(plan["tracks"].size(), 3u);
    EXPECT_EQ(plan["transitions"].size(), 2u);
    EXPECT_NE(slurp(dir / "out" / "mix.cue").find("TRACK 03 AUDIO"), std::string::npos);
    EXPECT_EQ(slurp(dir / "out" / "mix.m3u8").rfind("#EXTM3U\n", 0), 0u);

    r = run_minidj({"set", "--plan", (dir / "out" / "mix.plan.json").string(), "-o", out.string(), "--db", db,
                    "--json", "--fast"},
                   dir.path());
    ASSERT_EQ(r.status, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["seams"].size(), 2u);
    EXPECT_EQ(j["tracklist"].size(), 3u);
    EXPECT_LE(j["true_peak_dbtp"].get<double>(), -1.0);
    EXPECT_TRUE(std::filesystem::exists(out));
    EXPECT_TRUE(part_files(out.parent_path()).empty());
}

TEST(SetCli, TooSmallLibraryGivesTheBestShorterSetWithANote) {
    TempDir dir;
    const auto music = four_tracks(dir);
    const auto r = run_minidj({"set", music.string(), "--tracks", "10", "--plan-only", "--db",
                               (dir / "lib.sqlite").string()},
                              dir.path());
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.err.find("only 4 tracks"), std::string::npos) << r.err;
    EXPECT_EQ(nlohmann::json::parse(r.out)["tracks"].size(), 4u);
}

TEST(SetCli, UnknownStartTrackAndBrokenPlansAreRefusedWithTheReason) {
    TempDir dir;
    const auto music = four_tracks(dir);
    const auto db = (dir / "lib.sqlite").string();
    auto r = run_minidj({"set", music.string(), "--plan-only", "--start", (dir / "nope.flac").string(), "--db", db},
                        dir.path());
    EXPECT_NE(r.status, 0);
    EXPECT_NE(r.err.find("not among the tracks"), std::string::npos) << r.err;

    std::ofstream(dir / "broken.json") << "{\n  \"minidj_set\": 1,\n  \"tracks\": [,]\n}\n";
    r = run_minidj({"set", "--plan", (dir / "broken.json").string(), "-o", (dir / "x.flac").string(), "--db", db},
                   dir.path());
    EXPECT_NE(r.status, 0);
    EXPECT_NE(r.err.find("line 3"), std::string::npos) << r.err;

    // A plan whose track has gone: the field at fault, and nothing written.
    r = run_minidj({"set", music.string(), "--tracks", "2", "--plan-only", "-o", (dir / "p" / "mix.flac").string(),
                    "--db", db, "--bars", "8"},
                   dir.path());
    ASSERT_EQ(r.status, 0) << r.err;
    auto plan = nlohmann::json::parse(slurp(dir / "p" / "mix.plan.json"));
    std::filesystem::remove(plan["tracks"][1].get<std::string>());
    r = run_minidj({"set", "--plan", (dir / "p" / "mix.plan.json").string(), "-o", (dir / "gone.flac").string(), "--db",
                    db},
                   dir.path());
    EXPECT_NE(r.status, 0);
    EXPECT_NE(r.err.find("tracks[1]"), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(dir / "gone.flac"));
}

TEST(SetCli, CtrlCWhileRenderingLeavesNothingUnderTheFinalNames) {
    TempDir dir;
    const auto db = (dir / "lib.sqlite").string();
    const auto out = dir / "out" / "mix.flac";
    plan_four_track_set(dir, db);
    const pid_t child = spawn_set_render(dir, db, out, [] {});
    // Interrupt once the mix is being written.
    for (int i = 0; i < 1200 && part_files(out.parent_path()).empty(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    kill(child, SIGINT);
    int status = 0;
    waitpid(child, &status, 0);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 130);
    EXPECT_NE(slurp(dir / "stderr.txt").find("cancelled"), std::string::npos) << slurp(dir / "stderr.txt");
    EXPECT_FALSE(std::filesystem::exists(out));
    EXPECT_TRUE(part_files(out.parent_path()).empty());
    EXPECT_FALSE(std::filesystem::exists(dir / "out" / "mix.cue"));
}

TEST(SetCli, TrackThatNoLongerDecodesIsPlannedAroundAndTheReportSaysSo) {
    TempDir dir;
    const auto music = four_tracks(dir);
    const auto db = (dir / "lib.sqlite").string();
    auto r = run_minidj({"analyze", music.string(), "--db", db}, dir.path());
    ASSERT_EQ(r.status, 0) << r.err;
    // After analysis the file is overwritten with garbage: the library still holds it, the
    // planner chooses it, and only the render finds out.
    std::ofstream(music / "t2.flac", std::ios::trunc) << "not audio at all";
    const auto out = dir / "mix.flac";
    r = run_minidj({"set", "--tracks", "4", "--db", db, "-o", out.string(), "--json", "--fast", "--bars", "8"},
                   dir.path());
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.err.find("t2.flac failed to decode; the set was planned again without it"), std::string::npos) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    ASSERT_EQ(j["tracklist"].size(), 3u);
    for (const auto& t : j["tracklist"]) EXPECT_EQ(t["path"].get<std::string>().find("t2.flac"), std::string::npos);
    // The notes say why the set is one track short.
    EXPECT_NE(j["notes"].dump().find("t2.flac failed to decode"), std::string::npos) << j["notes"].dump();
    EXPECT_TRUE(std::filesystem::exists(out));
}

TEST(SetCli, FullDiskWhileRenderingFailsClearlyAndLeavesNoOutput) {
    TempDir dir;
    const auto db = (dir / "lib.sqlite").string();
    const auto out = dir / "out" / "mix.flac";
    plan_four_track_set(dir, db);
    // No file may grow past 1 MiB: writes past it fail (EFBIG) as they would on a full disk.
    // The four-track mix is ten times larger.
    const pid_t child = spawn_set_render(dir, db, out, [] {
        const rlimit limit{1 << 20, 1 << 20};
        setrlimit(RLIMIT_FSIZE, &limit);
        signal(SIGXFSZ, SIG_IGN);  // a failed write, not a killed process
    });
    int status = 0;
    waitpid(child, &status, 0);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 1);
    const auto err = slurp(dir / "stderr.txt");
    EXPECT_NE(err.find("encode: "), std::string::npos) << err;
    EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;  // one line
    EXPECT_FALSE(std::filesystem::exists(out));
    EXPECT_TRUE(part_files(out.parent_path()).empty());
    EXPECT_FALSE(std::filesystem::exists(dir / "out" / "mix.cue"));
}

TEST(SetCli, LengthIsReadStrictlyBeforeAnyWork) {
    TempDir dir;
    const auto db = (dir / "lib.sqlite").string();
    for (const char* bad : {".", "-5m", "99999999999999999999m"}) {  // the rest: ParseDuration
        const auto r = run_minidj({"set", "--length", bad, "--plan-only", "--db", db}, dir.path());
        EXPECT_EQ(r.status, 2) << bad << ": " << r.err;
        EXPECT_EQ(r.err.rfind(fmt::format("set: --length {}: ", bad), 0), 0u) << r.err;
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    }
}

}  // namespace
}  // namespace minidj::test
