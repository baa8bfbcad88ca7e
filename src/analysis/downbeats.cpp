#include "analysis/downbeats.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace minidj::analysis {
namespace {

constexpr int kSubBeats = 4;  // onset pattern samples per beat, for the bar-repetition test

// Largest value of `column` within +-radius frames of `frame`.
float peak_near(const std::vector<float>& column, double frame, int radius) {
    const auto centre = std::ptrdiff_t(std::lround(frame));
    float best = 0.0f;
    for (std::ptrdiff_t i = centre - radius; i <= centre + radius; ++i) {
        if (i >= 0 && std::size_t(i) < column.size()) best = std::max(best, column[std::size_t(i)]);
    }
    return best;
}

void standardise(std::vector<double>& v) {
    if (v.empty()) return;
    const double mean = std::accumulate(v.begin(), v.end(), 0.0) / double(v.size());
    double sq = 0.0;
    for (double x : v) sq += (x - mean) * (x - mean);
    const double sd = std::sqrt(sq / double(v.size()));
    for (double& x : v) x = sd > 1e-12 ? (x - mean) / sd : 0.0;
}

double cosine_distance(const std::array<float, 12>& a, const std::array<float, 12>& b) {
    double ab = 0, aa = 0, bb = 0;
    for (int i = 0; i < 12; ++i) {
        ab += double(a[i]) * b[i];
        aa += double(a[i]) * a[i];
        bb += double(b[i]) * b[i];
    }
    return aa > 0 && bb > 0 ? 1.0 - ab / std::sqrt(aa * bb) : 0.0;
}

// How alike beat b's rhythm pattern is to beat b+lag's, averaged: bars repeat their pattern.
double pattern_repetition(const std::vector<std::vector<float>>& patterns, int lag) {
    double total = 0.0;
    std::size_t count = 0;
    for (std::size_t b = 0; b + std::size_t(lag) < patterns.size(); ++b) {
        double d = 0.0;
        for (std::size_t k = 0; k < patterns[b].size(); ++k) {
            const double diff = patterns[b][k] - patterns[b + std::size_t(lag)][k];
            d += diff * diff;
        }
        total += -std::sqrt(d);
        ++count;
    }
    return count ? total / double(count) : 0.0;
}

}  // namespace

BarEstimate estimate_bars(const std::vector<double>& beats, const FrameFeatures& frames,
                          const std::vector<std::array<float, 12>>& chroma_per_beat) {
    BarEstimate out;
    const std::size_t n = beats.size();
    if (n < 8) return out;

    // Rhythm pattern of each beat: onset and low onset sampled at kSubBeats points inside it.
    std::vector<std::vector<float>> patterns(n);
    for (std::size_t b = 0; b + 1 < n; ++b) {
        const double step = (beats[b + 1] - beats[b]) / kSubBeats;
        for (int s = 0; s < kSubBeats; ++s) {
            patterns[b].push_back(peak_near(frames.onset, beats[b] + s * step, 1));
            patterns[b].push_back(peak_near(frames.low_onset, beats[b] + s * step, 1));
        }
    }
    patterns.pop_back();
    const double four = pattern_repetition(patterns, 4) + pattern_repetition(patterns, 8);
    const double three = pattern_repetition(patterns, 3) + pattern_repetition(patterns, 6);
    out.meter = three > four ? 3 : 4;

    // Downbeat evidence per beat: bass/kick onset, overall onset and harmonic change.
    std::vector<double> kick(n), onset(n), change(n, 0.0);
    for (std::size_t b = 0; b < n; ++b) {
        kick[b] = peak_near(frames.low_onset, beats[b], 2);
        onset[b] = peak_near(frames.onset, beats[b], 2);
        if (b > 0 && b < chroma_per_beat.size()) change[b] = cosine_distance(chroma_per_beat[b - 1], chroma_per_beat[b]);
    }
    standardise(kick);
    standardise(onset);
    standardise(change);

    double best = -1e300;
    for (int phase = 0; phase < out.meter; ++phase) {
        double sum = 0.0;
        std::size_t count = 0;
        for (std::size_t b = std::size_t(phase); b < n; b += std::size_t(out.meter)) {
            sum += kick[b] + change[b] + 0.5 * onset[b];
            ++count;
        }
        const double mean = count ? sum / double(count) : 0.0;
        if (mean > best) {
            best = mean;
            out.phase = phase;
        }
    }
    return out;
}

}  // namespace minidj::analysis
