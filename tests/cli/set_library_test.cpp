// `minidj set` on libraries as people have them: short tracks (radio edits, interludes), keys
// and tempos that do not all fit together, files deleted or moved since they were analysed.
// Every rule the set promises is checked on what it wrote: tempo and key moves, the seam
// floor, the minimum play time, and one set of times in the CUE sheet, the report and the plot.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "cli/cli_runner.h"

namespace minidj::test {
namespace {

struct Track {
    double bpm;
    MusicalKey key;
};

// Generated tracks of `bars` bars in one folder; returns the folder.
std::filesystem::path write_tracks(const TempDir& dir, const std::vector<Track>& tracks, int bars) {
    const auto music = dir / "music";
    std::filesystem::create_directories(music);
    for (std::size_t i = 0; i < tracks.size(); ++i) {
        gen::SongSpec spec;
        spec.bpm = tracks[i].bpm;
        spec.key = tracks[i].key;
        spec.bars = bars;
        spec.seed = std::uint32_t(60 + i);
        spec.style = i % 2 ? gen::Style::kTechno : gen::Style::kHouse;
        spec.sample_rate = 22050;  // half the work of a render at 44.1 kHz, the same music
        spec.plain_production = true;  // the set's rules are the subject, not key robustness
        const auto song = gen::render(spec);
        const auto written =
            write_audio_file(music / fmt::format("t{}.flac", i), song.samples.data(), song.frames(), song.sample_rate, 2);
        EXPECT_TRUE(written.ok()) << (written.ok() ? "" : written.error().message);
    }
    return music;
}

// Camelot moves `--harmonic loose` allows: the same key, +-1, the relative major/minor and the
// energy boosts +2 and +7 (docs/sets.md).
bool loose_move(const std::string& from, const std::string& to) {
    if (from.empty() || to.empty()) return true;  // a track without a key fits any
    const int a = std::atoi(from.c_str()), b = std::atoi(to.c_str());
    const int up = ((b - a) % 12 + 12) % 12;
    if (from.back() != to.back()) return a == b;
    return up == 0 || up == 1 || up == 11 || up == 2 || up == 7;
}

// CUE INDEX times (mm:ss:ff, 75 frames a second) in seconds.
std::vector<double> cue_starts(const std::string& cue) {
    std::vector<double> out;
    const std::string index = "INDEX 01 ";
    for (auto at = cue.find(index); at != std::string::npos; at = cue.find(index, at + 1)) {
        int m = 0, s = 0, f = 0;
        if (std::sscanf(cue.c_str() + at + index.size(), "%d:%d:%d", &m, &s, &f) == 3) out.push_back(m * 60 + s + f / 75.0);
    }
    return out;
}

// Five tracks of about 100 s (56 bars, 118..130 BPM), keys around A minor: a set of all five
// used to fail on a cue before the music ("cue points must be >= 0 seconds").
TEST(SetLibrary, FiveShortTracksMakeASetThatKeepsEveryRule) {
    TempDir dir;
    const auto music = write_tracks(dir,
                                    {{118, {9, true}},    // 8A
                                     {121, {4, true}},    // 9A
                                     {124, {11, true}},   // 10A
                                     {127, {2, false}},   // 10B
                                     {130, {9, false}}},  // 11B
                                    56);
    const auto out = dir / "out" / "mix.flac";
    const auto png = dir / "out" / "mix.png";
    const auto r = run_minidj({"set", music.string(), "--tracks", "5", "-o", out.string(), "--db",
                               (dir / "lib.sqlite").string(), "--json", "--fast", "--plot", png.string()},
                              dir.path());
    ASSERT_EQ(r.status, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    const auto& list = j["tracklist"];
    ASSERT_EQ(list.size(), 5u) << r.err;
    const std::string notes = j["notes"].dump();
    const double duration = j["duration"].get<double>();
    const auto cue = cue_starts(slurp(dir / "out" / "mix.cue"));
    ASSERT_EQ(cue.size(), list.size());
    double played = 0.0;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const auto& t = list[i];
        // One time for each track start: the CUE sheet's (to its 1/75 s frames) is the report's.
        EXPECT_NEAR(cue[i], t["start"].get<double>(), 1.0 / 75) << i;
        const double end = i + 1 < list.size() ? list[i + 1]["start"].get<double>() : duration;
        EXPECT_NEAR(t["play"].get<double>(), end - t["start"].get<double>(), 1e-6) << i;
        EXPECT_GE(t["play"].get<double>(), 60.0) << i << ": " << t.dump();
        played += t["play"].get<double>();
        if (i == 0) continue;
        const auto& before = list[i - 1];
        const double ratio = t["bpm"].get<double>() / before["bpm"].get<double>();
        EXPECT_LE(std::abs(ratio - 1.0), 0.06 + 1e-9) << before.dump() << " -> " << t.dump();
        EXPECT_TRUE(loose_move(before["camelot"], t["camelot"])) << before.dump() << " -> " << t.dump();
        const double score = t["seam_score"].get<double>();
        if (score < 0.2) {
            EXPECT_NE(notes.find("under the floor"), std::string::npos) << t.dump() << notes;
        }
    }
    EXPECT_NEAR(played, duration, 1e-6);  // the plot's lanes end where the mix does
    EXPECT_TRUE(std::filesystem::exists(png));
}

// Files deleted or moved since the library analysed them are skipped, each with a line; the
// set is made from the others.
TEST(SetLibrary, DeletedAndMovedFilesAreSkippedWithANote) {
    TempDir dir;
    const auto music = write_tracks(
        dir, {{120, {9, true}}, {122, {9, true}}, {121, {4, true}}, {123, {9, true}}, {124, {4, true}}, {119, {9, true}}},
        32);
    const auto db = (dir / "lib.sqlite").string();
    auto r = run_minidj({"analyze", music.string(), "--db", db}, dir.path());
    ASSERT_EQ(r.status, 0) << r.err;
    for (int i : {0, 2, 4}) std::filesystem::remove(music / fmt::format("t{}.flac", i));
    std::filesystem::create_directories(dir / "elsewhere");
    std::filesystem::rename(music / "t1.flac", dir / "elsewhere" / "t1.flac");
    r = run_minidj({"set", "--tracks", "2", "--plan-only", "--db", db}, dir.path());
    ASSERT_EQ(r.status, 0) << r.err;
    const auto plan = nlohmann::json::parse(r.out);
    EXPECT_EQ(plan["tracks"].size(), 2u);
    for (int i : {0, 1, 2, 4}) {
        EXPECT_NE(r.err.find(fmt::format("t{}.flac: the file is gone", i)), std::string::npos) << r.err;
    }
    EXPECT_EQ(r.err.find("failed to decode"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace minidj::test
