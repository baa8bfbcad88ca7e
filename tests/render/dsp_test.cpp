// The deck path's DSP on hand-made signals: the EQ's flat setting and band kills, the limiter's
// ceiling and transparency, and the null test of the whole flat path.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

#include <ebur128.h>

#include "render/eq.h"
#include "render/limiter.h"
#include "render/measure.h"

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

TEST(TruePeakLimiter, BlockSizeDoesNotChangeTheOutput) {
    // A hot signal whose peaks are limited: fed in 1024-frame blocks (as render_set does) or
    // 7-frame blocks, every block edge takes the slow path near the newest frame.
    auto x = stereo_noise(kRate, 0.6f);
    const auto sine = stereo_sine(kRate, 3000.0, 0.6);
    for (std::size_t i = 0; i < x.size(); ++i) x[i] += sine[i];
    std::vector<std::vector<float>> outs;
    for (std::size_t block : {std::size_t(1024), std::size_t(7), x.size() / 2}) {
        TruePeakLimiter limiter(kRate, -1.5);
        std::vector<float> y;
        for (std::size_t at = 0; at < x.size() / 2; at += block) {
            limiter.process(x.data() + 2 * at, std::min(block, x.size() / 2 - at), y);
        }
        limiter.finish(y);
        EXPECT_LT(limiter.min_gain(), 0.9);
        outs.push_back(std::move(y));
    }
    ASSERT_EQ(outs[0].size(), x.size());
    EXPECT_EQ(outs[0], outs[1]);
    EXPECT_EQ(outs[0], outs[2]);
}

TEST(StreamMeasurer, ShortTermCurveEqualsLibebur128s) {
    // Noise whose level steps every second: the curve kept from 0.1 s readings must read what
    // libebur128's own 3 s short-term loudness reads at every step.
    std::vector<float> x;
    for (float level : {0.05f, 0.4f, 0.1f, 0.02f, 0.3f, 0.3f, 0.0f, 0.2f}) {
        const auto part = stereo_noise(kRate, level, std::uint32_t(level * 1000) + 3);
        x.insert(x.end(), part.begin(), part.end());
    }
    auto measurer = StreamMeasurer::create(kRate, 2);
    ASSERT_TRUE(measurer);
    for (std::size_t at = 0; at < x.size() / 2; at += 1000) {
        measurer.value()->add(x.data() + 2 * at, std::min<std::size_t>(1000, x.size() / 2 - at));
    }
    const auto measured = measurer.value()->finish();
    ebur128_state* reference = ebur128_init(2, kRate, EBUR128_MODE_S | EBUR128_MODE_I);
    std::vector<double> expected;
    for (std::size_t at = 0; at + kRate / 10 <= x.size() / 2; at += kRate / 10) {
        ebur128_add_frames_float(reference, x.data() + 2 * at, kRate / 10);
        double st = -70.0;
        ebur128_loudness_shortterm(reference, &st);
        expected.push_back(std::isfinite(st) ? std::max(st, -70.0) : -70.0);
    }
    double integrated = 0.0;
    ebur128_loudness_global(reference, &integrated);
    ebur128_destroy(&reference);
    ASSERT_EQ(measured.short_term_curve.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        EXPECT_NEAR(measured.short_term_curve[i], expected[i], 0.01) << "reading " << i;
    }
    EXPECT_NEAR(measured.integrated_lufs, integrated, 1e-9);
    EXPECT_NEAR(measured.duration_s, 8.0, 1e-9);
}

}  // namespace
}  // namespace minidj::render
