#include "analysis/bar_tracker.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>

namespace minidj::analysis {
namespace {

// 6/8 and 12/8 are read at the dotted quarter, as 2 and 4 beats. Bars of 2 are not offered:
// the network's downbeat probability often rises on beat 3 of a 4/4 bar too, and DJs count
// 2/4 and 6/8 in fours anyway.
constexpr std::array<int, 2> kMeters = {3, 4};
constexpr double kRestartProbability = 1e-6;  // a bar cut short, per beat
constexpr float kProbabilityClamp = 0.02f;    // no single beat may veto a path outright
constexpr double kChordChangeWeight = 1.0;    // log-odds per standard deviation of chord change

struct Path {
    double log_likelihood = -std::numeric_limits<double>::infinity();
    std::vector<std::size_t> downbeats;
};

Path viterbi(const std::vector<double>& p, int meter) {
    const std::size_t n = p.size(), m = std::size_t(meter);
    const double stay = std::log1p(-kRestartProbability), restart = std::log(kRestartProbability);
    std::vector<double> score(m, -std::log(double(m))), next(m);
    std::vector<std::vector<std::uint8_t>> from(n, std::vector<std::uint8_t>(m, 0));
    const auto emit = [&](std::size_t beat, std::size_t position) {
        const double q = std::clamp(p[beat], double(kProbabilityClamp), 1.0 - kProbabilityClamp);
        return std::log(position == 0 ? q : 1.0 - q);
    };
    for (std::size_t s = 0; s < m; ++s) score[s] += emit(0, s);
    for (std::size_t b = 1; b < n; ++b) {
        for (std::size_t s = 0; s < m; ++s) {
            // Position s follows s - 1; a downbeat also follows any position but the last early.
            std::size_t best_from = (s + m - 1) % m;
            double best = score[best_from] + stay;
            if (s == 0) {
                for (std::size_t q = 0; q + 1 < m; ++q) {
                    if (score[q] + restart > best) best = score[q] + restart, best_from = q;
                }
            }
            next[s] = best + emit(b, s);
            from[b][s] = std::uint8_t(best_from);
        }
        score.swap(next);
    }
    Path path;
    auto state = std::size_t(std::max_element(score.begin(), score.end()) - score.begin());
    path.log_likelihood = score[state];
    for (std::size_t b = n; b-- > 0;) {
        if (state == 0) path.downbeats.push_back(b);
        state = from[b][state];
    }
    std::reverse(path.downbeats.begin(), path.downbeats.end());
    return path;
}

}  // namespace

BarReading read_bars(const std::vector<float>& downbeat_probability,
                     const std::vector<double>& chord_change) {
    BarReading out;
    if (downbeat_probability.empty()) return out;
    std::vector<double> p(downbeat_probability.begin(), downbeat_probability.end());
    for (std::size_t b = 0; b < p.size() && b < chord_change.size(); ++b) {
        const double q = std::clamp(p[b], 1e-6, 1.0 - 1e-6);
        p[b] = 1.0 /
               (1.0 + std::exp(-(std::log(q / (1.0 - q)) + kChordChangeWeight * chord_change[b])));
    }
    Path best;
    for (int meter : kMeters) {
        Path path = viterbi(p, meter);
        if (path.log_likelihood > best.log_likelihood) {
            best = std::move(path);
            out.meter = meter;
        }
    }
    out.downbeats = std::move(best.downbeats);
    return out;
}

}  // namespace minidj::analysis
