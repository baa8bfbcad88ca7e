// Local search on a complete order: simulated annealing over swaps, reversals and
// replacements by unused tracks, keeping the best order seen.
#include <algorithm>
#include <cmath>
#include <random>

#include "planner/set_problem.h"

namespace minidj::planner {
namespace {

constexpr double kStartTemperature = 0.05;  // objective units: a seam score moves by ~0.1
constexpr double kEndTemperature = 0.0005;
constexpr std::size_t kReplacementPool = 64;  // replacements come from the best seams in

}  // namespace

void anneal(SetProblem& problem, std::vector<std::size_t>& order, int steps, std::uint64_t seed) {
    if (order.size() < 2 || steps <= 0) return;
    auto current = problem.evaluate(order);
    if (!current) return;
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    // Positions the search may move: not a fixed first or last track.
    const std::size_t lo = problem.request.first ? 1 : 0;
    const std::size_t hi = order.size() - (problem.request.last ? 1 : 0);  // exclusive
    if (hi <= lo) return;
    std::uniform_int_distribution<std::size_t> position(lo, hi - 1);
    std::vector<bool> used(problem.candidates.size(), false);
    for (std::size_t t : order) used[t] = true;

    std::vector<std::size_t> best = order;
    double best_total = current->total;
    const double cooling = std::pow(kEndTemperature / kStartTemperature, 1.0 / steps);
    double temperature = kStartTemperature;
    for (int step = 0; step < steps; ++step, temperature *= cooling) {
        std::vector<std::size_t> trial = order;
        std::size_t i = position(rng), j = position(rng);
        if (i > j) std::swap(i, j);
        const int move = int(unit(rng) * 3.0);
        bool replaced = false;
        std::size_t added = 0, removed = 0;
        if (move == 0 && i != j) {
            std::swap(trial[i], trial[j]);
        } else if (move == 1 && j > i + 1) {
            std::reverse(trial.begin() + std::ptrdiff_t(i), trial.begin() + std::ptrdiff_t(j) + 1);
        } else {
            // Replace track i by an unused one that follows track i-1 well (for the opener: one
            // that the second track follows from, a pool of similar tracks).
            const auto& pool = problem.seams.successors(i > 0 ? trial[i - 1] : trial[1]);
            const std::size_t size = std::min(kReplacementPool, pool.size());
            if (size == 0) continue;
            const std::size_t pick = pool[std::size_t(unit(rng) * double(size))].index;
            if (used[pick]) continue;
            replaced = true;
            removed = trial[i];
            added = pick;
            trial[i] = pick;
        }
        const auto o = problem.evaluate(trial);
        if (!o) continue;
        const double delta = o->total - current->total;
        if (delta < 0 && unit(rng) >= std::exp(delta / temperature)) continue;
        if (replaced) {
            used[removed] = false;
            used[added] = true;
        }
        order = std::move(trial);
        current = o;
        if (current->total > best_total) {
            best_total = current->total;
            best = order;
        }
    }
    order = best;
}

}  // namespace minidj::planner
