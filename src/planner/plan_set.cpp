// plan_set(): sizes the set, runs the chosen search, and reports what it found.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>

#include "planner/set_problem.h"

namespace minidj::planner {
namespace {

constexpr std::size_t kBacktrackBudget = 200000;  // seam look-ups: well under a second

std::string file_name(const std::string& path) { return std::filesystem::path(path).filename().string(); }

double median_play_seconds(std::span<const SetCandidate> candidates) {
    std::vector<double> s;
    for (const auto& c : candidates) s.push_back(c.play_seconds);
    if (s.empty()) return 0.0;
    std::nth_element(s.begin(), s.begin() + std::ptrdiff_t(s.size() / 2), s.end());
    return s[s.size() / 2];
}

std::size_t tracks_wanted(std::span<const SetCandidate> candidates, const SetRequest& request) {
    if (request.tracks) return *request.tracks;
    const double typical = std::max(1.0, median_play_seconds(candidates));
    return std::max<std::size_t>(2, std::size_t(std::ceil(*request.length_s / typical)));
}

double seconds_of(std::span<const SetCandidate> candidates, const std::vector<std::size_t>& order) {
    double total = 0.0;
    for (std::size_t t : order) total += candidates[t].play_seconds;
    return total;
}

// A set asked for by length may fall short when its tracks are shorter than the library's
// median: add the best-following tracks until it is long enough.
void top_up_to_length(SetProblem& problem, std::vector<std::size_t>& order, double length_s) {
    std::vector<bool> used(problem.candidates.size(), false);
    for (std::size_t t : order) used[t] = true;
    const bool keep_last = problem.request.last.has_value();
    while (seconds_of(problem.candidates, order) < length_s && !order.empty()) {
        const std::size_t from = keep_last && order.size() > 1 ? order[order.size() - 2] : order.back();
        std::optional<std::size_t> pick;
        for (const auto& next : problem.seams.successors(from)) {
            if (used[next.index]) continue;
            if (keep_last && !problem.seams.score(next.index, order.back())) continue;
            pick = next.index;
            break;
        }
        if (!pick) break;
        order.insert(keep_last ? order.end() - 1 : order.end(), *pick);
        used[*pick] = true;
        if (problem.evaluate(order)) continue;
        order.erase(std::find(order.begin(), order.end(), *pick));  // broke artist spacing
        break;
    }
}

std::vector<std::size_t> search(SetProblem& problem, SearchMethod method) {
    std::vector<std::size_t> order;
    switch (method) {
        case SearchMethod::kBeamAnneal:
            order = beam_search(problem, problem.request.beam_width);
            if (order.size() < problem.length) {
                auto deeper = backtrack_search(problem, kBacktrackBudget);
                if (deeper.size() > order.size()) order = std::move(deeper);
            }
            if (order.size() == problem.length) anneal(problem, order, problem.request.anneal_steps, problem.request.seed);
            break;
        case SearchMethod::kGreedy: order = beam_search(problem, 1); break;
        case SearchMethod::kRandom: order = random_walk(problem, problem.request.seed); break;
    }
    return order;
}

}  // namespace

Status SetRequest::validate(std::size_t candidates) const {
    if (tracks.has_value() == length_s.has_value()) return Error{"set: give either a track count or a length"};
    if (tracks && *tracks < 2) return Error{"set: a set has at least 2 tracks"};
    if (length_s && !(*length_s > 0)) return Error{"set: the length must be positive"};
    if (!(rules.max_tempo_change >= 0 && rules.max_tempo_change <= 0.5)) {
        return Error{"set: --max-tempo-change must be 0..50 %"};
    }
    if (!(min_seam_score >= 0 && min_seam_score <= 1)) return Error{"set: --min-seam must be 0..1"};
    if (no_repeat_artist < 0) return Error{"set: --no-repeat-artist must be >= 0"};
    if (first && *first >= candidates) return Error{"set: the start track is not among the candidates"};
    if (last && *last >= candidates) return Error{"set: the end track is not among the candidates"};
    if (first && last && *first == *last) return Error{"set: the start and end tracks are the same"};
    if (beam_width < 1 || anneal_steps < 0) return Error{"set: beam width >= 1, anneal steps >= 0"};
    return Ok();
}

Result<PlannedSet> plan_set(std::span<const SetCandidate> candidates, const SeamScorer& scorer,
                            const SetRequest& request, SearchMethod method) {
    if (auto valid = request.validate(candidates.size()); !valid) return valid.error();
    if (candidates.size() < 2) return Error{fmt::format("set: {} track(s) to choose from; a set needs at least 2", candidates.size())};
    SeamTable seams(candidates, scorer, request);
    SetProblem problem{candidates, request, seams, energy_ranks(candidates), 0};
    const std::size_t wanted = tracks_wanted(candidates, request);
    problem.length = std::min(wanted, candidates.size());

    PlannedSet out;
    if (problem.length < wanted) {
        out.notes.push_back(fmt::format("the library has only {} tracks: the set has at most that many", candidates.size()));
    }
    // Seams under the floor are forbidden while an order of the full length avoids them all.
    seams.set_floor(float(request.min_seam_score));
    auto order = search(problem, method);
    if (order.size() < problem.length && request.min_seam_score > 0) {
        seams.set_floor(0.0f);
        auto any = search(problem, method);
        if (any.size() > order.size()) order = std::move(any);
        else seams.set_floor(float(request.min_seam_score));
    }
    if (order.size() < 2) {
        return Error{fmt::format("set: no two tracks can follow each other within {:.0f} % tempo change and the "
                                 "harmonic rule{}", 100 * request.rules.max_tempo_change,
                                 request.first || request.last ? " from the start/end tracks" : "")};
    }
    if (request.length_s) top_up_to_length(problem, order, *request.length_s);
    if (order.size() < problem.length) {
        out.notes.push_back(fmt::format("only {} of {} tracks could be chained within {:.0f} % tempo change, "
                                        "the harmonic rule and the artist spacing", order.size(), problem.length,
                                        100 * request.rules.max_tempo_change));
    }
    problem.length = order.size();  // the arc spans the set actually played
    const auto objective = problem.evaluate(order);
    if (!objective) return Error{"set: internal error: the planned order breaks a rule"};
    out.order = order;
    out.objective = *objective;
    out.seconds = seconds_of(candidates, order);
    if (request.length_s && out.seconds < *request.length_s) {
        out.notes.push_back(fmt::format("the set lasts about {:.0f} min, short of the {:.0f} min asked for",
                                        out.seconds / 60, *request.length_s / 60));
    }
    for (std::size_t i = 0; i < order.size(); ++i) {
        if (i > 0) out.seam_scores.push_back(*seams.score(order[i - 1], order[i]));
        if (i > 0 && out.seam_scores.back() < request.min_seam_score) {
            out.notes.push_back(fmt::format("seam {} ({} -> {}) scores {:.2f}, under the floor of {:.2f}: no order of "
                                            "{} tracks keeps every seam above it", i, file_name(candidates[order[i - 1]].path),
                                            file_name(candidates[order[i]].path), out.seam_scores.back(), request.min_seam_score,
                                            order.size()));
        }
        out.energy_rank.push_back(problem.rank[order[i]]);
        out.arc_targets.push_back(arc_target(request.arc, order.size() > 1 ? double(i) / double(order.size() - 1) : 0.0));
    }
    return out;
}

}  // namespace minidj::planner
