#include "analysis/tempo.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "analysis/frame_grid.h"

namespace minidj::analysis {
namespace {

constexpr double kTrendSeconds = 1.0;     // high-pass window of the envelope
constexpr double kPriorOctaves = 0.9;     // width (sd, in octaves) of the tempo prior
constexpr int kCombHarmonics = 4;         // lags L, 2L, 3L, 4L support a candidate
constexpr double kMinOnsetDeviation = 1e-3;
constexpr double kRelativeMargin = 1.01;  // a 3:2 or 4:3 relative must be this much more periodic
constexpr double kMinPeriodicity = 0.03;  // white noise: 0.01; the least periodic music seen: 0.07

// Unbiased autocorrelation for lags 0..max_lag, normalised so that A(0) = 1.
std::vector<double> autocorrelation(const std::vector<float>& x, std::size_t max_lag) {
    std::vector<double> acf(max_lag + 1, 0.0);
    const std::size_t n = x.size();
    for (std::size_t lag = 0; lag <= max_lag && lag < n; ++lag) {
        double sum = 0.0;
        const float* a = x.data();
        const float* b = x.data() + lag;
        const std::size_t m = n - lag;
        for (std::size_t i = 0; i < m; ++i) sum += double(a[i]) * b[i];
        acf[lag] = sum / double(m);
    }
    if (acf[0] > 0) {
        for (auto& v : acf) v /= acf[0];
    }
    return acf;
}

double interpolate(const std::vector<double>& v, double position) {
    const auto i = std::size_t(position);
    if (i + 1 >= v.size()) return 0.0;
    const double frac = position - double(i);
    return v[i] * (1.0 - frac) + v[i + 1] * frac;
}

// The harmonic comb: mean autocorrelation at lags of 1..kCombHarmonics beats of `bpm`.
double comb_score(const std::vector<double>& acf, double bpm) {
    const double lag = 60.0 * kFramesPerSecond / bpm;
    double comb = 0.0;
    for (int k = 1; k <= kCombHarmonics; ++k) comb += interpolate(acf, lag * k) / kCombHarmonics;
    return comb;
}

// The prior chooses between metrical levels (2:1, 3:1), where the comb cannot. A tempo in a
// 3:2 or 4:3 ratio is another reading of the rhythm (a dotted or triplet figure taken for the
// beat): there the stronger periodicity wins, not the tempo nearer the prior's centre.
TempoEstimate stronger_relative(const std::vector<double>& acf, TempoEstimate chosen, const AnalysisOptions& options) {
    const double from = chosen.bpm;
    double best_comb = comb_score(acf, from);
    for (double ratio : {3.0 / 4.0, 4.0 / 3.0, 2.0 / 3.0, 3.0 / 2.0}) {
        // The comb's own peak near the related tempo, within 1 %.
        for (double bpm = from * ratio * 0.99; bpm <= from * ratio * 1.01; bpm += 0.05) {
            if (bpm < options.min_bpm || bpm > options.max_bpm) continue;
            const double comb = comb_score(acf, bpm);
            if (comb > best_comb * kRelativeMargin) {
                best_comb = comb;
                chosen.bpm = bpm;
                chosen.confidence = std::clamp(interpolate(acf, 60.0 * kFramesPerSecond / bpm), 0.0, 1.0);
            }
        }
    }
    return chosen;
}

}  // namespace

std::vector<float> normalise_onset_envelope(const std::vector<float>& onset) {
    const std::size_t n = onset.size();
    std::vector<float> out(n, 0.0f);
    if (n == 0) return out;
    // Subtract a centred moving average (prefix sums), keep only rises above the local trend.
    const auto half = std::size_t(kTrendSeconds * kFramesPerSecond / 2);
    std::vector<double> prefix(n + 1, 0.0);
    for (std::size_t i = 0; i < n; ++i) prefix[i + 1] = prefix[i] + onset[i];
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t lo = i > half ? i - half : 0, hi = std::min(n, i + half + 1);
        const double mean = (prefix[hi] - prefix[lo]) / double(hi - lo);
        out[i] = float(std::max(0.0, onset[i] - mean));
    }
    double sq = 0.0;
    for (float v : out) sq += double(v) * v;
    const double sd = std::sqrt(sq / double(n));
    // Flux is in log-energy units, so this floor is level-independent: a steady tone or
    // silence has no onsets, and amplifying its rounding noise would invent beats.
    if (sd < kMinOnsetDeviation) return std::vector<float>(n, 0.0f);
    for (auto& v : out) v = float(v / sd);
    return out;
}

TempoEstimate estimate_tempo(const std::vector<float>& envelope, const AnalysisOptions& options) {
    const double max_lag_frames = 60.0 * kFramesPerSecond / options.min_bpm * kCombHarmonics;
    if (envelope.size() < std::size_t(2 * max_lag_frames / kCombHarmonics)) return {};
    const auto acf = autocorrelation(envelope, std::size_t(max_lag_frames) + 2);
    if (!(std::abs(acf[0] - 1.0) < 1e-6)) return {};  // silent: no energy at all

    TempoEstimate best;
    double best_score = -1e300;
    for (double bpm = options.min_bpm; bpm <= options.max_bpm; bpm += 0.05) {
        const double lag = 60.0 * kFramesPerSecond / bpm;
        const double comb = comb_score(acf, bpm);
        const double octaves = std::log2(bpm / options.preferred_bpm);
        const double prior = std::exp(-0.5 * octaves * octaves / (kPriorOctaves * kPriorOctaves));
        const double score = comb * prior;
        if (score > best_score) {
            best_score = score;
            best.bpm = bpm;
            best.confidence = std::clamp(interpolate(acf, lag), 0.0, 1.0);
        }
    }
    // Noise and free-time music correlate at no lag: no beat rather than an invented one.
    if (best_score <= 0.0 || best.confidence < kMinPeriodicity) return {};
    return stronger_relative(acf, best, options);
}

}  // namespace minidj::analysis
