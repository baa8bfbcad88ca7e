// Set plans on generated tracks: chaining, one loudness, JSON round trip and the errors a
// person editing a plan file gets; the tracklist formats.
#include <gtest/gtest.h>

#include <fstream>

#include "minidj/set.h"
#include "render/mix_pair.h"

namespace minidj {
namespace {

std::vector<const TrackAnalysis*> three_tracks() {
    return {&test::shared_track(120.0, gen::Style::kHouse, 1).analysis,
            &test::shared_track(124.0, gen::Style::kTechno, 2).analysis,
            &test::shared_track(118.0, gen::Style::kHouse, 3).analysis};
}

TEST(SetPlan, TransitionsChainAndShareOneLoudness) {
    const auto tracks = three_tracks();
    auto plan = plan_set_transitions(tracks, SetTransitionOptions{});
    ASSERT_TRUE(plan.ok()) << plan.error().message;
    const auto& p = plan.value();
    ASSERT_EQ(p.transitions.size(), 2u);
    EXPECT_TRUE(p.validate().ok());
    for (std::size_t i = 0; i < 2; ++i) {
        EXPECT_EQ(p.transitions[i].track_a, tracks[i]->path);
        EXPECT_EQ(p.transitions[i].track_b, tracks[i + 1]->path);
        // A track's gain is the same as the outgoing and as the incoming deck.
        EXPECT_DOUBLE_EQ(p.transitions[i].gain_a_db, p.gain_db[i]);
        EXPECT_DOUBLE_EQ(p.transitions[i].gain_b_db, p.gain_db[i + 1]);
        EXPECT_NEAR(tracks[i]->loudness.integrated_lufs + p.gain_db[i], p.target_lufs, 1e-9);
    }
    // The middle track's mix-out comes after its mix-in has ended.
    const auto& in = p.transitions[0];
    EXPECT_GT(p.transitions[1].cue_out_s, in.cue_in_s + in.overlap_beats() * 60.0 / in.bpm_b);
    const auto list = estimated_tracklist(p);
    ASSERT_EQ(list.size(), 3u);
    EXPECT_EQ(list[0].start_s, 0.0);
    EXPECT_LT(list[0].start_s, list[1].start_s);
    EXPECT_LT(list[1].start_s, list[2].start_s);
}

TEST(SetPlan, JsonRoundTripAndFieldErrors) {
    auto plan = plan_set_transitions(three_tracks(), SetTransitionOptions{});
    ASSERT_TRUE(plan.ok());
    auto json = to_json(plan.value());
    auto back = set_plan_from_json(json);
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back.value().tracks, plan.value().tracks);
    EXPECT_EQ(back.value().transitions[1].cue_out_s, plan.value().transitions[1].cue_out_s);

    auto swapped = json;
    swapped["transitions"][1]["track_a"] = "/elsewhere.flac";
    auto bad = set_plan_from_json(swapped);
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find("transitions[1]"), std::string::npos) << bad.error().message;

    auto short_list = json;
    short_list["tracks"].erase(2);
    bad = set_plan_from_json(short_list);
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find("transitions"), std::string::npos) << bad.error().message;

    auto bars = json;
    bars["transitions"][0]["bars"] = 0;
    bad = set_plan_from_json(bars);
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find("transitions[0]"), std::string::npos) << bad.error().message;
}

TEST(SetPlan, MalformedFileNamesTheLine) {
    test::TempDir dir;
    const auto file = dir.path() / "plan.json";
    std::ofstream(file) << "{\n  \"minidj_set\": 1,\n  \"tracks\": [\"a.flac\",, \"b.flac\"]\n}\n";
    auto plan = read_set_plan(file);
    ASSERT_FALSE(plan.ok());
    EXPECT_NE(plan.error().message.find("line 3"), std::string::npos) << plan.error().message;
    EXPECT_FALSE(read_set_plan(dir.path() / "missing.json").ok());
}

TEST(Tracklist, CueSheetAndPlaylist) {
    const std::vector<TracklistEntry> entries = {{"/m/One \"1\".flac", 0.0}, {"/m/Two.flac", 125.52}};
    const auto cue = cue_sheet("/out/mix.flac", entries);
    EXPECT_NE(cue.find("FILE \"mix.flac\" WAVE"), std::string::npos) << cue;
    EXPECT_NE(cue.find("TRACK 02 AUDIO"), std::string::npos);
    EXPECT_NE(cue.find("INDEX 01 02:05:39"), std::string::npos) << cue;  // 125.52 s = 2 min 5 s 39/75
    EXPECT_NE(cue.find("TITLE \"One '1'\""), std::string::npos) << cue;
    const auto m3u = m3u8_playlist(entries, {200.4, 180.0});
    EXPECT_EQ(m3u, "#EXTM3U\n#EXTINF:200,One \"1\"\n/m/One \"1\".flac\n#EXTINF:180,Two\n/m/Two.flac\n");
}

}  // namespace
}  // namespace minidj
