#include "render/limiter.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace minidj::render {

TruePeakLimiter::TruePeakLimiter(int sample_rate, double ceiling_dbtp, double lookahead_s,
                                 double release_s)
    : ceiling_(std::pow(10.0, ceiling_dbtp / 20.0)),
      lookahead_(std::max<std::int64_t>(1, std::int64_t(std::lround(lookahead_s * sample_rate)))),
      release_(1.0 - std::exp(-1.0 / (release_s * sample_rate))) {
    for (int p = 0; p < 3; ++p) {
        const double frac = (p + 1) / 4.0;
        for (int t = -kHalf + 1; t <= kHalf; ++t) {
            const double tau = frac - t;
            const double sinc = std::sin(std::numbers::pi * tau) / (std::numbers::pi * tau);
            const double w = 0.5 + 0.5 * std::cos(std::numbers::pi * tau / (kHalf + 0.5));
            taps_[t + kHalf - 1][p] = float(sinc * w);
        }
    }
}

std::size_t TruePeakLimiter::latency() const { return std::size_t(lookahead_ - 1 + kHalf); }

float TruePeakLimiter::x(std::int64_t frame, int channel) const {
    if (frame < xbase_ || frame >= frames_in_) return 0.0f;
    return x_[std::size_t((frame - xbase_) * 2 + channel)];
}

// Near the ends of what has arrived, where x() pads with silence.
double TruePeakLimiter::frame_peak_at_edge(std::int64_t frame) const {
    double peak = 0.0;
    for (int c = 0; c < 2; ++c) {
        peak = std::max(peak, double(std::abs(x(frame, c))));
        for (int p = 0; p < 3; ++p) {
            double v = 0.0;
            for (int t = -kHalf + 1; t <= kHalf; ++t) v += taps_[t + kHalf - 1][p] * x(frame + t, c);
            peak = std::max(peak, std::abs(v));
        }
    }
    return peak;
}

// The hot loop of a set render (one call per output frame). The three phases sit in one
// 4-lane vector per tap, so each channel is one multiply-add per tap; even and odd taps go to
// separate accumulators so consecutive adds do not wait on each other.
double TruePeakLimiter::frame_peak(std::int64_t frame) const {
    if (frame - kHalf + 1 < xbase_ || frame + kHalf >= frames_in_) return frame_peak_at_edge(frame);
    const float* p = x_.data() + 2 * (frame - kHalf + 1 - xbase_);
    Lanes l0 = {}, l1 = {}, r0 = {}, r1 = {};
    for (int i = 0; i < 2 * kHalf; i += 2) {
        l0 += taps_[i] * p[2 * i];
        r0 += taps_[i] * p[2 * i + 1];
        l1 += taps_[i + 1] * p[2 * i + 2];
        r1 += taps_[i + 1] * p[2 * i + 3];
    }
    const Lanes l = l0 + l1, r = r0 + r1;
    float peak = std::max(std::abs(p[2 * (kHalf - 1)]), std::abs(p[2 * (kHalf - 1) + 1]));
    for (int k = 0; k < 3; ++k) peak = std::max({peak, std::abs(l[k]), std::abs(r[k])});
    return double(peak);
}

void TruePeakLimiter::push(const float* stereo, std::size_t frames, std::vector<float>& out) {
    x_.insert(x_.end(), stereo, stereo + 2 * frames);
    frames_in_ += std::int64_t(frames);
    // A frame's peak needs kHalf frames after it: measure only frames whose window has arrived.
    while (next_r_ + kHalf < frames_in_) {
        const double peak = frame_peak(next_r_);
        const double r = peak > ceiling_ ? ceiling_ / peak : 1.0;
        while (!window_min_.empty() && window_min_.back().second >= r) window_min_.pop_back();
        window_min_.emplace_back(next_r_, r);
        ++next_r_;
        // hmin[j] = min r[j .. j + lookahead - 1], known once r[j + lookahead - 1] is.
        const std::int64_t j = next_r_ - lookahead_;
        if (j < 0) continue;
        while (window_min_.front().first < j) window_min_.pop_front();
        const double hmin = window_min_.front().second;
        released_ = std::min(hmin, released_ + (1.0 - released_) * release_);
        average_.push_back(released_);
        average_sum_ += released_;
        if (std::int64_t(average_.size()) > lookahead_) {
            average_sum_ -= average_.front();
            average_.pop_front();
        }
        // g[j] averages the released minimum over [j - lookahead + 1, j]: every term covers j,
        // so g[j] <= r[j] (frames before the start count as gain 1 only while nothing is loud).
        // Frames before the first count as gain 1; there the window is short, so hmin bounds it.
        const double missing = double(lookahead_) - double(average_.size());
        double gain = (average_sum_ + missing) / double(lookahead_);
        if (missing > 0) gain = std::min(gain, hmin);
        min_gain_ = std::min(min_gain_, gain);
        out.push_back(float(x(j, 0) * gain));
        out.push_back(float(x(j, 1) * gain));
        next_out_ = j + 1;
    }
    // Keep what the interpolator still needs behind the next frame to measure.
    const std::int64_t keep_from = std::min(next_out_, next_r_ - kHalf);
    if (keep_from - xbase_ > 8192) {
        x_.erase(x_.begin(), x_.begin() + std::ptrdiff_t((keep_from - xbase_) * 2));
        xbase_ = keep_from;
    }
}

void TruePeakLimiter::process(const float* stereo, std::size_t frames, std::vector<float>& out) {
    push(stereo, frames, out);
}

void TruePeakLimiter::finish(std::vector<float>& out) {
    const std::int64_t target = frames_in_;
    const std::vector<float> zeros(std::size_t(2 * (lookahead_ + kHalf)), 0.0f);
    push(zeros.data(), zeros.size() / 2, out);
    // Drop what the padding itself produced beyond the real input.
    const std::int64_t produced_end = next_out_;
    if (produced_end > target) out.resize(out.size() - std::size_t(2 * (produced_end - target)));
}

}  // namespace minidj::render
