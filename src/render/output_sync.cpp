#include "render/output_sync.h"

#include <algorithm>
#include <cmath>

#include "render/measure.h"

namespace minidj::render {
namespace {


// The OUT time of source time s through the plan's map near master beat k (linear between
// neighbouring beats).
double planned_out_time(const std::vector<double>& beats, const std::vector<double>& out, std::size_t k, double s) {
    const std::size_t j = (s >= beats[k] && k + 1 < beats.size()) || k == 0 ? k : k - 1;
    const std::size_t j1 = std::min(j + 1, beats.size() - 1);
    const double slope = j1 > j ? (out[j1] - out[j]) / (beats[j1] - beats[j]) : 1.0;
    return out[j] + (s - beats[j]) * slope;
}

}  // namespace

std::vector<std::optional<double>> attacks_in_output(const DeckStem& rendered, const DeckBeats& deck,
                                                     const std::vector<double>& planned_out, int rate) {
    std::vector<std::optional<double>> out(planned_out.size());
    if (deck.beats.size() != planned_out.size() || planned_out.size() < 2) return out;
    // Where the deck's music around each analysed beat landed, relative to the plan.
    const auto lags = landing_errors(rendered, deck.source, deck.beats, planned_out, rate);
    const double period = (deck.beats.back() - deck.beats.front()) / double(deck.beats.size() - 1);
    // Attacks away from where this deck's others sit are other sounds: left out, as in the beat fit.
    const auto attacks = lined_up_attacks(
        beat_attacks(deck.source, rate, deck.beats, std::min(0.03, 0.15 * period)), deck.beats);
    for (std::size_t k = 0; k < planned_out.size(); ++k) {
        if (!lags[k] || !attacks[k]) continue;
        out[k] = planned_out_time(deck.beats, planned_out, k, *attacks[k]) + *lags[k];
    }
    return out;
}

std::vector<std::optional<double>> sync_differences(const std::vector<std::optional<double>>& a,
                                                    const std::vector<std::optional<double>>& b) {
    std::vector<std::optional<double>> out(std::min(a.size(), b.size()));
    for (std::size_t k = 0; k < out.size(); ++k) {
        if (a[k] && b[k]) out[k] = *b[k] - *a[k];
    }
    return out;
}

}  // namespace minidj::render
