#include "analysis/key_estimator.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace minidj::analysis {
namespace {

// Krumhansl & Kessler (1982) probe-tone ratings, tonic first.
constexpr std::array<double, 12> kMajorProfile = {6.35, 2.23, 3.48, 2.33, 4.38, 4.09,
                                                  2.52, 5.19, 2.39, 3.66, 2.29, 2.88};
constexpr std::array<double, 12> kMinorProfile = {6.33, 2.68, 3.52, 5.38, 2.60, 3.53,
                                                  2.54, 4.75, 3.98, 2.69, 3.34, 3.17};
// Below this correlation the chroma is not tonal enough to name a key (noise, drums only).
constexpr double kMinCorrelation = 0.3;
constexpr double kMinChromaContrast = 0.15;  // sd / mean of the summed chroma

double pearson(const std::array<double, 12>& x, const std::array<double, 12>& profile, int tonic) {
    const double mx = std::accumulate(x.begin(), x.end(), 0.0) / 12.0;
    const double mp = std::accumulate(profile.begin(), profile.end(), 0.0) / 12.0;
    double xy = 0, xx = 0, pp = 0;
    for (int pc = 0; pc < 12; ++pc) {
        const double a = x[std::size_t(pc)] - mx;
        const double b = profile[std::size_t((pc - tonic + 12) % 12)] - mp;
        xy += a * b; xx += a * a; pp += b * b;
    }
    return xx > 0 ? xy / std::sqrt(xx * pp) : 0.0;
}

}  // namespace

KeyEstimate estimate_key(const ChromaFrames& chroma) {
    KeyEstimate out;
    out.tuning_cents = chroma.tuning_cents;
    std::array<double, 12> total{};
    double loudest = 0.0;
    for (const auto& f : chroma.frames) loudest = std::max(loudest, double(*std::max_element(f.begin(), f.end())));
    if (loudest <= 0.0) return out;
    for (const auto& f : chroma.frames) {
        const double peak = *std::max_element(f.begin(), f.end());
        if (peak < loudest * 1e-3) continue;  // near-silent frames carry no harmony
        for (int pc = 0; pc < 12; ++pc) total[std::size_t(pc)] += f[std::size_t(pc)] / peak;
    }
    // Noise spreads over all pitch classes evenly: without contrast there is no key to name.
    const double mean = std::accumulate(total.begin(), total.end(), 0.0) / 12.0;
    double var = 0.0;
    for (double v : total) var += (v - mean) * (v - mean);
    if (mean <= 0.0 || std::sqrt(var / 12.0) < kMinChromaContrast * mean) return out;
    double best = -2.0, second = -2.0;
    for (int tonic = 0; tonic < 12; ++tonic) {
        for (bool minor : {false, true}) {
            const double r = pearson(total, minor ? kMinorProfile : kMajorProfile, tonic);
            if (r > best) {
                second = best;
                best = r;
                out.key = MusicalKey{tonic, minor};
            } else if (r > second) {
                second = r;
            }
        }
    }
    if (best < kMinCorrelation) {
        out.key.reset();
        return out;
    }
    // Confidence: the winner's correlation, discounted when the runner-up is nearly as good.
    out.confidence = std::clamp(best * std::min(1.0, 4.0 * (best - second) / best + 0.25), 0.0, 1.0);
    return out;
}

}  // namespace minidj::analysis
