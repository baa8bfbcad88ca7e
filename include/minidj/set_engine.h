#pragma once
/// @file set_engine.h
/// The set engine's choosing side, as `minidj set` uses it: from a pool of candidate tracks,
/// choose and order a set (set_planner.h), plan its transitions (set.h), and when a chosen track
/// no longer loads, is too short for its transitions, or fails to decode while rendering, drop
/// it and plan again. `minidj play` chooses one track at a time from the same kind of pool
/// (live.h); both render with mix_stream.h.
///
/// Thread safety: every function is reentrant; a pool is used by one thread at a time.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "minidj/brain.h"
#include "minidj/set.h"
#include "minidj/set_planner.h"

namespace minidj {

/// The full analysis of a track (a library's, or analysed now). Errors are one line.
using AnalysisLoader = std::function<Result<TrackAnalysis>(const std::string& path)>;

/// Whether two paths as given name the same file (compared as canonical paths): how --start and
/// --end find their track.
bool same_track_path(const std::string& a, const std::string& b);

/// The tracks a set may choose from: each a planner row and a Brain row.
struct SetPool {
    std::vector<planner::SetCandidate> candidates;
    std::vector<brain::TrackFeatures> features;  ///< same order
    std::vector<double> durations_s;
    std::vector<std::string> skipped;            ///< "<path>: <reason>" for tracks left out

    /// The index of `track` (a path as given) in the pool, compared as canonical paths.
    std::optional<std::size_t> find(const std::string& track) const;
    /// Removes `track`; false if it is not in the pool.
    bool drop(const std::string& track);
};

struct SetEngineOptions {
    planner::SetRequest request;  ///< length or tracks, arc, rules, floor, artist spacing, seed
    std::string start, end;       ///< paths of the opening and closing tracks (empty: free)
    SetTransitionOptions transitions;
};

/// Chooses, orders and plans a set from `pool`. A chosen track that no longer loads or is too
/// short for its transitions leaves the pool, with a note in the plan, and the set is planned
/// again (at most 3 times for tracks that fail to load; short tracks are each dropped for
/// good). `notes` (when given) receives each load failure as it happens.
Result<SetPlan> plan_set_from_pool(SetPool& pool, const SetEngineOptions& options, const brain::Model& model,
                                   const AnalysisLoader& load, std::vector<std::string>* failures = nullptr);

/// A rendered set: the plan as rendered (replanned when a track failed), its analyses (in plan
/// order) and the report.
struct RenderedSet {
    SetPlan plan;
    std::vector<TrackAnalysis> analyses;
    SetReport report;
};

/// Renders `plan`. When a track fails to decode and `pool` is given (the set was planned here,
/// not read from a plan file), that track leaves the pool and the set is planned again and
/// rendered, at most 3 times; each such event is a line in `failures` and a note in the plan.
Result<RenderedSet> render_set_replanning(SetPlan plan, SetPool* pool, const SetEngineOptions& options,
                                          const brain::Model& model, const AnalysisLoader& load,
                                          const SetRenderOptions& render, std::vector<std::string>* failures = nullptr);

}  // namespace minidj
