// The loudness analyser's own BS.1770 meter (short-term curve, integrated loudness, loudness
// range) against libebur128's readings (the reference implementation) on noise whose level
// steps every two seconds, at common and odd rates, stereo and mono.
#include <ebur128.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "analysis/loudness_analyzer.h"

namespace minidj::analysis {
namespace {

struct Format {
    int rate;
    int channels;
};

class Loudness : public ::testing::TestWithParam<Format> {};

TEST_P(Loudness, ShortTermCurveIntegratedAndRangeEqualLibebur128s) {
    const auto [rate, channels] = GetParam();
    const auto ch = std::size_t(channels);
    std::vector<float> x;
    std::uint32_t seed = 11;
    for (float level : {0.05f, 0.4f, 0.1f, 0.02f, 0.3f, 0.3f, 0.0f, 0.2f, 0.6f, 0.01f}) {
        for (int i = 0; i < 2 * rate * channels; ++i) {
            seed = seed * 1664525u + 1013904223u;
            x.push_back(level * (float(seed >> 8) / float(1u << 24) * 2.0f - 1.0f));
        }
    }
    const std::size_t frames = x.size() / ch;
    LoudnessAnalyzer analyzer(rate, channels);
    for (std::size_t at = 0; at < frames; at += 777) {
        analyzer.process(x.data() + ch * at, std::min<std::size_t>(777, frames - at));
    }
    const auto stats = analyzer.finish();

    ebur128_state* reference = ebur128_init(unsigned(channels), unsigned(rate),
                                            EBUR128_MODE_S | EBUR128_MODE_I | EBUR128_MODE_LRA);
    std::vector<double> expected;
    for (std::size_t at = 0; at + std::size_t(rate) <= frames; at += std::size_t(rate)) {
        ebur128_add_frames_float(reference, x.data() + ch * at, std::size_t(rate));
        double st = -70.0;
        ebur128_loudness_shortterm(reference, &st);
        expected.push_back(std::isfinite(st) ? std::max(st, -70.0) : -70.0);
    }
    double integrated = 0.0, range = 0.0;
    ebur128_loudness_global(reference, &integrated);
    ebur128_loudness_range(reference, &range);
    ebur128_destroy(&reference);

    ASSERT_EQ(stats.short_term_lufs.size(), expected.size());
    // At 11025 Hz libebur128's 3 s are 30 x 1103 frames, 15 more than ours: where the level
    // steps, its reading includes a little of the step before.
    const double tolerance = rate % 10 == 0 ? 0.01 : 0.1;
    for (std::size_t i = 0; i < expected.size(); ++i) {
        EXPECT_NEAR(stats.short_term_lufs[i], expected[i], tolerance) << "second " << i + 1;
    }
    EXPECT_NEAR(stats.integrated_lufs, integrated, 1e-6);
    EXPECT_NEAR(stats.range_lu, range, 1e-6);
    EXPECT_GT(stats.range_lu, 3.0);  // the steps are there to be measured
}

INSTANTIATE_TEST_SUITE_P(Formats, Loudness,
                         ::testing::Values(Format{44100, 2}, Format{48000, 1}, Format{11025, 2}, Format{96000, 2}),
                         [](const auto& info) {
                             return std::to_string(info.param.rate) + "Hz_" + std::to_string(info.param.channels) + "ch";
                         });

}  // namespace
}  // namespace minidj::analysis

namespace minidj::analysis {
namespace {

// At rates too low to hold the K-weighting's 1.7 kHz shelf (libebur128's formula turns unstable
// there) the meter still reads a sine near its plain BS.1770 level, -0.691 + 10 log10(A^2 / 2):
// within 1.5 dB, because the high-pass keeps the standard's unnormalised [1, -2, 1] numerator,
// whose pass-band gain is 1 + K/Q + K^2 (+1 dB at 2 kHz, +0.05 dB at 44.1 kHz).
TEST(LoudnessAtLowRates, SineReadsItsLevel) {
    for (int rate : {2000, 3000, 8000}) {
        std::vector<float> x(std::size_t(rate) * 10);
        for (std::size_t i = 0; i < x.size(); ++i) x[i] = 0.5f * float(std::sin(2 * M_PI * 440.0 * double(i) / rate));
        LoudnessAnalyzer analyzer(rate, 1);
        analyzer.process(x.data(), x.size());
        const auto stats = analyzer.finish();
        EXPECT_NEAR(stats.integrated_lufs, -0.691 + 10 * std::log10(0.125), 1.5) << rate << " Hz";
    }
}

}  // namespace
}  // namespace minidj::analysis
