#pragma once
// Deterministic DSP primitives for the synth voices. Nothing here calls libm in the sample
// path: libm's sin/exp may differ in the last bit between builds, and the generator promises
// bit-identical audio wherever IEEE double arithmetic holds. The per-sample functions are
// inline: they run ~100 million times per song.
#include <array>
#include <cmath>

namespace minidj::gen::dsp {

inline constexpr int kSineTableSize = 4096;
inline constexpr double kPi = 3.14159265358979323846;
using SineTable = std::array<float, kSineTableSize + 1>;

/// sin(x) for |x| <= pi by its Taylor series; terms to x^31 keep the error below 1e-16.
constexpr double taylor_sin(double x) {
    const double x2 = x * x;
    double term = x;
    double sum = x;
    for (int n = 1; n <= 15; ++n) {
        term *= -x2 / ((2.0 * n) * (2.0 * n + 1.0));
        sum += term;
    }
    return sum;
}

/// sin(2*pi*i/N) for i in 0..N, computed by the compiler.
constexpr SineTable make_sine_table() {
    SineTable table{};
    for (int i = 0; i <= kSineTableSize; ++i) {
        double x = 2.0 * kPi * i / kSineTableSize;
        if (x > kPi) x -= 2.0 * kPi;
        table[i] = static_cast<float>(taylor_sin(x));
    }
    return table;
}
inline constexpr SineTable kSineTable = make_sine_table();

/// e^x from IEEE basic operations only (relative error ~1e-16). Returns 0 below -700.
double exp(double x);
/// 440 Hz * 2^((midi - 69) / 12).
double midi_to_hz(double midi);
/// Per-sample multiplier that decays by 1/e in `tau_s` seconds.
double decay_factor(double tau_s, double sample_rate);
/// Coefficient of a one-pole low-pass with this cutoff.
double one_pole_coefficient(double cutoff_hz, double sample_rate);

/// sin(2*pi*phase) for phase in [0, 1): table with linear interpolation (error < 2e-6).
inline float sine_unit(double phase) {
    const SineTable& table = kSineTable;
    const double pos = phase * kSineTableSize;
    int i = static_cast<int>(pos);
    if (i >= kSineTableSize) i = kSineTableSize - 1;  // phase rounding up to 1.0
    const float f = static_cast<float>(pos - i);
    return table[i] + f * (table[i + 1] - table[i]);
}

/// sin(2*pi*cycles) for any cycles.
inline float sine(double cycles) { return sine_unit(cycles - std::floor(cycles)); }

/// Band-limited (polyBLEP) sawtooth in [-1, 1]; `phase` in [0, 1), `inc` = f / sample rate.
inline double saw(double phase, double inc) {
    double v = 2.0 * phase - 1.0;
    if (phase < inc) {
        const double t = phase / inc;
        v -= t + t - t * t - 1.0;
    } else if (phase > 1.0 - inc) {
        const double t = (phase - 1.0) / inc;
        v -= t * t + t + t + 1.0;
    }
    return v;
}

/// One-pole low-pass filter: cheap, stable, and enough to darken a saw or shape noise.
class OnePole {
public:
    void set_cutoff(double hz, double sample_rate) { a_ = one_pole_coefficient(hz, sample_rate); }
    void set_coefficient(double a) { a_ = a; }
    double lowpass(double x) { return z_ += a_ * (x - z_); }
    double highpass(double x) { return x - lowpass(x); }

private:
    double a_ = 1.0;
    double z_ = 0.0;
};

/// Phase accumulator in cycles, wrapped to [0, 1).
struct Phase {
    double value = 0.0;
    double advance(double inc) {
        value += inc;
        if (value >= 1.0) value -= 1.0;
        return value;
    }
};

}  // namespace minidj::gen::dsp
