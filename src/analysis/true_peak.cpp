#include "analysis/true_peak.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace minidj::analysis {
namespace {

constexpr int kTaps = 12;               // per phase: 48 taps at 4x, as in BS.1770-4
constexpr double kCandidateRatio = 0.5; // interpolate around samples above -6 dB of the max

// Windowed-sinc low-pass at the original Nyquist, split into `factor` phases.
std::vector<std::vector<float>> design_phases(int factor) {
    const int length = kTaps * factor;
    auto phases = std::vector<std::vector<float>>(std::size_t(factor), std::vector<float>(kTaps));
    for (int n = 0; n < length; ++n) {
        const double centre = (length - 1) / 2.0;
        const double x = (n - centre) / factor;
        const double sinc = std::abs(x) < 1e-12 ? 1.0 : std::sin(std::numbers::pi * x) / (std::numbers::pi * x);
        const double w = 0.5 - 0.5 * std::cos(2.0 * std::numbers::pi * (n + 0.5) / length);  // Hann
        phases[std::size_t(n % factor)][std::size_t(n / factor)] = float(sinc * w);
    }
    return phases;
}

}  // namespace

TruePeakMeter::TruePeakMeter(int sample_rate, int channels)
    : channels_(channels),
      factor_(sample_rate < 88200 ? 4 : sample_rate < 176400 ? 2 : 1),
      phases_(design_phases(factor_)),
      history_(std::size_t(kTaps * channels), 0.0f) {}

double TruePeakMeter::interpolated_peak(int channel, std::size_t frame) const {
    // Interpolated points between window frame `frame - 1` and `frame`, each from kTaps
    // neighbours centred on that gap.
    double peak = 0.0;
    for (const auto& phase : phases_) {
        double acc = 0.0;
        for (int k = 0; k < kTaps; ++k) {
            const std::size_t f = frame + std::size_t(k) - kTaps / 2;
            acc += double(phase[std::size_t(k)]) * window_[f * std::size_t(channels_) + std::size_t(channel)];
        }
        peak = std::max(peak, std::abs(acc));
    }
    return peak;
}

void TruePeakMeter::process(const float* interleaved, std::size_t frames) {
    const auto ch = std::size_t(channels_);
    for (std::size_t i = 0; i < frames * ch; ++i) sample_peak_ = std::max(sample_peak_, double(std::abs(interleaved[i])));
    window_.assign(history_.begin(), history_.end());
    window_.insert(window_.end(), interleaved, interleaved + frames * ch);
    const std::size_t total = window_.size() / ch;
    // Frames whose full kTaps neighbourhood is available: [kTaps/2, total - kTaps/2].
    for (std::size_t f = kTaps / 2; f + kTaps / 2 <= total; ++f) {
        for (std::size_t c = 0; c < ch; ++c) {
            const double v = std::abs(window_[f * ch + c]);
            if (v < kCandidateRatio * true_peak_ && std::abs(window_[(f - 1) * ch + c]) < kCandidateRatio * true_peak_) {
                continue;
            }
            true_peak_ = std::max({true_peak_, v, factor_ > 1 ? interpolated_peak(int(c), f) : 0.0});
        }
    }
    const std::size_t keep = std::min(window_.size(), std::size_t(kTaps) * ch);
    history_.assign(window_.end() - std::ptrdiff_t(keep), window_.end());
    history_.resize(std::size_t(kTaps) * ch, 0.0f);
}

void TruePeakMeter::finish() {
    // The last kTaps/2 frames still wait for their right-hand neighbours: give them silence.
    const std::vector<float> silence(std::size_t(kTaps / 2 * channels_), 0.0f);
    const double sample_peak = sample_peak_;
    process(silence.data(), kTaps / 2);
    sample_peak_ = sample_peak;
}

}  // namespace minidj::analysis
