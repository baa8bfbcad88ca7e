#include "analysis/true_peak.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numbers>

namespace minidj::analysis {
namespace {

constexpr std::size_t kTaps = TruePeakMeter::kTaps;
constexpr double kCandidateRatio = 0.5; // interpolate around samples above -6 dB of the max

// Windowed-sinc low-pass at the original Nyquist, split into `factor` phases: tap k of every
// phase side by side, one phase per lane (lanes past `factor` stay zero).
std::array<TruePeakMeter::Lanes, kTaps> design_taps(int factor) {
    const int length = int(kTaps) * factor;
    std::array<TruePeakMeter::Lanes, kTaps> taps{};
    for (int n = 0; n < length; ++n) {
        const double centre = (length - 1) / 2.0;
        const double x = (n - centre) / factor;
        const double sinc = std::abs(x) < 1e-12 ? 1.0 : std::sin(std::numbers::pi * x) / (std::numbers::pi * x);
        const double w = 0.5 - 0.5 * std::cos(2.0 * std::numbers::pi * (n + 0.5) / length);  // Hann
        taps[std::size_t(n / factor)][n % factor] = float(sinc * w);
    }
    return taps;
}

// max |x[i]|, four lanes at a time: a scalar max runs one dependent compare per sample.
double largest_magnitude(const float* x, std::size_t n) {
    using Lanes = TruePeakMeter::Lanes;
    Lanes best{};
    std::size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        Lanes v;
        std::memcpy(&v, x + i, sizeof v);
        v = v < 0 ? -v : v;
        best = best > v ? best : v;
    }
    float out = std::max(std::max(best[0], best[1]), std::max(best[2], best[3]));
    for (; i < n; ++i) out = std::max(out, std::abs(x[i]));
    return double(out);
}

}  // namespace

TruePeakMeter::TruePeakMeter(int sample_rate, int channels)
    : channels_(channels),
      factor_(sample_rate < 88200 ? 4 : sample_rate < 176400 ? 2 : 1),
      taps_(design_taps(factor_)),
      history_(kTaps * std::size_t(channels), 0.0f) {}

double TruePeakMeter::interpolated_peak(int channel, std::size_t frame) const {
    // Interpolated points between window frame `frame - 1` and `frame`, each from kTaps
    // neighbours centred on that gap: all phases at once, one per lane.
    Lanes acc{};
    const float* x = window_.data() + (frame - kTaps / 2) * std::size_t(channels_) + std::size_t(channel);
    for (std::size_t k = 0; k < kTaps; ++k) acc += taps_[k] * x[k * std::size_t(channels_)];
    float peak = 0.0f;
    for (int lane = 0; lane < 4; ++lane) peak = std::max(peak, std::abs(acc[lane]));
    return double(peak);
}

void TruePeakMeter::process(const float* interleaved, std::size_t frames) {
    const auto ch = std::size_t(channels_);
    sample_peak_ = std::max(sample_peak_, largest_magnitude(interleaved, frames * ch));
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
    const std::size_t keep = std::min(window_.size(), kTaps * ch);
    history_.assign(window_.end() - std::ptrdiff_t(keep), window_.end());
    history_.resize(kTaps * ch, 0.0f);
}

void TruePeakMeter::finish() {
    // The last kTaps/2 frames still wait for their right-hand neighbours: give them silence.
    const std::vector<float> silence(std::size_t(kTaps / 2 * channels_), 0.0f);
    const double sample_peak = sample_peak_;
    process(silence.data(), kTaps / 2);
    sample_peak_ = sample_peak;
}

}  // namespace minidj::analysis
