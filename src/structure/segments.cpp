#include "structure/segments.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace minidj::structure {
namespace {

constexpr double kDbStep = 3.0;       // a level change of 3 dB weighs one unit
constexpr double kFloorDb = 45.0;     // levels are floored this far under the track's loudest bar

// Each bar's vector in comparable units.
std::vector<std::vector<double>> scaled_rows(const Bars& bars, double melody_weight) {
    std::vector<std::vector<double>> rows(bars.bars(), std::vector<double>(kBarColumns));
    for (int c = 0; c < kBarColumns; ++c) {
        double top = -1e9;
        for (std::size_t b = 0; b < bars.bars(); ++b) top = std::max(top, bars.at(b, c));
        for (std::size_t b = 0; b < bars.bars(); ++b) {
            const double v = bars.at(b, c);
            rows[b][c] = std::max(v, top - kFloorDb) / kDbStep * (c == kMelody ? melody_weight : 1.0);
        }
    }
    return rows;
}

// Sums and sums of squares from bar 0, so any run's spread costs O(columns).
class RunCost {
public:
    explicit RunCost(const std::vector<std::vector<double>>& rows)
        : sum_(rows.size() + 1, std::vector<double>(kBarColumns)), squares_(rows.size() + 1) {
        for (std::size_t b = 0; b < rows.size(); ++b) {
            squares_[b + 1] = squares_[b];
            for (int c = 0; c < kBarColumns; ++c) {
                sum_[b + 1][c] = sum_[b][c] + rows[b][c];
                squares_[b + 1] += rows[b][c] * rows[b][c];
            }
        }
    }
    /// Sum over bars [first, end) of the squared distance to their mean.
    double operator()(std::size_t first, std::size_t end) const {
        const double n = double(end - first);
        double mean_part = 0;
        for (int c = 0; c < kBarColumns; ++c) {
            const double s = sum_[end][c] - sum_[first][c];
            mean_part += s * s / n;
        }
        return std::max(0.0, squares_[end] - squares_[first] - mean_part);
    }

private:
    std::vector<std::vector<double>> sum_;
    std::vector<double> squares_;
};

// Harmony that does not repeat within a section: a section's chords and melody come back a
// phrase later (a progression of 1, 2, 4 or 8 bars repeats at that lag), so each bar of a
// run is compared with the bar a phrase away in the same run. A run that holds two
// progressions pays for the bars of one compared with the other; cut where one gives way to
// the other and neither pays. Distances are taken less the harmony's own wobble
// where it repeats (a low quantile over the track), so a track whose harmony never repeats
// pays nothing anywhere.
class HarmonyCost {
public:
    explicit HarmonyCost(const Bars& bars) : sum_(bars.bars() + 1, 0.0) {
        const std::size_t n = bars.bars(), lag = std::size_t(kPhraseBars);
        if (n <= lag || bars.chroma.size() != n) return;
        std::vector<double> distance(n, 0.0), sorted;
        for (std::size_t b = lag; b < n; ++b) {
            distance[b] = chroma_distance(bars.chroma[b], bars.chroma[b - lag]);
            sorted.push_back(distance[b]);
        }
        const std::size_t quantile = sorted.size() / 5;
        std::nth_element(sorted.begin(), sorted.begin() + long(quantile), sorted.end());
        const double wobble = sorted[quantile];
        for (std::size_t b = 0; b < n; ++b) sum_[b + 1] = sum_[b] + (b >= lag ? std::max(0.0, distance[b] - wobble) : 0.0);
    }
    /// Over bars [first, end): each bar against the bar a phrase before it in the run, or the
    /// bar a phrase after it for the run's first phrase (so no part of a run goes unheard;
    /// only runs of a phrase or less hold no pair). The bars of the second phrase pair twice.
    double operator()(std::size_t first, std::size_t end) const {
        const std::size_t phrase = std::size_t(kPhraseBars);
        const std::size_t second = std::min(end, first + phrase), third = std::min(end, first + 2 * phrase);
        return (sum_[end] - sum_[second]) + (sum_[third] - sum_[second]);
    }

private:
    std::vector<double> sum_;
};

}  // namespace

std::vector<std::size_t> find_sections(const Bars& bars, const StructureOptions& options, double harmony_weight) {
    const std::size_t n = bars.bars();
    if (n == 0) return {0};
    const RunCost cost(scaled_rows(bars, options.melody_cut_weight));
    const HarmonyCost harmony(bars);
    const auto longest = std::size_t(std::max(options.max_section_bars, 1));
    std::vector<double> best(n + 1, std::numeric_limits<double>::infinity());
    std::vector<std::size_t> from(n + 1, 0);
    best[0] = 0.0;
    for (std::size_t end = 1; end <= n; ++end) {
        for (std::size_t first = end > longest ? end - longest : 0; first < end; ++first) {
            const std::size_t length = end - first;
            // The last section may be cut short by the end of the track: no phrase penalty.
            const bool off_phrase = length % 4 != 0 && end != n;
            const double total = best[first] + cost(first, end) + options.boundary_penalty +
                                 (off_phrase ? options.off_phrase_penalty : 0.0) +
                                 harmony_weight * harmony(first, end);
            if (total < best[end]) {
                best[end] = total;
                from[end] = first;
            }
        }
    }
    std::vector<std::size_t> starts = {n};
    for (std::size_t end = n; end > 0; end = from[end]) starts.push_back(from[end]);
    std::reverse(starts.begin(), starts.end());
    return starts;
}

}  // namespace minidj::structure
