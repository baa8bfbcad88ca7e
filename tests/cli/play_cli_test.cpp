// `minidj play` as a user runs it: a folder not yet analysed, played through a JACK server
// (dummy backend) with commands on stdin and events as JSON lines; and the one-line errors for
// a missing device or server and a recording that would replace a track.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "cli/cli_runner.h"
#include "support/jack_server.h"

namespace minidj::test {
namespace {

std::filesystem::path three_tracks(const TempDir& dir) {
    const auto music = dir / "music";
    std::filesystem::create_directories(music);
    const double bpm[] = {124, 125, 126};
    for (int i = 0; i < 3; ++i) write_song(music / ("t" + std::to_string(i) + ".flac"), bpm[i], 60 + i, 16);
    return music;
}

std::vector<nlohmann::json> events_in(const Run& r) {
    std::vector<nlohmann::json> out;
    for (const auto& line : r.out_lines()) {
        auto e = nlohmann::json::parse(line, nullptr, false);
        EXPECT_FALSE(e.is_discarded()) << "not JSON: " << line;
        if (!e.is_discarded()) out.push_back(std::move(e));
    }
    return out;
}

int count(const std::vector<nlohmann::json>& events, const std::string& type) {
    return int(std::count_if(events.begin(), events.end(), [&](const auto& e) { return e["event"] == type; }));
}

TEST(PlayCli, PlaysAFolderNotYetAnalysedThroughJackWithCommandsOnStdin) {
    JackServer jack;
    ASSERT_TRUE(jack.ready()) << "jackd -d dummy did not start";
    TempDir dir;
    const auto music = three_tracks(dir);
    const auto record = dir / "night.flac";
    std::string cmd = "printf 'next\\n' | " + quote(MINIDJ_BIN);
    for (const std::string& a : std::vector<std::string>{"play", music.string(), "--db", (dir / "lib.sqlite").string(), "--device", "jack",
                                "--tracks", "2", "--min-play", "8", "--bars", "4", "--record", record.string(), "--json",
                                "--control", "stdin"}) {
        cmd.append(" ").append(quote(a));
    }
    cmd = "sh -c " + quote(cmd);
    const auto r = run_shell(cmd, dir.path());
    ASSERT_EQ(r.status, 0) << r.err;
    const auto events = events_in(r);
    EXPECT_EQ(count(events, "audio_started"), 1);
    EXPECT_EQ(count(events, "track_started"), 2);
    EXPECT_EQ(count(events, "transition_ended"), 1);
    ASSERT_EQ(count(events, "stopped"), 1);
    EXPECT_EQ(events.back()["underruns"], 0);
    bool next_obeyed = false;
    for (const auto& e : events) next_obeyed |= e["event"] == "transition_planned" && e.value("cause", "") == "next";
    EXPECT_TRUE(next_obeyed) << r.out;
    EXPECT_NE(r.err.find("analysing"), std::string::npos) << "the folder was not analysed on the way";
    for (const char* ext : {".flac", ".cue", ".m3u8", ".report.json"}) {
        EXPECT_TRUE(std::filesystem::exists(dir / (std::string("night") + ext))) << ext;
    }
    const auto report = nlohmann::json::parse(slurp(dir / "night.report.json"));
    EXPECT_EQ(report["tracklist"].size(), 2u);
    EXPECT_EQ(report["seams"].size(), 1u);
}

// `minidj play` on a terminal (a pseudo-terminal here): keys work without Enter (raw mode), and
// the terminal's mode comes back when it quits and when it crashes.
struct TerminalRun {
    pid_t child = -1;
    int master = -1, slave = -1;
    std::string seen;  // what minidj wrote to the terminal

    TerminalRun(const std::filesystem::path& music, const std::string& db) {
        child = forkpty(&master, nullptr, nullptr, nullptr);
        if (child == 0) {
            execl(MINIDJ_BIN, "minidj", "play", music.c_str(), "--db", db.c_str(), "--device", "jack", "--min-play", "8",
                  static_cast<char*>(nullptr));
            _exit(127);
        }
        slave = open(ptsname(master), O_RDWR | O_NOCTTY);
        fcntl(master, F_SETFL, O_NONBLOCK);
    }
    ~TerminalRun() {
        if (child > 0 && waitpid(child, nullptr, WNOHANG) == 0) {
            kill(child, SIGKILL);
            waitpid(child, nullptr, 0);
        }
        close(slave);
        close(master);
    }
    void drain() {
        char buffer[4096];
        for (ssize_t n; (n = read(master, buffer, sizeof buffer)) > 0;) seen.append(buffer, std::size_t(n));
    }
    bool canonical() const {
        struct termios mode {};
        tcgetattr(slave, &mode);
        return (mode.c_lflag & ICANON) && (mode.c_lflag & ECHO);
    }
    // Until the terminal is in raw mode and the status line shows a track (at most 30 s).
    bool playing() {
        for (int i = 0; i < 300; ++i) {
            drain();
            if (!canonical() && seen.find("BPM") != std::string::npos) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        return false;
    }
    int wait_exit(int seconds) {
        for (int i = 0; i < 10 * seconds; ++i) {
            drain();
            int status = 0;
            if (waitpid(child, &status, WNOHANG) == child) {
                child = -1;
                return status;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        return -1;
    }
};

TEST(PlayCli, KeysNeedNoEnterAndTheTerminalComesBackOnQuitAndOnACrash) {
    JackServer jack;
    ASSERT_TRUE(jack.ready()) << "jackd -d dummy did not start";
    TempDir dir;
    const auto music = three_tracks(dir);
    const std::string db = (dir / "lib.sqlite").string();
    {
        TerminalRun run(music, db);
        ASSERT_TRUE(run.playing()) << run.seen;
        ASSERT_EQ(write(run.master, "q", 1), 1);  // a key, no Enter
        const int status = run.wait_exit(20);
        EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status << "\n" << run.seen;
        EXPECT_TRUE(run.canonical()) << "the terminal was left in raw mode";
        EXPECT_NE(run.seen.find("played"), std::string::npos) << run.seen;  // the summary
    }
    {
        TerminalRun run(music, db);
        ASSERT_TRUE(run.playing()) << run.seen;
        kill(run.child, SIGSEGV);
        const int status = run.wait_exit(20);
        EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV) << status;
        EXPECT_TRUE(run.canonical()) << "a crash left the terminal in raw mode";
    }
}

TEST(PlayCli, AMissingDeviceOrServerAndARecordingOverATrackAreOneLineErrors) {
    TempDir dir;
    const auto music = three_tracks(dir);
    const std::string db = (dir / "lib.sqlite").string();
    auto r = run_minidj({"play", music.string(), "--db", db, "--device", "no-such-card-anywhere"}, dir.path());
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find("play: --device no-such-card-anywhere: no such output device"), std::string::npos) << r.err;
    r = run_shell("JACK_DEFAULT_SERVER=minidj-nobody-" + std::to_string(getpid()) + " " + quote(MINIDJ_BIN) +
                      " play " + quote(music.string()) + " --db " + quote(db) + " --device jack",
                  dir.path());
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find("no JACK server is running"), std::string::npos) << r.err;
    const auto track = music / "t1.flac";
    const auto before = slurp(track);
    r = run_minidj({"play", music.string(), "--db", db, "--record", track.string()}, dir.path());
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.err.find("play:"), std::string::npos) << r.err;
    EXPECT_EQ(slurp(track), before);
    r = run_minidj({"play", music.string(), "--db", db, "--length", "soon"}, dir.path());
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.err.find("play: --length soon"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace minidj::test
