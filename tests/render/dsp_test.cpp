// The deck path's DSP on hand-made signals: the EQ's flat setting and band kills, the limiter's
// ceiling and transparency, and the null test of the whole flat path.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

#include "render/eq.h"
#include "render/limiter.h"

namespace minidj::render {
namespace {

constexpr int kRate = 44100;

std::vector<float> stereo_noise(std::size_t frames, float level, std::uint32_t seed = 7) {
    std::vector<float> x(2 * frames);
    for (auto& v : x) {
        seed = seed * 1664525u + 1013904223u;
        v = level * (float(seed >> 8) / float(1u << 24) * 2.0f - 1.0f);
    }
    return x;
}

std::vector<float> stereo_sine(std::size_t frames, double hz, double amplitude,
                               double phase = 0.0) {
    std::vector<float> x(2 * frames);
    for (std::size_t i = 0; i < frames; ++i) {
        x[2 * i] = x[2 * i + 1] =
            float(amplitude * std::sin(2 * std::numbers::pi * hz * double(i) / kRate + phase));
    }
    return x;
}

double rms(const std::vector<float>& x, std::size_t from_frame = 0) {
    double s = 0;
    for (std::size_t i = 2 * from_frame; i < x.size(); ++i) s += double(x[i]) * x[i];
    return std::sqrt(s / double(x.size() - 2 * from_frame));
}

// The reference a flat LR4 isolator must equal: the input through both crossovers' allpasses.
std::vector<float> allpass_reference(const std::vector<float>& x) {
    auto out = x;
    for (int c = 0; c < 2; ++c) {
        auto lo = Biquad::design(Biquad::Kind::kAllPass, ThreeBandEq::kLowCrossover, kRate);
        auto hi = Biquad::design(Biquad::Kind::kAllPass, ThreeBandEq::kHighCrossover, kRate);
        for (std::size_t i = 0; i < x.size() / 2; ++i) {
            out[2 * i + c] = float(hi.process(lo.process(x[2 * i + c])));
        }
    }
    return out;
}

double null_db(const std::vector<float>& x, const std::vector<float>& reference) {
    std::vector<float> diff(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) diff[i] = x[i] - reference[i];
    return 20 * std::log10(rms(diff) / rms(reference));
}

TEST(ThreeBandEq, FlatIsTheCrossoverAllpassToBelowMinus60dB) {
    const auto x = stereo_noise(kRate * 2, 0.5f);
    auto y = x;
    ThreeBandEq eq(kRate);
    eq.process(y.data(), y.size() / 2, {}, {});
    EXPECT_LT(null_db(y, allpass_reference(x)), -60.0);
}

TEST(ThreeBandEq, FlatMagnitudeIsOneAtEveryFrequency) {
    for (double hz : {40.0, 200.0, 800.0, 2500.0, 8000.0}) {
        auto y = stereo_sine(kRate, hz, 0.5);
        ThreeBandEq eq(kRate);
        eq.process(y.data(), y.size() / 2, {}, {});
        EXPECT_NEAR(20 * std::log10(rms(y, kRate / 2) / (0.5 / std::sqrt(2.0))), 0.0, 0.05)
            << hz << " Hz";
    }
}

TEST(ThreeBandEq, KillsEachBand) {
    struct Case {
        double hz;
        BandGains gains;
    };
    for (const auto& c : {Case{50, {0, 1, 1}}, Case{1000, {1, 0, 1}}, Case{10000, {1, 1, 0}}}) {
        auto y = stereo_sine(kRate, c.hz, 0.5);
        ThreeBandEq eq(kRate);
        eq.process(y.data(), y.size() / 2, c.gains, c.gains);
        EXPECT_LT(20 * std::log10(rms(y, kRate / 2) / (0.5 / std::sqrt(2.0))), -24.0)
            << c.hz << " Hz";
    }
    // The bands left alone pass.
    auto y = stereo_sine(kRate, 1000, 0.5);
    ThreeBandEq eq(kRate);
    eq.process(y.data(), y.size() / 2, {0, 1, 0}, {0, 1, 0});
    EXPECT_GT(20 * std::log10(rms(y, kRate / 2) / (0.5 / std::sqrt(2.0))), -1.0);
}

TEST(TruePeakLimiter, KeepsAHotSignalUnderTheCeiling) {
    // A sine at fs/4 with a 45 degree phase: samples at 0.707 of an inter-sample peak of 2.0.
    const auto x = stereo_sine(kRate, kRate / 4.0, 2.0, std::numbers::pi / 4);
    TruePeakLimiter limiter(kRate, -1.5);
    std::vector<float> y;
    limiter.process(x.data(), x.size() / 2, y);
    limiter.finish(y);
    ASSERT_EQ(y.size(), x.size());
    double peak = 0;
    for (float v : y) peak = std::max(peak, double(std::abs(v)));
    // fs/4 with this phase has its true peak sqrt(2) above the samples.
    EXPECT_LE(20 * std::log10(peak * std::sqrt(2.0)), -1.0);
    EXPECT_LT(limiter.min_gain(), 0.5);
}

TEST(TruePeakLimiter, FlatDeckPathNullsAgainstTheInput) {
    // Deck path with every band flat and no stretch: EQ, unity fader, limiter below its
    // ceiling. It must equal the input (through the crossover allpass, delayed by the
    // limiter's latency) to -60 dB.
    const auto x = stereo_noise(kRate * 2, 0.3f);
    auto y = x;
    ThreeBandEq eq(kRate);
    eq.process(y.data(), y.size() / 2, {}, {});
    TruePeakLimiter limiter(kRate, -1.5);
    std::vector<float> out;
    limiter.process(y.data(), y.size() / 2, out);
    limiter.finish(out);
    ASSERT_EQ(out.size(), x.size());
    EXPECT_DOUBLE_EQ(limiter.min_gain(), 1.0);
    EXPECT_LT(null_db(out, allpass_reference(x)), -60.0);
}

}  // namespace
}  // namespace minidj::render
