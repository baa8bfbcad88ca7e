// `minidj play` as a user runs it: a folder not yet analysed, played through a JACK server
// (dummy backend) with commands on stdin and events as JSON lines; and the one-line errors for
// a missing device or server and a recording that would replace a track.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

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
