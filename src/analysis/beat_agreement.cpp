#include "analysis/beat_agreement.h"

#include <algorithm>
#include <cmath>

#include "analysis/rhythm_common.h"

namespace minidj::analysis {
namespace {

constexpr double kToleranceSeconds = 0.07;
// Tempi this far apart are an octave apart; 3:2 (1.5) and 3:1 are not.
constexpr double kOctaveLow = 1.75, kOctaveHigh = 2.3;

// One-to-one matches within the tolerance. Beats are further apart than twice the tolerance
// at any tempo the analyser reads (< 430 BPM), so a greedy walk finds the best matching.
std::size_t matches(const std::vector<double>& a, const std::vector<double>& b) {
    std::size_t count = 0, j = 0;
    for (double t : a) {
        while (j < b.size() && b[j] < t - kToleranceSeconds) ++j;
        if (j < b.size() && std::abs(b[j] - t) <= kToleranceSeconds) {
            ++count;
            ++j;
        }
    }
    return count;
}

double f_measure(const std::vector<double>& a, const std::vector<double>& b) {
    if (a.empty() || b.empty()) return 0.0;
    return 2.0 * double(matches(a, b)) / double(a.size() + b.size());
}

std::vector<double> doubled(const std::vector<double>& beats) {
    std::vector<double> out;
    for (std::size_t i = 0; i < beats.size(); ++i) {
        out.push_back(beats[i]);
        if (i + 1 < beats.size()) out.push_back(0.5 * (beats[i] + beats[i + 1]));
    }
    return out;
}

std::vector<double> every_other(const std::vector<double>& beats, std::size_t phase) {
    std::vector<double> out;
    for (std::size_t i = phase; i < beats.size(); i += 2) out.push_back(beats[i]);
    return out;
}

// `a` against `b` brought to a's rate: b doubled where a is about twice as fast, every other
// beat of b where a is about half as fast. Only then: b doubled would also hold a's beats if
// a were on b's off-beats.
double at_as_rate(const std::vector<double>& a, const std::vector<double>& b) {
    const double ratio = median_interval(b) / median_interval(a);
    if (ratio > kOctaveLow && ratio < kOctaveHigh) return f_measure(a, doubled(b));
    if (ratio > 1.0 / kOctaveHigh && ratio < 1.0 / kOctaveLow)
        return std::max(f_measure(a, every_other(b, 0)), f_measure(a, every_other(b, 1)));
    return f_measure(a, b);
}

}  // namespace

double beat_agreement(const std::vector<double>& a, const std::vector<double>& b) {
    if (a.size() < 2 || b.size() < 2) return 0.0;
    return at_as_rate(a, b);
}

}  // namespace minidj::analysis
