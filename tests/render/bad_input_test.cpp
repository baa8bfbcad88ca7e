// Bad input: a track without a beat gets the fallback blend (never a crash), the other styles
// render, and a failed render leaves no file under the output name.
#include <gtest/gtest.h>

#include <cmath>

#include "analysis/test_signals.h"
#include "minidj/render.h"
#include "render/mix_pair.h"

namespace minidj {
namespace {

// 40 s of pink-ish noise with a slow swell: no beat.
std::filesystem::path write_noise(const test::TempDir& dir) {
    const int rate = 44100;
    std::vector<float> x(std::size_t(2 * 40 * rate));
    std::uint32_t seed = 5;
    float smooth = 0;
    for (std::size_t i = 0; i < x.size() / 2; ++i) {
        seed = seed * 1664525u + 1013904223u;
        smooth = 0.97f * smooth + 0.03f * (float(seed >> 8) / float(1u << 24) * 2.0f - 1.0f);
        const float swell = 0.6f + 0.4f * float(std::sin(double(i) / rate * 0.3));
        x[2 * i] = x[2 * i + 1] = 2.0f * smooth * swell;
    }
    const auto path = dir / "noise.wav";
    EXPECT_TRUE(write_audio_file(path, x.data(), x.size() / 2, rate, 2).ok());
    return path;
}

TEST(BadInput, NoBeatGivesTheFallbackBlendAndAFile) {
    test::TempDir dir;
    const auto noise = write_noise(dir);
    auto an = analyze_file(noise);
    ASSERT_TRUE(an.ok()) << an.error().message;
    const auto& a = test::shared_track(124, gen::Style::kHouse, 11);
    for (bool noise_first : {true, false}) {
        const auto& first = noise_first ? an.value() : a.analysis;
        const auto& second = noise_first ? a.analysis : an.value();
        PlanOptions po;
        po.before_s = po.after_s = 3;
        auto plan = plan_transition(first, second, po);
        ASSERT_TRUE(plan.ok()) << plan.error().message;
        EXPECT_FALSE(plan->stretch);
        ASSERT_FALSE(plan->notes.empty());
        // Noise may show a tempo, but never one both beat readers find.
        EXPECT_TRUE(plan->notes[0].find("no steady beat") != std::string::npos ||
                    plan->notes[0].find("beats are a guess") != std::string::npos)
            << plan->notes[0];
        RenderOptions ro;
        ro.output = dir / (noise_first ? "n-a.wav" : "a-n.wav");
        auto report = render_transition(first, second, plan.value(), ro);
        ASSERT_TRUE(report.ok()) << report.error().message;
        EXPECT_TRUE(std::filesystem::exists(ro.output));
        EXPECT_LE(report->true_peak_dbtp, -1.0);
        EXPECT_EQ(report->clipped_samples, 0u);
        EXPECT_FALSE(report->stretched);
    }
}

// A track whose beats the analyser's two readers place half a beat apart (loud off-beat bursts
// over chords, HandSignals.WhereTheNetworksPhaseIsWrongItsConfidenceIsLow): its grid is a
// guess, so it is not beat-matched (A echoes out), and the plan says why.
TEST(BadInput, ATrackWhoseBeatsAreAGuessIsNotBeatMatched) {
    const auto mono = test::offbeat_accents_over_chords(100.0, 40.0, 44100);
    auto b = analyze_samples(mono.data(), mono.size(), 44100, 1);
    ASSERT_TRUE(b.ok()) << b.error().message;
    b->path = "offbeats.wav";  // planned, not rendered: the plan only names it
    ASSERT_GT(b->grid.bpm, 0.0);
    ASSERT_LT(b->grid.confidence, kMinBeatMatchConfidence);
    const auto& a = test::shared_track(124, gen::Style::kHouse, 11);
    ASSERT_GE(a.analysis.grid.confidence, kMinBeatMatchConfidence);
    auto plan = plan_transition(a.analysis, b.value());
    ASSERT_TRUE(plan.ok()) << plan.error().message;
    EXPECT_FALSE(plan->stretch);
    EXPECT_EQ(plan->style, MixStyle::kEchoOut);
    ASSERT_FALSE(plan->notes.empty());
    EXPECT_NE(plan->notes[0].find("B's beats are a guess"), std::string::npos) << plan->notes[0];
}

TEST(BadInput, CutAndEchoOutRender) {
    const auto& a = test::shared_track(124, gen::Style::kHouse, 11);
    const auto& b = test::shared_track(139, gen::Style::kTechno, 12);
    test::TempDir dir;
    for (auto style : {MixStyle::kCut, MixStyle::kEchoOut}) {
        PlanOptions po;
        po.style = style;
        po.before_s = po.after_s = 3;
        auto plan = plan_transition(a.analysis, b.analysis, po).value();
        EXPECT_EQ(plan.style, style);
        RenderOptions ro;
        ro.output = dir / (style_name(style) + ".wav");
        auto report = render_transition(a.analysis, b.analysis, plan, ro);
        ASSERT_TRUE(report.ok()) << report.error().message;
        EXPECT_LE(report->true_peak_dbtp, -1.0);
        EXPECT_NEAR(report->duration_s - report->transition_end_s, 3.0, 0.05);
    }
}

TEST(BadInput, UnreadableTrackFailsWithoutAnOutputFile) {
    const auto& a = test::shared_track(124, gen::Style::kHouse, 11);
    test::TempDir dir;
    auto plan = plan_transition(a.analysis, a.analysis).value();
    plan.track_b = (dir / "gone.wav").string();
    RenderOptions ro;
    ro.output = dir / "out.wav";
    auto report = render_transition(a.analysis, a.analysis, plan, ro);
    ASSERT_FALSE(report.ok());
    EXPECT_NE(report.error().message.find("gone.wav"), std::string::npos) << report.error().message;
    EXPECT_FALSE(std::filesystem::exists(ro.output));
    EXPECT_TRUE(test::part_files(dir.path()).empty());
}

TEST(BadInput, CancelStopsAndLeavesNoFile) {
    const auto& a = test::shared_track(124, gen::Style::kHouse, 11);
    const auto& b = test::shared_track(128, gen::Style::kTechno, 12);
    test::TempDir dir;
    PlanOptions po;
    po.style = MixStyle::kCut;
    auto plan = plan_transition(a.analysis, b.analysis, po).value();
    std::atomic<bool> cancel{true};
    RenderOptions ro;
    ro.output = dir / "out.wav";
    ro.cancel = &cancel;
    auto report = render_transition(a.analysis, b.analysis, plan, ro);
    ASSERT_FALSE(report.ok());
    EXPECT_EQ(report.error().message, "mix: cancelled");
    EXPECT_FALSE(std::filesystem::exists(ro.output));
    EXPECT_TRUE(test::part_files(dir.path()).empty());
}

}  // namespace
}  // namespace minidj
