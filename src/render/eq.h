#pragma once
// A phase-coherent 3-band DJ EQ (isolator): Linkwitz-Riley 4th-order crossovers at 200 Hz and
// 2.5 kHz. The low band also passes the 2.5 kHz crossover's allpass, so the three bands stay in
// phase and their flat sum is allpass(200 Hz) x allpass(2.5 kHz): magnitude exactly 1 at every
// frequency. Gains are linear (0 kills a band) and ramp sample by sample within a block.

#include <array>
#include <cstddef>

namespace minidj::render {

/// A biquad in transposed direct form II, double state.
struct Biquad {
    double b0 = 1, b1 = 0, b2 = 0, a1 = 0, a2 = 0;
    double z1 = 0, z2 = 0;
    double process(double x) {
        const double y = b0 * x + z1;
        z1 = b1 * x - a1 * y + z2;
        z2 = b2 * x - a2 * y;
        return y;
    }
    enum class Kind { kLowPass, kHighPass, kAllPass };
    /// RBJ cookbook designs (bilinear, pre-warped), Q = 1/sqrt(2): Butterworth.
    static Biquad design(Kind kind, double frequency, double sample_rate);
};

struct BandGains {
    double low = 1, mid = 1, high = 1;
};

class ThreeBandEq {
  public:
    static constexpr double kLowCrossover = 200.0;
    static constexpr double kHighCrossover = 2500.0;
    explicit ThreeBandEq(int sample_rate);
    /// Filters `frames` stereo frames in place; gains move linearly from `from` to `to`.
    void process(float* stereo, std::size_t frames, const BandGains& from, const BandGains& to);

  private:
    struct Channel {
        std::array<Biquad, 2> low_lp, low_hp, high_lp, high_hp;  // LR4 = two Butterworth biquads
        Biquad low_allpass;                                      // the 2.5 kHz crossover's allpass
    };
    std::array<Channel, 2> channels_;
};

}  // namespace minidj::render
