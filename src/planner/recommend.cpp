// Next-track recommendation: filter, pre-filter by tempo, score in one batch, keep the best k.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <numeric>

#include "minidj/planner.h"

namespace minidj::planner {

Status RecommendOptions::validate() const {
    if (k < 1) return Error{"recommend: k must be at least 1"};
    if (bpm_range && !(bpm_range->first > 0 && bpm_range->first <= bpm_range->second)) {
        return Error{fmt::format("recommend: bpm range {}..{} is empty or not positive", bpm_range->first,
                                 bpm_range->second)};
    }
    return Ok{};
}

std::string artist_of(const std::string& artist_tag, const std::string& path) {
    if (!artist_tag.empty()) return artist_tag;
    return std::filesystem::path(path).parent_path().filename().string();
}

std::vector<Recommendation> recommend(const brain::Model& model, const brain::TrackFeatures& seed,
                                      std::span<const brain::TrackFeatures> candidates,
                                      const RecommendOptions& options) {
    std::vector<const brain::TrackFeatures*> rows(candidates.size());
    for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = &candidates[i];
    return recommend(model, seed, rows, options);
}

std::vector<Recommendation> recommend(const brain::Model& model, const brain::TrackFeatures& seed,
                                      std::span<const brain::TrackFeatures* const> candidates,
                                      const RecommendOptions& options) {
    const std::string seed_artist = options.exclude_artist ? artist_of(seed.artist, seed.path) : std::string();
    std::vector<std::size_t> likely, unlikely;  // keep / break the rulebook
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        const auto& c = *candidates[i];
        if (c.path == seed.path) continue;
        if (options.bpm_range && !(c.bpm >= options.bpm_range->first && c.bpm <= options.bpm_range->second)) continue;
        if (options.key_compatible && brain::key_relation(seed, c) == brain::KeyRelation::kClash) continue;
        if (options.exclude_artist && artist_of(c.artist, c.path) == seed_artist) continue;
        (brain::rulebook_compatible(seed, c) ? likely : unlikely).push_back(i);
    }
    if (likely.size() < options.k) likely.insert(likely.end(), unlikely.begin(), unlikely.end());

    std::vector<const brain::TrackFeatures*> rows(likely.size());
    for (std::size_t i = 0; i < likely.size(); ++i) rows[i] = candidates[likely[i]];
    const std::vector<float> scores = model.score_values(seed, rows);

    std::vector<std::size_t> order(likely.size());
    std::iota(order.begin(), order.end(), 0);
    const std::size_t k = std::min(options.k, order.size());
    std::partial_sort(order.begin(), order.begin() + std::ptrdiff_t(k), order.end(), [&](std::size_t a, std::size_t b) {
        return scores[a] != scores[b] ? scores[a] > scores[b] : likely[a] < likely[b];
    });
    std::vector<brain::TrackFeatures> best;
    for (std::size_t i = 0; i < k; ++i) best.push_back(*candidates[likely[order[i]]]);
    const auto explained = model.score(seed, best);
    std::vector<Recommendation> out;
    for (std::size_t i = 0; i < k; ++i) out.push_back({likely[order[i]], explained[i]});
    return out;
}

}  // namespace minidj::planner
