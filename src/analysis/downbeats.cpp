#include "analysis/downbeats.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "analysis/chroma_analyzer.h"
#include "analysis/envelope_peak.h"

namespace minidj::analysis {
namespace {

constexpr double kThreeOverFour = 1.3;
constexpr std::size_t kChangeBeats = 2;
// Weights of the standardised evidence (chosen on the dev corpus: all-band onsets on their
// own mark any accented beat, so they blur the bar phase rather than sharpen it).
constexpr double kKickWeight = 1.0;
constexpr double kChangeWeight = 1.0;
// The beat network's downbeat output, standardised, counts half: on its own it reads bars
// worse than the kick and the chord changes, beside them it settles what they leave open
// (cross-validated by package, docs/beat-network.md).
constexpr double kNetworkWeight = 0.5;
// Bars of two beats (2/4, 2/2, 6/8 counted in dotted quarters) when the other half of a 4/4
// bar gathers nearly as much evidence as its first beat.
constexpr double kTwoOverFour = 0.9;

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

// The mean evidence of every `cycle`th beat from `phase`.
double phase_mean(const std::vector<double>& evidence, std::size_t phase, std::size_t cycle) {
    double sum = 0.0;
    std::size_t count = 0;
    for (std::size_t b = phase; b < evidence.size(); b += cycle) {
        sum += evidence[b];
        ++count;
    }
    return count ? sum / double(count) : 0.0;
}

// How strongly the evidence concentrates on one phase of a cycle of `meter` beats: the best
// phase's mean minus the mean of all beats. Bars of the right length put every downbeat in
// the same phase; a wrong length spreads them over all phases.
std::pair<double, int> phase_contrast(const std::vector<double>& evidence, int meter) {
    double best = -1e300;
    int best_phase = 0;
    for (int phase = 0; phase < meter; ++phase) {
        const double mean = phase_mean(evidence, std::size_t(phase), std::size_t(meter));
        if (mean > best) {
            best = mean;
            best_phase = phase;
        }
    }
    return {best, best_phase};  // evidence is standardised: its overall mean is 0
}

// Harmonic change entering beat b: the chroma of the kChangeBeats beats before it against the
// kChangeBeats beats from it. Wider than one beat, so passing notes inside a chord do not
// count as a change and a chord held across the bar line does not hide the next one.
double harmonic_change(const std::vector<std::array<float, 12>>& chroma, std::size_t b) {
    if (b < kChangeBeats || b + kChangeBeats > chroma.size()) return 0.0;
    std::array<float, 12> before{}, after{};
    for (std::size_t i = 0; i < kChangeBeats; ++i) {
        for (std::size_t pc = 0; pc < 12; ++pc) {
            before[pc] += chroma[b - 1 - i][pc];
            after[pc] += chroma[b + i][pc];
        }
    }
    return cosine_distance(before, after);
}

// Standardising the noise of a track without harmony would give it full say.
double change_weight(const std::vector<double>& change) {
    const double mean = std::accumulate(change.begin(), change.end(), 0.0) / double(change.size());
    return std::min(1.0, mean / kMeaningfulChordChange);
}

}  // namespace

BarEstimate estimate_bars(const std::vector<double>& beats, const FrameFeatures& frames,
                          const std::vector<std::array<float, 12>>& chroma_per_beat,
                          const std::vector<double>& downbeat_log_odds) {
    BarEstimate out;
    const std::size_t n = beats.size();
    if (n < 8) return out;

    // Downbeat evidence per beat: bass/kick onset and harmonic change.
    std::vector<double> kick(n), change(n, 0.0);
    for (std::size_t b = 0; b < n; ++b) {
        kick[b] = peak_near(frames.low_onset, beats[b], 2);
        change[b] = harmonic_change(chroma_per_beat, b);
    }
    const double weight = kChangeWeight * change_weight(change);
    standardise(kick);
    standardise(change);

    std::vector<double> evidence(n);
    for (std::size_t b = 0; b < n; ++b) evidence[b] = kKickWeight * kick[b] + weight * change[b];
    if (downbeat_log_odds.size() == n) {
        std::vector<double> network(downbeat_log_odds);
        standardise(network);
        for (std::size_t b = 0; b < n; ++b) evidence[b] += kNetworkWeight * network[b];
    }
    const auto [four, four_phase] = phase_contrast(evidence, 4);
    const auto [three, three_phase] = phase_contrast(evidence, 3);
    // 4/4 unless 3/4 is clearly better: the contrast of the shorter cycle has less noise.
    out.meter = three > kThreeOverFour * four ? 3 : 4;
    out.phase = out.meter == 3 ? three_phase : four_phase;
    if (out.meter == 4 && !downbeat_log_odds.empty()) {
        const double first = phase_mean(evidence, std::size_t(four_phase), 4);
        const double third = phase_mean(evidence, std::size_t(four_phase + 2) % 4, 4);
        if (third > kTwoOverFour * first) {
            out.meter = 2;
            out.phase = four_phase % 2;
        }
    }
    return out;
}

std::vector<double> downbeats_of(const std::vector<double>& beat_times, const BarEstimate& bars) {
    std::vector<double> out;
    for (std::size_t i = std::size_t(bars.phase); i < beat_times.size();
         i += std::size_t(bars.meter)) {
        out.push_back(beat_times[i]);
    }
    return out;
}

}  // namespace minidj::analysis
