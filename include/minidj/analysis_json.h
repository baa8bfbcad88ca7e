#pragma once
/// @file analysis_json.h
/// The JSON form of a TrackAnalysis (schema documented in docs/json-schema.md, versioned by
/// kJsonSchemaVersion). Kept apart from analysis.h so that nlohmann/json stays out of most code.
///
/// Every object these functions build holds valid UTF-8 only, so `dump()` never throws: a path
/// that is not valid UTF-8 is written with U+FFFD replacements under "path" plus its exact bytes
/// in hex under "path_bytes_hex". Non-finite numbers are written as null (JSON has no NaN).

#include <nlohmann/json.hpp>
#include <string>

#include "minidj/analysis.h"

namespace minidj {

/// Bumped on breaking changes (a field removed, renamed or re-typed, a unit changed) and when a
/// new part of the analysis appears (2: `structure` and the `tonal_db` column); within one
/// version fields are only added. Every older version is still read.
inline constexpr int kJsonSchemaVersion = 2;

/// Whether a stored analysis's `structure` is the current structure stage's reading: files of
/// schema 1 were written before it read songs (verse, chorus, bridge), so their structure is
/// read again from the per-beat matrix wherever the matrix is at hand (no decode).
bool structure_is_current(const nlohmann::json& json);

/// Full analysis; `include_matrices` adds the per-beat feature matrix and MFCC covariance.
nlohmann::json to_json(const TrackAnalysis& analysis, bool include_matrices = true);
/// Inverse of to_json (with or without matrices: absent matrices come back empty). Values come
/// back rounded as to_json rounded them; null numbers come back as NaN. A structure that is
/// absent or not current (structure_is_current) is read again from the matrix when it is there;
/// without the matrix an old structure is kept, an absent one left empty. Fails with
/// "json: <field>: <reason>", also for a schema_version newer than kJsonSchemaVersion.
Result<TrackAnalysis> analysis_from_json(const nlohmann::json& json);

/// The JSON of a file's tags: only those present, {"artist": ..., "year": 1997}; {} when none.
nlohmann::json tags_json(const AudioTags& tags);

/// The error line of `analyze --json` for a file that could not be analysed:
/// {"path": ..., "error": message} (plus "path_bytes_hex" for a non-UTF-8 path).
nlohmann::json error_json(const std::string& path, const std::string& message);

}  // namespace minidj
