#pragma once
// The seam scores the search reads, fetched from the scorer one source track at a time (one
// batched call gives every allowed successor of that track) and kept.

#include <functional>
#include <optional>
#include <span>
#include <unordered_map>
#include <utility>
#include <vector>

#include "minidj/set_planner.h"

namespace minidj::planner {

class SeamTable {
public:
    SeamTable(std::span<const SetCandidate> candidates, const SeamScorer& scorer, const SetRequest& request);

    struct Successor {
        std::size_t index;
        float score;
    };
    /// Every track allowed after `from` by the tempo and harmonic rules (in a large library, a
    /// shortlist of at most kMaxScoredSuccessors of them) whose seam scores at least the floor,
    /// best seam first.
    std::span<const Successor> successors(std::size_t from);
    /// The seam score from -> to, or nullopt when the rules forbid the seam or it scores under
    /// the floor.
    std::optional<float> score(std::size_t from, std::size_t to);
    /// Seams scored under `floor` count as forbidden from now on (scores stay cached).
    void set_floor(float floor) { floor_ = floor; }
    float floor() const { return floor_; }
    std::size_t scorer_calls() const { return calls_; }

private:
    struct Row {
        std::vector<Successor> sorted;
        std::unordered_map<std::size_t, float> by_index;
    };
    Row& row(std::size_t from);
    std::vector<std::size_t> shortlist(std::size_t from, std::vector<std::size_t> allowed) const;

    static constexpr std::size_t kMaxScoredSuccessors = 256;
    static constexpr std::size_t kEnergyBands = 8;

    std::span<const SetCandidate> candidates_;
    const SeamScorer& scorer_;
    const SetRequest& request_;
    std::vector<double> energy_rank_;
    struct PairHash {
        std::size_t operator()(const std::pair<std::size_t, std::size_t>& p) const {
            return std::hash<std::size_t>()(p.first * 0x9E3779B97F4A7C15ull ^ p.second);
        }
    };
    std::unordered_map<std::size_t, Row> rows_;
    std::unordered_map<std::pair<std::size_t, std::size_t>, float, PairHash> pairs_;  // single seams
    std::size_t calls_ = 0;
    float floor_ = 0.0f;
};

}  // namespace minidj::planner
