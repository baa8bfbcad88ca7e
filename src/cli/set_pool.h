#pragma once
// The tracks a set may choose from: the PATHS given (files, folders, M3U8 playlists; analysed
// and stored when missing), or the whole library. Each becomes a planner row and a Brain
// feature row; full analyses are loaded later, only for the tracks chosen.

#include <string>
#include <vector>

#include "cli/file_scan.h"
#include "minidj/brain.h"
#include "minidj/library.h"
#include "minidj/set_planner.h"

namespace minidj::cli {

struct SetPool {
    std::vector<planner::SetCandidate> candidates;
    std::vector<brain::TrackFeatures> features;  ///< same order
    std::vector<double> durations_s;
    std::vector<std::string> skipped;            ///< "<path>: <reason>" for tracks left out
};

/// `overlap_bars` estimates how much of each track the transitions take. Errors only when the
/// library cannot be read.
Result<SetPool> gather_set_pool(Library& library, const std::vector<std::string>& paths, int overlap_bars);

/// The audio files `paths` name: files as given, folders scanned, playlists' entries; a missing
/// path or playlist is a line in `errors`.
ScanResult expand_set_paths(const std::vector<std::string>& paths);

/// Lines of an M3U/M3U8 playlist that name tracks (file: URIs decoded), resolved against the
/// playlist's folder.
std::vector<std::string> playlist_entries(const std::string& m3u8);

/// The index of `track` (as given on the command line) in the pool, if it is there.
std::optional<std::size_t> find_in_pool(const SetPool& pool, const std::string& track);

/// Removes `track` from the pool (a track that failed to decode); false if it is not in it.
bool drop_from_pool(SetPool& pool, const std::string& track);

}  // namespace minidj::cli
