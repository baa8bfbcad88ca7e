// `minidj analyze` into a library and `minidj info`: skipping, forcing, locking, killing.
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <fstream>
#include <thread>

#include "cli/cli_runner.h"
#include "minidj/library.h"

namespace minidj::test {
namespace {

// A folder with `n` short generated tracks in a subfolder, plus a file that is not audio.
void make_collection(const TempDir& dir, int n) {
    std::filesystem::create_directories(dir / "music/sub");
    for (int i = 0; i < n; ++i) write_song(dir / ("music/sub/t" + std::to_string(i) + ".flac"), 100.0 + 7 * i, 10 + i);
    std::ofstream(dir / "music/notes.txt") << "ignored: not an audio extension";
}

TEST(AnalyzeLibrary, FoldersRecurseAndUnchangedFilesAreSkipped) {
    TempDir dir;
    make_collection(dir, 3);
    const auto db = (dir / "lib.sqlite").string();
    const auto first = run_minidj({"analyze", "--db", db, "-j", "2", (dir / "music").string()}, dir.path());
    ASSERT_EQ(first.status, 0) << first.err;
    EXPECT_NE(first.err.find("analysed 3, skipped 0"), std::string::npos) << first.err;
    EXPECT_NE(first.err.find("[3/3]"), std::string::npos);  // plain progress lines in a pipe

    const auto second = run_minidj({"analyze", "--db", db, (dir / "music").string()}, dir.path());
    ASSERT_EQ(second.status, 0);
    EXPECT_NE(second.err.find("analysed 0, skipped 3"), std::string::npos) << second.err;

    const auto forced = run_minidj({"analyze", "--db", db, "--force", (dir / "music").string()}, dir.path());
    EXPECT_NE(forced.err.find("analysed 3, skipped 0"), std::string::npos) << forced.err;
}

TEST(AnalyzeLibrary, InfoShowsTheStoredAnalysis) {
    TempDir dir;
    write_song(dir / "a.wav", 132.0, 5);
    const auto db = (dir / "lib.sqlite").string();
    ASSERT_EQ(run_minidj({"analyze", "--db", db, (dir / "a.wav").string()}, dir.path()).status, 0);
    const auto human = run_minidj({"info", "--db", db, (dir / "a.wav").string()}, dir.path());
    ASSERT_EQ(human.status, 0) << human.err;
    EXPECT_NE(human.out.find("132.0"), std::string::npos) << human.out;
    EXPECT_NE(human.out.find("A minor (8A)"), std::string::npos) << human.out;
    const auto machine = run_minidj({"info", "--json", "--db", db, (dir / "a.wav").string()}, dir.path());
    EXPECT_NEAR(nlohmann::json::parse(machine.out)["bpm"].get<double>(), 132.0, 0.66);
    const auto missing = run_minidj({"info", "--db", db, (dir / "nope.wav").string()}, dir.path());
    EXPECT_EQ(missing.status, 1);
    EXPECT_NE(missing.err.find("not in the library"), std::string::npos);
}

// The structure in info's three forms: a line of sections and the cues, "structure" in the
// JSON, and --plot, which never writes over the track.
TEST(AnalyzeLibrary, InfoShowsTheSectionsAndDrawsThem) {
    TempDir dir;
    const auto track = (dir / "a.wav").string();
    ASSERT_EQ(run_minidj({"gen", "-o", track, "--bars", "24", "--db", (dir / "lib.sqlite").string()}, dir.path()).status, 0);
    const auto db = (dir / "lib.sqlite").string();
    ASSERT_EQ(run_minidj({"analyze", "--db", db, track}, dir.path()).status, 0);
    const auto human = run_minidj({"info", "--db", db, track}, dir.path());
    ASSERT_EQ(human.status, 0) << human.err;
    EXPECT_NE(human.out.find("sections    intro 0:00.0 (8 bars"), std::string::npos) << human.out;
    EXPECT_NE(human.out.find("mix in      0:00.0 (the intro's start)"), std::string::npos) << human.out;
    EXPECT_NE(human.out.find("mix out"), std::string::npos) << human.out;
    const auto machine = nlohmann::json::parse(run_minidj({"info", "--json", "--db", db, track}, dir.path()).out);
    const auto& sections = machine.at("structure").at("sections");
    ASSERT_EQ(sections.size(), 3u);
    EXPECT_EQ(sections[1].at("label"), "drop");
    EXPECT_EQ(machine.at("structure").at("cues").at("mix_in").at("reason"), "the intro's start");

    const auto png = dir / "a.png";
    const auto plotted = run_minidj({"info", "--db", db, track, "--plot", png.string()}, dir.path());
    ASSERT_EQ(plotted.status, 0) << plotted.err;
    std::ifstream in(png, std::ios::binary);
    std::string magic(8, '\0');
    in.read(magic.data(), 8);
    EXPECT_EQ(magic, "\x89PNG\r\n\x1a\n");
    const auto size = std::filesystem::file_size(track);
    const auto refused = run_minidj({"info", "--db", db, track, "--plot", track}, dir.path());
    EXPECT_EQ(refused.status, 2);
    EXPECT_NE(refused.err.find("is the input track"), std::string::npos) << refused.err;
    EXPECT_EQ(std::filesystem::file_size(track), size);
}

TEST(AnalyzeLibrary, ALockedLibraryGivesAClearErrorAndLosesNothing) {
    TempDir dir;
    write_song(dir / "a.wav", 120.0, 1);
    write_song(dir / "b.wav", 124.0, 2);
    const auto db = (dir / "lib.sqlite").string();
    ASSERT_EQ(run_minidj({"analyze", "--db", db, (dir / "a.wav").string()}, dir.path()).status, 0);

    sqlite3* other = nullptr;  // another program (another minidj run) holding the write lock
    ASSERT_EQ(sqlite3_open(db.c_str(), &other), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(other, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
    const auto locked = run_minidj({"analyze", "--db", db, (dir / "b.wav").string()}, dir.path());
    sqlite3_exec(other, "COMMIT", nullptr, nullptr, nullptr);
    sqlite3_close(other);
    EXPECT_EQ(locked.status, 1);
    EXPECT_NE(locked.err.find("locked"), std::string::npos) << locked.err;

    auto library = Library::open(db);
    ASSERT_TRUE(library.ok());
    EXPECT_EQ(library.value()->count().value(), 1u);  // a.wav is still there
    const auto retry = run_minidj({"analyze", "--db", db, (dir / "b.wav").string()}, dir.path());
    EXPECT_EQ(retry.status, 0) << retry.err;
    EXPECT_EQ(library.value()->count().value(), 2u);
}

// Starts `minidj analyze -j 1` on the collection and sends `signal` once two tracks are stored;
// returns the wait status.
int interrupt_after_two_tracks(const TempDir& dir, const std::filesystem::path& db, int signal) {
    const auto log = dir / "progress.txt";
    const pid_t child = fork();
    if (child == 0) {
        std::freopen(log.c_str(), "w", stderr);
        std::freopen("/dev/null", "w", stdout);
        execl(MINIDJ_BIN, MINIDJ_BIN, "analyze", "-j", "1", "--db", db.c_str(), (dir / "music").c_str(), nullptr);
        _exit(127);
    }
    for (int i = 0; i < 600 && slurp(log).find("[2/6]") == std::string::npos; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    kill(child, signal);
    int status = 0;
    waitpid(child, &status, 0);
    return status;
}

TEST(AnalyzeLibrary, CtrlCStopsCleanlyKeepingFinishedTracks) {
    TempDir dir;
    make_collection(dir, 6);
    const auto db = dir / "lib.sqlite";
    const int status = interrupt_after_two_tracks(dir, db, SIGINT);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 130);
    EXPECT_NE(slurp(dir / "progress.txt").find("interrupted"), std::string::npos);
    EXPECT_GE(Library::open(db).value()->count().value(), 2u);
}

TEST(AnalyzeLibrary, KillingARunLosesNothingAndTheNextRunResumes) {
    TempDir dir;
    make_collection(dir, 6);
    const auto db = dir / "lib.sqlite";
    ASSERT_TRUE(WIFSIGNALED(interrupt_after_two_tracks(dir, db, SIGKILL)));

    std::size_t stored = 0;
    {
        auto library = Library::open(db);
        ASSERT_TRUE(library.ok()) << library.error().message;
        stored = library.value()->count().value();
        EXPECT_GE(stored, 2u);
        EXPECT_LT(stored, 6u);
    }
    const auto resumed = run_minidj({"analyze", "--db", db.string(), (dir / "music").string()}, dir.path());
    ASSERT_EQ(resumed.status, 0) << resumed.err;
    EXPECT_NE(resumed.err.find("skipped " + std::to_string(stored)), std::string::npos) << resumed.err;
    EXPECT_EQ(Library::open(db).value()->count().value(), 6u);
}

}  // namespace
}  // namespace minidj::test
