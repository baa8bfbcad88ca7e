#include "analysis/bs1770_meter.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>

namespace minidj::analysis {
namespace {

constexpr double kAbsoluteGateLufs = -70.0;
constexpr double kIntegratedRelativeGateLu = -10.0;
constexpr double kRangeRelativeGateLu = -20.0;
constexpr std::size_t kBlocksPerGate = 4;        // 400 ms gating blocks
constexpr std::size_t kBlocksPerShortTerm = 30;  // 3 s
constexpr std::size_t kShortTermStepBlocks = 10; // the range's short-term blocks: every second

double to_lufs(double mean_square) { return -0.691 + 10.0 * std::log10(mean_square); }
double to_mean_square(double lufs) { return std::pow(10.0, (lufs + 0.691) / 10.0); }

double mean(const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0) / double(v.size()); }

// Mean square of every window of `width` whole blocks, the first ending at block `width`, then
// one every `step` blocks (libebur128's timing).
std::vector<double> windows(const std::vector<double>& blocks, std::size_t width, std::size_t step) {
    std::vector<double> out;
    for (std::size_t end = width; end <= blocks.size(); end += step) {
        out.push_back(std::accumulate(blocks.begin() + std::ptrdiff_t(end - width), blocks.begin() + std::ptrdiff_t(end), 0.0) /
                      double(width));
    }
    return out;
}

// The values at or above the absolute gate, and of those the ones at or above `relative_lu`
// below their mean.
std::vector<double> gated(const std::vector<double>& energies, double relative_lu) {
    const double absolute_gate = to_mean_square(kAbsoluteGateLufs);
    std::vector<double> loud;
    for (double e : energies) {
        if (e >= absolute_gate) loud.push_back(e);
    }
    if (loud.empty()) return loud;
    const double threshold = mean(loud) * std::pow(10.0, relative_lu / 10.0);
    std::erase_if(loud, [threshold](double e) { return e < threshold; });
    return loud;
}

}  // namespace

Bs1770Meter::Bs1770Meter(int sample_rate, int channels)
    : channels_(channels),
      frames_per_block_(std::size_t((sample_rate + 5) / 10)),
      frames_per_second_(std::size_t(sample_rate)) {
    // The K-weighting of BS.1770 at this rate: a high shelf (+4 dB from ~1.7 kHz, the head)
    // then the RLB high-pass (38 Hz), bilinear transforms of the standard's analogue stages.
    const double fs = sample_rate;
    shelf_ = {1.0, 0.0, 0.0, 0.0, 0.0};  // below ~3.7 kHz sampling the shelf is past Nyquist: none
    if (const double f0 = 1681.974450955533; f0 < 0.45 * fs) {
        const double gain_db = 3.999843853973347, q = 0.7071752369554196;
        const double k = std::tan(std::numbers::pi * f0 / fs);
        const double vh = std::pow(10.0, gain_db / 20.0), vb = std::pow(vh, 0.4996667741545416);
        const double a0 = 1.0 + k / q + k * k;
        shelf_ = {(vh + vb * k / q + k * k) / a0, 2.0 * (k * k - vh) / a0, (vh - vb * k / q + k * k) / a0,
                  2.0 * (k * k - 1.0) / a0, (1.0 - k / q + k * k) / a0};
    }
    {
        const double f0 = 38.13547087602444, q = 0.5003270373238773;
        const double k = std::tan(std::numbers::pi * f0 / fs);
        const double a0 = 1.0 + k / q + k * k;
        highpass_ = {1.0, -2.0, 1.0, 2.0 * (k * k - 1.0) / a0, (1.0 - k / q + k * k) / a0};
    }
}

void Bs1770Meter::process(const float* interleaved, std::size_t frames) {
    const Biquad p = shelf_, h = highpass_;
    Pair s1 = s1_, s2 = s2_, t1 = t1_, t2 = t2_;
    while (frames > 0) {
        // Up to the end of the current 100 ms block or second, whichever comes first.
        const std::size_t n = std::min({frames, frames_per_block_ - in_block_, frames_per_second_ - in_second_});
        double sum = 0.0;
        for (std::size_t i = 0; i < n; ++i) {
            const Pair x = channels_ == 2 ? Pair{interleaved[2 * i], interleaved[2 * i + 1]} : Pair{interleaved[i], 0.0};
            const Pair y = p.b0 * x + s1;
            s1 = p.b1 * x - p.a1 * y + s2;
            s2 = p.b2 * x - p.a2 * y;
            const Pair z = h.b0 * y + t1;
            t1 = h.b1 * y - h.a1 * z + t2;
            t2 = h.b2 * y - h.a2 * z;
            const Pair sq = z * z;
            sum += sq[0] + sq[1];
        }
        interleaved += n * std::size_t(channels_);
        frames -= n;
        block_sum_ += sum;
        second_sum_ += sum;
        in_block_ += n;
        in_second_ += n;
        if (in_block_ == frames_per_block_) {
            blocks_.push_back(block_sum_ / double(frames_per_block_));
            block_sum_ = 0.0;
            in_block_ = 0;
        }
        if (in_second_ == frames_per_second_) {
            seconds_.push_back(second_sum_ / double(frames_per_second_));
            second_sum_ = 0.0;
            in_second_ = 0;
            const std::size_t m = seconds_.size();
            const double last3 = seconds_[m - 1] + (m > 1 ? seconds_[m - 2] : 0.0) + (m > 2 ? seconds_[m - 3] : 0.0);
            short_term_.push_back(last3 > 0.0 ? to_lufs(last3 / 3.0) : -HUGE_VAL);
        }
    }
    s1_ = s1, s2_ = s2, t1_ = t1, t2_ = t2;
}

std::vector<double> Bs1770Meter::short_term_per_block() const {
    std::vector<double> out;
    out.reserve(blocks_.size());
    for (std::size_t end = 1; end <= blocks_.size(); ++end) {
        const auto first = blocks_.begin() + std::ptrdiff_t(end > kBlocksPerShortTerm ? end - kBlocksPerShortTerm : 0);
        const double mean_square =
            std::accumulate(first, blocks_.begin() + std::ptrdiff_t(end), 0.0) / double(kBlocksPerShortTerm);
        out.push_back(mean_square > 0.0 ? to_lufs(mean_square) : -HUGE_VAL);
    }
    return out;
}

double Bs1770Meter::integrated_lufs() const {
    const auto loud = gated(windows(blocks_, kBlocksPerGate, 1), kIntegratedRelativeGateLu);
    return loud.empty() ? -HUGE_VAL : to_lufs(mean(loud));
}

double Bs1770Meter::range_lu() const {
    auto loud = gated(windows(blocks_, kBlocksPerShortTerm, kShortTermStepBlocks), kRangeRelativeGateLu);
    if (loud.empty()) return 0.0;
    std::sort(loud.begin(), loud.end());
    const auto at = [&](double percentile) { return loud[std::size_t(double(loud.size() - 1) * percentile + 0.5)]; };
    return to_lufs(at(0.95)) - to_lufs(at(0.10));
}

}  // namespace minidj::analysis
