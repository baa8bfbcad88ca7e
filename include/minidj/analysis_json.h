#pragma once
/// @file analysis_json.h
/// The JSON form of a TrackAnalysis (schema documented in docs/json-schema.md, versioned by
/// kJsonSchemaVersion). Kept apart from analysis.h so that nlohmann/json stays out of most code.

#include <nlohmann/json.hpp>

#include "minidj/analysis.h"

namespace minidj {

inline constexpr int kJsonSchemaVersion = 1;

/// Full analysis; `include_matrices` adds the per-beat feature matrix and MFCC covariance.
nlohmann::json to_json(const TrackAnalysis& analysis, bool include_matrices = true);
/// Inverse of to_json (with matrices). Fails with "json: <field>: <reason>".
Result<TrackAnalysis> analysis_from_json(const nlohmann::json& json);

}  // namespace minidj
