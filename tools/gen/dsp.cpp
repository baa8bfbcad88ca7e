// Deterministic replacements for exp and sin (see dsp.h for why).
#include "dsp.h"

namespace minidj::gen::dsp {

double exp(double x) {
    if (x < -700.0) return 0.0;
    if (x > 700.0) x = 700.0;
    constexpr double kLn2Hi = 6.93147180369123816490e-01;  // ln 2 split so k * kLn2Hi is exact
    constexpr double kLn2Lo = 1.90821492927058770002e-10;
    const double k = std::nearbyint(x / 0.69314718055994530942);
    const double r = (x - k * kLn2Hi) - k * kLn2Lo;  // |r| <= 0.35
    double term = 1.0;
    double sum = 1.0;
    for (int n = 1; n <= 14; ++n) {
        term *= r / n;
        sum += term;
    }
    return std::ldexp(sum, static_cast<int>(k));
}

double midi_to_hz(double midi) {
    return 440.0 * exp((midi - 69.0) / 12.0 * 0.69314718055994530942);
}

double decay_factor(double tau_s, double sample_rate) { return exp(-1.0 / (tau_s * sample_rate)); }

double one_pole_coefficient(double cutoff_hz, double sample_rate) {
    return 1.0 - exp(-2.0 * kPi * cutoff_hz / sample_rate);
}

}  // namespace minidj::gen::dsp
