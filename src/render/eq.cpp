#include "render/eq.h"

#include <cmath>
#include <numbers>

namespace minidj::render {

Biquad Biquad::design(Kind kind, double frequency, double sample_rate) {
    const double w = 2.0 * std::numbers::pi * frequency / sample_rate;
    // alpha = sin(w) / (2Q); Q = 1/sqrt(2) (Butterworth): two in cascade make a Linkwitz-Riley.
    const double c = std::cos(w), alpha = std::sin(w) / std::numbers::sqrt2;
    const double a0 = 1.0 + alpha;
    Biquad q;
    switch (kind) {
        case Kind::kLowPass:
            q.b0 = (1 - c) / 2 / a0, q.b1 = (1 - c) / a0, q.b2 = (1 - c) / 2 / a0;
            break;
        case Kind::kHighPass:
            q.b0 = (1 + c) / 2 / a0, q.b1 = -(1 + c) / a0, q.b2 = (1 + c) / 2 / a0;
            break;
        case Kind::kAllPass:
            q.b0 = (1 - alpha) / a0, q.b1 = -2 * c / a0, q.b2 = 1.0;
            break;
    }
    q.a1 = -2 * c / a0;
    q.a2 = (1 - alpha) / a0;
    return q;
}

ThreeBandEq::ThreeBandEq(int sample_rate) {
    using K = Biquad::Kind;
    for (auto& ch : channels_) {
        for (int i = 0; i < 2; ++i) {
            ch.low_lp[i] = Biquad::design(K::kLowPass, kLowCrossover, sample_rate);
            ch.low_hp[i] = Biquad::design(K::kHighPass, kLowCrossover, sample_rate);
            ch.high_lp[i] = Biquad::design(K::kLowPass, kHighCrossover, sample_rate);
            ch.high_hp[i] = Biquad::design(K::kHighPass, kHighCrossover, sample_rate);
        }
        ch.low_allpass = Biquad::design(K::kAllPass, kHighCrossover, sample_rate);
    }
}

void ThreeBandEq::process(float* stereo, std::size_t frames, const BandGains& from,
                          const BandGains& to) {
    const double step = frames ? 1.0 / double(frames) : 0.0;
    for (std::size_t i = 0; i < frames; ++i) {
        const double u = double(i + 1) * step;
        const double gl = from.low + (to.low - from.low) * u;
        const double gm = from.mid + (to.mid - from.mid) * u;
        const double gh = from.high + (to.high - from.high) * u;
        for (std::size_t c = 0; c < 2; ++c) {
            auto& ch = channels_[c];
            const double x = stereo[2 * i + c];
            const double low =
                ch.low_allpass.process(ch.low_lp[1].process(ch.low_lp[0].process(x)));
            const double rest = ch.low_hp[1].process(ch.low_hp[0].process(x));
            const double mid = ch.high_lp[1].process(ch.high_lp[0].process(rest));
            const double high = ch.high_hp[1].process(ch.high_hp[0].process(rest));
            stereo[2 * i + c] = float(gl * low + gm * mid + gh * high);
        }
    }
}

}  // namespace minidj::render
