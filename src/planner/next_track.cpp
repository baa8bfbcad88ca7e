// choose_next_track(): the live player's step of the set planner. The same rules and the same
// objective as plan_set() (the Brain's seam score plus the arc's energy fit), taken one track
// at a time, because live the night changes as it goes (skips, "more energy").
#include <fmt/format.h>

#include <cmath>

#include "minidj/set_planner.h"
#include "planner/set_rules.h"

namespace minidj::planner {
namespace {

std::string key_text(const std::optional<MusicalKey>& key) { return key ? key->camelot() : "no key"; }

}  // namespace

std::optional<NextTrack> choose_next_track(std::span<const SetCandidate> candidates, const SeamScorer& scorer,
                                           const NextTrackRequest& request) {
    if (request.from >= candidates.size()) return std::nullopt;
    SetRequest rules;
    rules.rules = request.rules;
    std::vector<std::size_t> open;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        if (i != request.from && (i >= request.available.size() || request.available[i])) open.push_back(i);
    }
    if (open.empty()) return std::nullopt;
    std::vector<float> seam(open.size());
    scorer(request.from, open, seam);
    const auto rank = energy_ranks(candidates);
    const SetCandidate& a = candidates[request.from];
    std::optional<NextTrack> best;
    double best_total = -1e9;
    for (std::size_t k = 0; k < open.size(); ++k) {
        const std::size_t i = open[k];
        const bool allowed = seam_allowed(a, candidates[i], rules);
        const double fit = 1.0 - std::abs(rank[i] - request.energy_target);
        // A seam outside the rules is taken only when no other track keeps them.
        const double total = (allowed ? 10.0 : 0.0) + seam[k] + request.arc_weight * fit;
        if (total > best_total) {
            best_total = total;
            best = NextTrack{i, seam[k], rank[i], allowed, {}};
        }
    }
    const SetCandidate& b = candidates[best->index];
    best->reason = fmt::format("seam {:.2f}, energy {:.2f} for {:.2f} wanted, {:.0f} -> {:.0f} BPM, {} -> {}{}",
                               best->seam_score, best->energy_rank, request.energy_target, a.bpm, b.bpm,
                               key_text(a.key), key_text(b.key), best->within_rules ? "" : " (no track keeps the rules)");
    return best;
}

}  // namespace minidj::planner
