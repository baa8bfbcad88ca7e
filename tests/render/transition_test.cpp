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
};

class GeneratedPair : public ::testing::TestWithParam<PairCase> {};

TEST_P(GeneratedPair, BeatMatchedLoudnessSafe) {
    const auto c = GetParam();
    test::TempDir dir;
    const auto a = test::make_track(dir, "a.wav", test::song_spec(c.bpm_a, c.style_a, 11));
    const auto b = test::make_track(dir, "b.wav", test::song_spec(c.bpm_b, c.style_b, 12));
    PlanOptions po;
    po.bars = 8;
    po.before_s = 6;
    po.after_s = 6;
    auto plan = plan_transition(a.analysis, b.analysis, po);
    ASSERT_TRUE(plan.ok()) << plan.error().message;
    EXPECT_TRUE(plan->stretch);
    EXPECT_EQ(plan->style, MixStyle::kBassSwap);
    RenderOptions ro;
    ro.output = dir / "mix.wav";
    auto report = render_transition(a.analysis, b.analysis, plan.value(), ro);
    ASSERT_TRUE(report.ok()) << report.error().message;
    const auto& r = report.value();
    std::cout << to_json(r).dump() << "\n";
    EXPECT_TRUE(std::filesystem::exists(ro.output));
    EXPECT_FALSE(std::filesystem::exists(dir / "mix.wav.part"));
    EXPECT_GE(r.beats_measured, plan->overlap_beats() / 2);
    EXPECT_LE(r.phase_error_median_ms, 5.0);
    EXPECT_LE(r.phase_error_max_ms, 15.0);
    EXPECT_TRUE(r.downbeats_aligned);
    EXPECT_LE(r.loudness_dip_lu, 2.0);
    EXPECT_LE(r.loudness_bump_lu, 2.0);
    EXPECT_LE(r.true_peak_dbtp, -1.0);
    EXPECT_EQ(r.clipped_samples, 0u);
}

INSTANTIATE_TEST_SUITE_P(Pairs, GeneratedPair,
                         ::testing::Values(PairCase{124, 128, gen::Style::kHouse, gen::Style::kTechno},
                                           PairCase{139, 150, gen::Style::kTechno, gen::Style::kHouse},
                                           PairCase{96, 90, gen::Style::kHipHop, gen::Style::kHouse}));

}  // namespace
}  // namespace minidj
