#pragma once
// The tracks a set may choose from: the PATHS given (files, folders, M3U8 playlists; analysed
// and stored when missing), or the whole library. Each becomes a planner row and a Brain
// feature row; full analyses are loaded later, only for the tracks chosen.

#include <string>
#include <vector>

#include "cli/file_scan.h"
#include "minidj/brain.h"
#include "minidj/library.h"
#include "minidj/set_engine.h"
#include "minidj/set_planner.h"

namespace minidj::cli {

/// `overlap_bars` estimates how much of each track the transitions take. Errors only when the
/// library cannot be read.
Result<SetPool> gather_set_pool(Library& library, const std::vector<std::string>& paths, int overlap_bars);

/// The audio files `paths` name: files as given, folders scanned, playlists' entries; a missing
/// path or playlist is a line in `errors`.
ScanResult expand_set_paths(const std::vector<std::string>& paths);

/// Lines of an M3U/M3U8 playlist that name tracks (file: URIs decoded), resolved against the
/// playlist's folder.
std::vector<std::string> playlist_entries(const std::string& m3u8);

}  // namespace minidj::cli
