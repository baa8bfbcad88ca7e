// Building orders: beam search (greedy is a beam one wide) and the random-walk baseline.
#include <algorithm>
#include <random>

#include "planner/set_problem.h"

namespace minidj::planner {
namespace {

struct State {
    std::vector<std::size_t> order;
    std::vector<bool> used;
    double seam_sum = 0.0, arc_sum = 0.0;

    // The objective of the partial order (means, as in SetObjective::total).
    double value(double arc_weight) const {
        const double seams = order.size() > 1 ? seam_sum / double(order.size() - 1) : 0.0;
        return seams + arc_weight * arc_sum / double(order.size());
    }
};

State extend(const State& s, std::size_t next, float seam, double arc) {
    State child = s;
    child.order.push_back(next);
    child.used[next] = true;
    child.seam_sum += seam;
    child.arc_sum += arc;
    return child;
}

// Can anything still follow `track` (by tempo and key) once `used` are played? A beam whose
// states all walked into a corner would end the set early.
bool has_way_on(SetProblem& problem, const std::vector<bool>& used, std::size_t track) {
    for (std::size_t next = 0; next < problem.candidates.size(); ++next) {
        if (!used[next] && next != track && seam_allowed(problem.candidates[track], problem.candidates[next], problem.request)) {
            return true;
        }
    }
    return false;
}

}  // namespace

std::vector<std::size_t> beam_search(SetProblem& problem, int width) {
    const auto w = std::size_t(std::max(1, width));
    const double weight = problem.request.arc_weight;
    std::vector<State> beam;
    State empty;
    empty.used.assign(problem.candidates.size(), false);
    for (std::size_t opener : problem.openers()) {
        if (beam.size() == w) break;
        if (problem.may_append(empty.order, empty.used, opener)) beam.push_back(extend(empty, opener, 0.0f, problem.arc_fit(opener, 0)));
    }
    if (beam.empty()) return {};
    State best = beam.front();
    while (beam.front().order.size() < problem.length) {
        std::vector<State> children;
        for (const State& s : beam) {
            const std::size_t position = s.order.size();
            // Every allowed successor competes on seam and arc together; keep this state's best w.
            std::vector<std::pair<double, SeamTable::Successor>> ranked;
            for (const auto& next : problem.seams.successors(s.order.back())) {
                if (!problem.may_append(s.order, s.used, next.index)) continue;
                ranked.push_back({next.score + weight * problem.arc_fit(next.index, position), next});
            }
            std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
            const bool closing = position + 1 == problem.length;
            std::size_t kept = 0;
            for (std::size_t i = 0; i < ranked.size() && kept < w; ++i) {
                const auto& next = ranked[i].second;
                State child = extend(s, next.index, next.score, problem.arc_fit(next.index, position));
                if (!closing && !has_way_on(problem, child.used, next.index)) continue;
                children.push_back(std::move(child));
                ++kept;
            }
        }
        if (children.empty()) break;
        const std::size_t keep = std::min(w, children.size());
        std::partial_sort(children.begin(), children.begin() + std::ptrdiff_t(keep), children.end(),
                          [&](const State& a, const State& b) { return a.value(weight) > b.value(weight); });
        children.resize(keep);
        beam = std::move(children);
        best = beam.front();
    }
    return best.order;
}

namespace {

// Depth-first search for any order of the full length, best seams tried first, within a
// budget of steps; remembers the longest order met.
struct Backtracker {
    SetProblem& problem;
    std::size_t budget;
    std::vector<std::size_t> order, longest;
    std::vector<bool> used;

    bool search() {
        if (order.size() > longest.size()) longest = order;
        if (order.size() == problem.length) return true;
        for (const auto& next : problem.seams.successors(order.back())) {
            if (budget == 0) return false;
            --budget;
            if (!problem.may_append(order, used, next.index)) continue;
            order.push_back(next.index);
            used[next.index] = true;
            if (search()) return true;
            used[next.index] = false;
            order.pop_back();
        }
        return false;
    }
};

}  // namespace

std::vector<std::size_t> backtrack_search(SetProblem& problem, std::size_t budget) {
    Backtracker b{problem, budget, {}, {}, std::vector<bool>(problem.candidates.size(), false)};
    for (std::size_t opener : problem.openers()) {
        if (b.budget == 0) break;
        if (!problem.may_append(b.order, b.used, opener)) continue;
        b.order = {opener};
        b.used[opener] = true;
        if (b.search()) return b.order;
        b.used[opener] = false;
    }
    return b.longest;
}

std::vector<std::size_t> random_walk(SetProblem& problem, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::vector<std::size_t> best;
    auto openers = problem.openers();
    constexpr int kAttempts = 20;  // a walk can paint itself into a corner; keep the longest
    for (int attempt = 0; attempt < kAttempts && best.size() < problem.length; ++attempt) {
        std::vector<std::size_t> order;
        std::vector<bool> used(problem.candidates.size(), false);
        std::uniform_int_distribution<std::size_t> pick_opener(0, openers.size() - 1);
        const std::size_t first = openers[pick_opener(rng)];
        if (!problem.may_append(order, used, first)) continue;
        order.push_back(first);
        used[first] = true;
        while (order.size() < problem.length) {
            std::vector<std::size_t> options;
            for (const auto& next : problem.seams.successors(order.back())) {
                if (problem.may_append(order, used, next.index)) options.push_back(next.index);
            }
            if (options.empty()) break;
            std::uniform_int_distribution<std::size_t> pick(0, options.size() - 1);
            const std::size_t next = options[pick(rng)];
            order.push_back(next);
            used[next] = true;
        }
        if (order.size() > best.size()) best = order;
    }
    return best;
}

}  // namespace minidj::planner
