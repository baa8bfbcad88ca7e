// Generated pairs (90-150 BPM, up to 8 % apart) rendered for real, through Rubber Band, and
// measured on the written audio against the quality bar.
#include <gtest/gtest.h>

#include <cmath>

#include "minidj/render.h"
#include "render/mix_pair.h"

namespace minidj {
namespace {

struct PairCase {
    double bpm_a, bpm_b;
    gen::Style style_a, style_b;
    MixStyle mix = MixStyle::kBassSwap;
    StretchEngine engine = StretchEngine::kFiner;
};

class GeneratedPair : public ::testing::TestWithParam<PairCase> {};

TEST_P(GeneratedPair, BeatMatchedPhraseAlignedLoudnessSafe) {
    const auto c = GetParam();
    const auto& a = test::shared_track(c.bpm_a, c.style_a, 11);
    const auto& b = test::shared_track(c.bpm_b, c.style_b, 12);
    auto plan = plan_transition(a.analysis, b.analysis, test::eight_bar_plan(c.mix, 4));
    ASSERT_TRUE(plan.ok()) << plan.error().message;
    ASSERT_TRUE(plan->stretch) << (plan->notes.empty() ? "" : plan->notes[0]);
    EXPECT_EQ(plan->style, c.mix);
    // Cues on true downbeats, A's on a phrase boundary (a multiple of 8 bars) in its second half.
    const double out_db = test::nearest(a.truth.downbeats, plan->cue_out_s);
    EXPECT_NEAR(plan->cue_out_s, out_db, 0.02);
    const auto bar = std::find(a.truth.downbeats.begin(), a.truth.downbeats.end(), out_db) -
                     a.truth.downbeats.begin();
    EXPECT_EQ(bar % 8, 0) << "bar " << bar;
    EXPECT_GT(plan->cue_out_s, 0.4 * a.analysis.duration_s);
    EXPECT_NEAR(plan->cue_in_s, test::nearest(b.truth.downbeats, plan->cue_in_s), 0.02);

    test::TempDir dir;
    RenderOptions ro;
    ro.output = dir / "mix.flac";
    ro.engine = c.engine;
    auto report = render_transition(a.analysis, b.analysis, plan.value(), ro);
    ASSERT_TRUE(report.ok()) << report.error().message;
    const auto& r = report.value();
    std::cout << to_json(r).dump() << "\n";
    EXPECT_TRUE(std::filesystem::exists(ro.output));
    EXPECT_TRUE(test::part_files(dir.path()).empty());
    EXPECT_GE(r.beats_measured, plan->overlap_beats() / 2);
    EXPECT_LE(r.phase_error_median_ms, 5.0);
    EXPECT_LE(r.phase_error_max_ms, 15.0);
    EXPECT_TRUE(r.downbeats_aligned);
    EXPECT_EQ(r.bars_checked, plan->bars);
    EXPECT_LE(r.loudness_dip_lu, 2.0);
    EXPECT_LE(r.loudness_bump_lu, 2.0);
    EXPECT_LE(r.true_peak_dbtp, -1.0);
    EXPECT_EQ(r.clipped_samples, 0u);
    // 4 s of A, the overlap, 4 s of B.
    EXPECT_NEAR(r.transition_start_s, 4.0, 0.05);
    EXPECT_NEAR(r.duration_s - r.transition_end_s, 4.0, 0.05);
}

INSTANTIATE_TEST_SUITE_P(
    Pairs, GeneratedPair,
    ::testing::Values(PairCase{124, 128, gen::Style::kHouse, gen::Style::kTechno},
                      PairCase{139, 150, gen::Style::kTechno, gen::Style::kHouse},  // +7.9 %
                      PairCase{96, 90, gen::Style::kHipHop, gen::Style::kHouse},    // -6.3 %
                      PairCase{124, 128, gen::Style::kHouse, gen::Style::kTechno,
                               MixStyle::kFilter},
                      PairCase{96, 90, gen::Style::kHipHop, gen::Style::kHouse, MixStyle::kBassSwap,
                               StretchEngine::kFaster}));

}  // namespace
}  // namespace minidj
