// The fast true-peak meter against libebur128's (the reference implementation).
#include <ebur128.h>
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "analysis/test_signals.h"
#include "analysis/true_peak.h"

namespace minidj::analysis {
namespace {

double reference_true_peak(const std::vector<float>& x, int rate, int channels) {
    ebur128_state* s = ebur128_init(unsigned(channels), unsigned(rate), EBUR128_MODE_TRUE_PEAK);
    ebur128_add_frames_float(s, x.data(), x.size() / std::size_t(channels));
    double peak = 0, v = 0;
    for (int c = 0; c < channels; ++c) {
        ebur128_true_peak(s, unsigned(c), &v);
        peak = std::max(peak, v);
    }
    ebur128_destroy(&s);
    return peak;
}

double measure(const std::vector<float>& x, int rate, int channels, std::size_t block) {
    TruePeakMeter meter(rate, channels);
    const std::size_t frames = x.size() / std::size_t(channels);
    for (std::size_t f = 0; f < frames; f += block) {
        meter.process(x.data() + f * std::size_t(channels), std::min(block, frames - f));
    }
    meter.finish();
    return meter.true_peak();
}

TEST(TruePeak, InterSamplePeakOfAQuarterRateSineMatchesLibebur128) {
    // A sine at fs/4 sampled 45 degrees off its peaks: samples at 0.707, true peak 1.0 (+3 dB).
    const int rate = 48000;
    std::vector<float> x(std::size_t(rate) * 2);
    for (std::size_t i = 0; i < x.size() / 2; ++i) {
        const float v = float(0.5 * std::sin(std::numbers::pi / 2 * double(i) + std::numbers::pi / 4));
        x[2 * i] = x[2 * i + 1] = v;
    }
    const double ours = measure(x, rate, 2, 1000);
    EXPECT_NEAR(20 * std::log10(ours), 20 * std::log10(reference_true_peak(x, rate, 2)), 0.2);
    EXPECT_GT(20 * std::log10(ours), 20 * std::log10(0.5 * std::sqrt(0.5)) + 2.5);  // above the samples
}

TEST(TruePeak, MusicLikeSignalsAgreeWithLibebur128AtEveryRate) {
    for (int rate : {44100, 96000, 192000}) {
        auto x = test::click_track(128.0, 10.0, rate);
        const auto n = test::noise(0.2, 10.0, rate, 2);
        for (std::size_t i = 0; i < x.size(); ++i) x[i] += n[i];
        const double ours = 20 * std::log10(measure(x, rate, 2, 4096));
        const double reference = 20 * std::log10(reference_true_peak(x, rate, 2));
        EXPECT_NEAR(ours, reference, 0.3) << rate << " Hz";
    }
}

TEST(TruePeak, BlockSizeDoesNotChangeTheResult) {
    const auto x = test::noise(0.5, 3.0, 44100, 1);
    EXPECT_DOUBLE_EQ(measure(x, 44100, 1, 7), measure(x, 44100, 1, 100000));
}

TEST(TruePeak, SilenceIsZero) {
    const std::vector<float> x(44100, 0.0f);
    EXPECT_EQ(measure(x, 44100, 1, 512), 0.0);
}

}  // namespace
}  // namespace minidj::analysis
