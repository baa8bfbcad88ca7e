#pragma once
/// @file planner.h
/// The Planner: which tracks to play next. For now, next-track recommendation.
///
/// Thread safety: recommend() is reentrant (the Model is only read).

#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "minidj/brain.h"
#include "minidj/result.h"

namespace minidj::planner {

struct RecommendOptions {
    std::size_t k = 10;                                   ///< how many to return, >= 1
    std::optional<std::pair<double, double>> bpm_range;  ///< keep candidates with lo <= bpm <= hi
    bool key_compatible = false;  ///< keep only keys compatible with the seed's on the wheel
    bool exclude_artist = false;  ///< skip candidates by the seed's artist (artist_of each row)
    Status validate() const;      ///< "recommend: ..." for k = 0 or a bad range
};

struct Recommendation {
    std::size_t index = 0;  ///< into the candidate rows
    brain::PairScore score;
};

/// The artist of a track: its artist tag; when the file has none, the name of its folder
/// (libraries are laid out Artist/track or Artist/Album/track, where the folder is the album).
std::string artist_of(const std::string& artist_tag, const std::string& path);

/// The k best next tracks after `seed`, best first, with their explanations. The seed's own
/// path is never recommended. Speed: filters first, then the rulebook as a pre-filter (the
/// network's rule part has learned it, so a pair that breaks it scores low), then one batched
/// network pass; candidates that break the rulebook are scored only when fewer than k keep it.
std::vector<Recommendation> recommend(const brain::Model& model, const brain::TrackFeatures& seed,
                                      std::span<const brain::TrackFeatures> candidates,
                                      const RecommendOptions& options);
/// The same over rows held elsewhere (a library's TrackRows): indices are into `candidates`.
std::vector<Recommendation> recommend(const brain::Model& model, const brain::TrackFeatures& seed,
                                      std::span<const brain::TrackFeatures* const> candidates,
                                      const RecommendOptions& options);

}  // namespace minidj::planner
