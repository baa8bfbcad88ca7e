#include "planner/seam_table.h"

#include <algorithm>
#include <cmath>

#include "minidj/brain.h"
#include "planner/set_rules.h"

namespace minidj::planner {

SeamTable::SeamTable(std::span<const SetCandidate> candidates, const SeamScorer& scorer, const SetRequest& request)
    : candidates_(candidates), scorer_(scorer), request_(request), energy_rank_(energy_ranks(candidates)) {}

// In a large library thousands of tracks may follow one; the network scores a shortlist: in
// each of kEnergyBands bands of energy (so every arc stays reachable), the tracks closest in
// tempo.
std::vector<std::size_t> SeamTable::shortlist(std::size_t from, std::vector<std::size_t> allowed) const {
    const auto tempo_gap = [&](std::size_t to) {
        const auto tempo = brain::tempo_relation(candidates_[from].bpm, candidates_[to].bpm);
        return tempo.relation == brain::TempoRelation::kUnknown ? 1.0 : tempo.deviation;  // no beat: last
    };
    std::vector<std::vector<std::size_t>> bands(kEnergyBands);
    for (std::size_t to : allowed) {
        const auto band = std::min(kEnergyBands - 1, std::size_t(energy_rank_[to] * double(kEnergyBands)));
        bands[band].push_back(to);
    }
    std::vector<std::size_t> out;
    const std::size_t per_band = kMaxScoredSuccessors / kEnergyBands;
    for (auto& band : bands) {
        const std::size_t keep = std::min(per_band, band.size());
        std::partial_sort(band.begin(), band.begin() + std::ptrdiff_t(keep), band.end(),
                          [&](std::size_t x, std::size_t y) { return tempo_gap(x) < tempo_gap(y); });
        out.insert(out.end(), band.begin(), band.begin() + std::ptrdiff_t(keep));
    }
    return out;
}

SeamTable::Row& SeamTable::row(std::size_t from) {
    auto found = rows_.find(from);
    if (found != rows_.end()) return found->second;
    std::vector<std::size_t> allowed;
    for (std::size_t to = 0; to < candidates_.size(); ++to) {
        if (to != from && seam_allowed(candidates_[from], candidates_[to], request_)) allowed.push_back(to);
    }
    if (allowed.size() > kMaxScoredSuccessors) allowed = shortlist(from, std::move(allowed));
    std::vector<float> scores(allowed.size(), 0.0f);
    if (!allowed.empty()) {
        scorer_(from, allowed, scores);
        ++calls_;
    }
    Row r;
    r.sorted.reserve(allowed.size());
    for (std::size_t i = 0; i < allowed.size(); ++i) {
        r.sorted.push_back({allowed[i], std::clamp(scores[i], 0.0f, 1.0f)});
        r.by_index.emplace(allowed[i], r.sorted.back().score);
    }
    std::stable_sort(r.sorted.begin(), r.sorted.end(),
                     [](const Successor& x, const Successor& y) { return x.score > y.score; });
    return rows_.emplace(from, std::move(r)).first->second;
}

std::span<const SeamTable::Successor> SeamTable::successors(std::size_t from) {
    const auto& sorted = row(from).sorted;  // best first: those at or above the floor lead
    const auto end = std::find_if(sorted.begin(), sorted.end(), [&](const Successor& s) { return s.score < floor_; });
    return {sorted.data(), std::size_t(end - sorted.begin())};
}

std::optional<float> SeamTable::score(std::size_t from, std::size_t to) {
    const auto above_floor = [&](float value) { return value < floor_ ? std::nullopt : std::optional(value); };
    if (const auto found = rows_.find(from); found != rows_.end()) {
        const auto it = found->second.by_index.find(to);
        if (it == found->second.by_index.end()) return std::nullopt;
        return above_floor(it->second);
    }
    // A single seam from a track whose row was never needed (the local search tries many):
    // one small call rather than scoring the whole library from it.
    if (to == from || !seam_allowed(candidates_[from], candidates_[to], request_)) return std::nullopt;
    const auto key = std::pair{from, to};
    if (const auto it = pairs_.find(key); it != pairs_.end()) return above_floor(it->second);
    const std::size_t target[1] = {to};
    float value[1] = {0.0f};
    scorer_(from, target, value);
    ++calls_;
    return above_floor(pairs_[key] = std::clamp(value[0], 0.0f, 1.0f));
}

}  // namespace minidj::planner
