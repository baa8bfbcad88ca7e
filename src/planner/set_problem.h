#pragma once
// One set-planning problem as the searches see it: the candidates, their energy ranks, the
// request, the seam table, and how an order is scored and checked.

#include <vector>

#include "planner/seam_table.h"
#include "planner/set_rules.h"

namespace minidj::planner {

struct SetProblem {
    std::span<const SetCandidate> candidates;
    const SetRequest& request;
    SeamTable& seams;
    std::vector<double> rank;   // energy rank per candidate
    std::size_t length = 0;     // tracks the set should have

    double arc_fit(std::size_t track, std::size_t position) const;
    /// May `next` come at position order.size() (rules, spacing, fixed first/last, no repeat)?
    bool may_append(const std::vector<std::size_t>& order, const std::vector<bool>& used, std::size_t next);
    /// The objective of a whole order; nullopt when a seam breaks the rules.
    std::optional<SetObjective> evaluate(const std::vector<std::size_t>& order);
    /// Tracks that may open the set, best arc fit first.
    std::vector<std::size_t> openers() const;
};

/// The searches. Each returns the longest order it could build (at most problem.length).
std::vector<std::size_t> beam_search(SetProblem& problem, int width);
std::vector<std::size_t> random_walk(SetProblem& problem, std::uint64_t seed);
/// Depth-first search with backtracking: finds a full-length order where the beam (which
/// never backtracks) ran into a corner. Gives up after `budget` steps.
std::vector<std::size_t> backtrack_search(SetProblem& problem, std::size_t budget);
/// Improves a complete order in place by simulated annealing on swaps, reversals and
/// replacements by unused tracks.
void anneal(SetProblem& problem, std::vector<std::size_t>& order, int steps, std::uint64_t seed);

}  // namespace minidj::planner
