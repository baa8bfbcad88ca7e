#pragma once
// What the `library` verbs print: one line per track for a person, one JSON writer for
// programs (paths by the analysis JSON's rule: valid UTF-8, exact bytes in hex when not).

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "minidj/library_tools.h"

namespace minidj::cli {

/// {"path", "duration", "bpm", "key", "camelot", "loudness_lufs", "energy_rms", "tags",
///  "analyzer_version", "analysed_at", "size", "missing"}
nlohmann::json track_json(const TrackSummary& track);
/// {"tracks": [track_json...], "count"}
nlohmann::json tracks_json(const std::vector<TrackSummary>& tracks);
/// A list of paths: [{"path": ...}, ...] (with "path_bytes_hex" where needed).
nlohmann::json paths_json(const std::vector<std::string>& paths);
nlohmann::json stats_json(const LibraryStats& stats, const std::filesystem::path& file);
/// {"moved": [{"from", "to"}], "left": [{"path", "reason"}]}
nlohmann::json relocation_json(const Relocation& relocation);

/// One line: tempo, key, energy, loudness, length, artist - title, path ("  [missing]").
std::string track_line(const TrackSummary& track);
void print_stats(const LibraryStats& stats, const std::filesystem::path& file);

}  // namespace minidj::cli
