#pragma once
/// @file library_tools.h
/// Keeping a library in step with the music it describes: which stored files are gone or
/// changed, filtering and searching rows, figures about the whole library, forgetting rows of
/// deleted files, following a moved folder. Built on the public Library API; rows only: nothing
/// here ever modifies, moves or deletes a music file.
///
/// Thread safety: as Library (one Library per thread).

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "minidj/library.h"

namespace minidj {

/// How a stored file compares with the file at its path now.
enum class FileState {
    kUnchanged,   ///< same size, mtime and content hash as when analysed
    kChanged,     ///< there, but not what was analysed (`analyze` would analyse it again)
    kMissing,     ///< nothing at the path any more (deleted, moved, renamed)
    kUnreadable,  ///< there but cannot be read (permissions, I/O error)
};
/// "unchanged", "changed", "missing", "unreadable".
const char* to_string(FileState state);

/// Stats and hashes the file at `stored.path` (identify_file) and compares it with the row.
FileState check_file(const TrackSummary& stored);

/// True when nothing is at `path` (not an error such as a permission problem or an unmounted
/// parent: only ENOENT/ENOTDIR count). A stat, no read.
bool file_is_gone(const std::string& path);

/// Which rows `library list` shows. Empty fields do not filter.
struct TrackFilter {
    std::optional<std::pair<double, double>> bpm;     ///< lo <= bpm <= hi
    std::optional<MusicalKey> key;                    ///< exactly this key
    std::string camelot;                              ///< "8A" (case-insensitive)
    std::optional<std::pair<double, double>> energy;  ///< lo <= energy_rms <= hi
    std::string artist;                               ///< substring of the artist, case-insensitive
    std::string text;                                 ///< substring of path, artist, title or album
    bool missing = false;                             ///< only rows whose file is gone

    /// "library: ..." for an empty or reversed range.
    Status validate() const;
    bool matches(const TrackSummary& track) const;
};

/// The rows that pass `filter`, by path.
Result<std::vector<TrackSummary>> find_tracks(Library& library, const TrackFilter& filter);

/// The same audio under several paths (an album and a compilation) is one track: of rows with
/// equal content hashes only the first is kept, in the rows' order.
std::vector<TrackRow> one_row_per_content(std::vector<TrackRow> rows);

/// Figures about a whole library.
struct LibraryStats {
    std::size_t tracks = 0;
    std::size_t missing = 0;             ///< rows whose file is gone
    double duration_s = 0.0;             ///< of every track
    std::map<int, std::size_t> analyzer_versions;  ///< version -> tracks
    std::optional<double> bpm_min, bpm_median, bpm_max;  ///< over tracks with a beat
    std::map<std::string, std::size_t> keys;  ///< Camelot code -> tracks ("" for no key)
    std::uintmax_t file_bytes = 0;       ///< the library file plus its WAL
    std::size_t duplicates = 0;          ///< rows whose audio (content hash) an earlier row has
    std::size_t duplicated = 0;          ///< distinct audio contents stored under two paths or more
    std::size_t seam_cells = 0;          ///< cells of the approximate index (0: none built)
    std::size_t seam_cell_rows = 0;      ///< tracks in a cell when they were built
};
Result<LibraryStats> library_stats(Library& library, const std::filesystem::path& file);

/// Forgets every row whose file is gone (file_is_gone); with `dry_run` only says which.
/// Returns those paths.
Result<std::vector<std::string>> prune_missing(Library& library, bool dry_run);

/// The rows `library relocate` moved and left.
struct Relocation {
    std::vector<std::pair<std::string, std::string>> moved;  ///< old path, new path
    std::vector<std::pair<std::string, std::string>> left;   ///< old path, why it stayed
};

/// A folder moved from `from` to `to`: every row under `from` (by whole path components)
/// follows to the same place under `to`, once the file there is found to have the content hash
/// stored for it. Files not there, changed, or whose new path already has a row are reported
/// in `left` and their rows left as they were.
Result<Relocation> relocate(Library& library, const std::filesystem::path& from, const std::filesystem::path& to);

/// What merging one library into another did (`minidj library merge`).
struct MergeReport {
    std::size_t added = 0;     ///< paths the library did not have
    std::size_t replaced = 0;  ///< rows the shard's newer analysis replaced
    std::size_t kept = 0;      ///< rows the library already had as new or newer
    std::vector<std::string> skipped;  ///< "<path>: <reason>" for shard rows that could not be read or stored
};

/// Stores every row of the library file `shard` in `library` (analysis, tags as read, file
/// identity; nothing decoded): a path the library lacks is added; for a path both have, the
/// analysis by the newer analyser version wins, and between equal versions that of the newer
/// file (a later modification time); otherwise the library keeps its own. The shard's rows
/// are only read (a shard written by an older minidj is first brought to this schema, as every
/// library minidj opens). `progress(done, total)` follows the rows.
/// Fails when the shard cannot be opened (missing, not a library, newer) or is the library's
/// own file.
Result<MergeReport> merge_library(Library& library, const std::filesystem::path& library_file,
                                  const std::filesystem::path& shard,
                                  const std::function<void(std::size_t, std::size_t)>& progress = {});

}  // namespace minidj
