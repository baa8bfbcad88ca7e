// Cue choice from the tracks' structure (render/cues.cpp): A leaves in its outro, B enters in its
// intro with its first drop landing as the overlap ends, and two drops never sound together
// when a shorter overlap avoids it. Hand-made analyses with a flat energy curve, so that the
// sections alone decide.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "minidj/render.h"
#include "minidj/structure.h"

namespace minidj {
namespace {

constexpr double kBar = 2.0;  // 120 BPM in 4/4

struct Part {
    SectionLabel label;
    int bars;
};

// A track of `parts` at 120 BPM from 0 s, 1 s of ring-out after its last bar.
TrackAnalysis track_of(const std::string& path, const std::vector<Part>& parts) {
    TrackAnalysis t;
    t.path = path;
    int bars = 0;
    for (const Part& p : parts) {
        t.structure.sections.push_back({bars * kBar, (bars + p.bars) * kBar, p.label, 7, p.bars});
        bars += p.bars;
    }
    for (int beat = 0; beat < bars * 4; ++beat) t.grid.beats.push_back(beat * kBar / 4);
    for (int bar = 0; bar < bars; ++bar) t.grid.downbeats.push_back(bar * kBar);
    t.grid.bpm = 120.0;
    t.grid.confidence = 1.0;
    t.duration_s = bars * kBar + 1.0;
    t.energy_curve.assign(std::size_t(t.duration_s), 0.1f);
    t.loudness.integrated_lufs = -10.0;
    t.structure.phrases = phrase_starts(t.structure.sections, t.grid.downbeats);
    if (parts.front().label == SectionLabel::kIntro) t.structure.mix_in = CuePoint{0.0, "the intro's start"};
    for (const SongSection& s : t.structure.sections) {
        if (s.label == SectionLabel::kOutro) t.structure.mix_out = CuePoint{s.start_s, "the outro's start"};
    }
    return t;
}

using L = SectionLabel;

TEST(StructureCues, ALeavesInItsOutroAndBsFirstDropLandsAsTheOverlapEnds) {
    const TrackAnalysis a = track_of("a.wav", {{L::kIntro, 16}, {L::kDrop, 64}, {L::kOutro, 16}});
    const TrackAnalysis b = track_of("b.wav", {{L::kIntro, 16}, {L::kBuild, 8}, {L::kDrop, 64}, {L::kOutro, 8}});
    auto plan = plan_transition(a, b);
    ASSERT_TRUE(plan.ok()) << plan.error().message;
    EXPECT_EQ(plan->bars, 16);
    EXPECT_DOUBLE_EQ(plan->cue_out_s, 80 * kBar);
    EXPECT_EQ(plan->cue_out_why, "the outro's start");
    // B enters 8 bars into its intro: 16 bars later, as A has gone, its drop (bar 24) starts.
    EXPECT_DOUBLE_EQ(plan->cue_in_s, 8 * kBar);
    EXPECT_EQ(plan->cue_in_why, "a phrase in its intro (from 0:00.0); its first drop (0:48.0) lands as the overlap ends");
    EXPECT_TRUE(plan->notes.empty());
    // The plan file keeps the reasons.
    auto back = plan_from_json(to_json(*plan));
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(back->cue_in_why, plan->cue_in_why);
}

TEST(StructureCues, AShorterOverlapIsTakenWhereTheAskedOneWouldLayDropOverDrop) {
    // A's outro is 8 bars: 16 bars out of A start in its drop. B's drop starts at bar 8.
    const TrackAnalysis a = track_of("a.wav", {{L::kIntro, 16}, {L::kDrop, 72}, {L::kOutro, 8}});
    const TrackAnalysis b = track_of("b.wav", {{L::kIntro, 8}, {L::kDrop, 64}, {L::kOutro, 8}});
    auto plan = plan_transition(a, b);
    ASSERT_TRUE(plan.ok()) << plan.error().message;
    EXPECT_EQ(plan->bars, 8);
    EXPECT_DOUBLE_EQ(plan->cue_out_s, 88 * kBar);
    EXPECT_DOUBLE_EQ(plan->cue_in_s, 0.0);
    ASSERT_EQ(plan->notes.size(), 1u);
    EXPECT_EQ(plan->notes[0], "overlap shortened to 8 bars: at 16 A's drop (or chorus) and B's would sound together");
}

// A song's chorus is its drop: the same geometry with choruses is shortened the same way, and
// B's first chorus is what lands as the overlap ends.
TEST(StructureCues, AChorusCountsAsADrop) {
    const TrackAnalysis a = track_of("a.wav", {{L::kIntro, 16}, {L::kVerse, 16}, {L::kChorus, 56}, {L::kOutro, 8}});
    const TrackAnalysis b = track_of("b.wav", {{L::kIntro, 8}, {L::kChorus, 64}, {L::kOutro, 8}});
    auto plan = plan_transition(a, b);
    ASSERT_TRUE(plan.ok()) << plan.error().message;
    EXPECT_EQ(plan->bars, 8);
    ASSERT_EQ(plan->notes.size(), 1u);
    EXPECT_EQ(plan->notes[0], "overlap shortened to 8 bars: at 16 A's drop (or chorus) and B's would sound together");
    EXPECT_NE(plan->cue_in_why.find("its first chorus (0:16.0)"), std::string::npos) << plan->cue_in_why;
}

TEST(StructureCues, DropOverDropThatNothingAvoidsIsSaid) {
    const TrackAnalysis a = track_of("a.wav", {{L::kIntro, 16}, {L::kDrop, 80}});
    const TrackAnalysis b = track_of("b.wav", {{L::kDrop, 80}, {L::kOutro, 16}});
    auto plan = plan_transition(a, b);
    ASSERT_TRUE(plan.ok()) << plan.error().message;
    EXPECT_EQ(plan->bars, 16);
    ASSERT_EQ(plan->notes.size(), 1u);
    EXPECT_EQ(plan->notes[0], "A's drop (or chorus) and B's overlap: no cues or shorter overlap avoid it");
}

TEST(StructureCues, OverridesWinAndSayThey) {
    const TrackAnalysis a = track_of("a.wav", {{L::kIntro, 16}, {L::kDrop, 64}, {L::kOutro, 16}});
    const TrackAnalysis b = track_of("b.wav", {{L::kIntro, 16}, {L::kDrop, 64}});
    PlanOptions po;
    po.out_at_s = 100.3;
    po.in_at_s = 4.1;
    auto plan = plan_transition(a, b, po);
    ASSERT_TRUE(plan.ok());
    EXPECT_DOUBLE_EQ(plan->cue_out_s, 100.0);
    EXPECT_DOUBLE_EQ(plan->cue_in_s, 4.0);
    EXPECT_EQ(plan->cue_out_why, "given (--out-at)");
    EXPECT_EQ(plan->cue_in_why, "given (--in-at)");
}

// Bars of 2 and 4 beats line up: no echo-out fallback between them.
TEST(StructureCues, TwoFourIntoFourFourIsABlend) {
    TrackAnalysis a = track_of("a.wav", {{L::kIntro, 16}, {L::kDrop, 64}, {L::kOutro, 16}});
    const TrackAnalysis b = track_of("b.wav", {{L::kIntro, 16}, {L::kDrop, 64}});
    a.grid.meter = 2;
    a.grid.downbeats.clear();
    for (std::size_t i = 0; i < a.grid.beats.size(); i += 2) a.grid.downbeats.push_back(a.grid.beats[i]);
    auto plan = plan_transition(a, b);
    ASSERT_TRUE(plan.ok());
    EXPECT_EQ(plan->style, MixStyle::kBassSwap);
    EXPECT_EQ(plan->meter, 4);
    a.grid.meter = 3;
    EXPECT_EQ(plan_transition(a, b)->style, MixStyle::kEchoOut);
}

}  // namespace
}  // namespace minidj
