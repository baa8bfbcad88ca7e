#pragma once
/// @file library.h
/// The library: a SQLite file (WAL mode) holding each track's analysis, keyed by file identity.
///
/// Crash safety: every store() is its own transaction, so killing the process loses at most the
/// track being written. Concurrency: one Library object per thread; several processes may share
/// a file (SQLite locking with a busy timeout); a database held locked longer than the timeout
/// gives a clear error, never corruption.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "minidj/analysis.h"
#include "minidj/brain.h"
#include "minidj/seam_cells.h"
#include "minidj/result.h"

namespace minidj {

/// What makes a file "the same file" between runs.
struct FileIdentity {
    std::string path;  ///< absolute, lexically normal; bytes as the OS gives them
    std::int64_t size = 0;
    std::int64_t mtime_ns = 0;
    std::string content_hash;  ///< hex digest of size + sampled content (cheap on huge files)
};

/// Stats the file and hashes its size and sampled content: all of a file up to 192 KiB; beyond
/// that the first and last 64 KiB and eight 4 KiB samples in between (about 160 KiB read
/// whatever the file size). An edit elsewhere in a huge file is caught by size or mtime.
/// Fails with "library: <path>: <reason>".
Result<FileIdentity> identify_file(const std::filesystem::path& path);

/// One row of the library listing: the queryable columns, the tags and the stored identity.
struct TrackSummary {
    std::string path;
    double duration_s = 0.0;
    double bpm = 0.0;
    std::string key;  ///< "A minor" or empty
    std::string camelot;
    double loudness_lufs = 0.0;
    int analyzer_version = 0;
    double energy_rms = 0.0;   ///< linear RMS of the whole track, as `info` shows it
    AudioTags tags;
    bool tags_read = false;    ///< false: stored before minidj read tags (schema < 3), not yet read
    std::int64_t size = 0;     ///< the file as analysed (FileIdentity)
    std::int64_t mtime_ns = 0;
    std::string content_hash;
    std::string analysed_at;   ///< ISO 8601 UTC
};

/// A track as the commands that answer from the whole library read it (recommend, set, play):
/// the Brain's feature row and what the set planner needs. Kept beside the full analysis, so
/// answering never reads one (docs/library.md, "Track rows").
struct TrackRow {
    brain::TrackFeatures features;  ///< with its path and artist tag
    std::string content_hash;       ///< of the file as analysed: equal hashes are the same audio
    double duration_s = 0.0;
    int meter = 4;                  ///< beats per bar
    std::optional<MusicalKey> key;
};

/// The row of an analysis (its path; no artist or content hash: the library's columns).
TrackRow make_track_row(const TrackAnalysis& analysis);

struct TrackRows {
    std::vector<TrackRow> rows;        ///< by path
    std::vector<std::string> skipped;  ///< "<path>: <reason>" for rows that could not be read
    std::size_t computed = 0;          ///< rows computed now from their analysis (stored by an older minidj)
    std::string store_error;           ///< why the computed rows could not be kept (empty: they were)
};

/// Which rows Library::rows() returns; an empty member does not filter. A track without a beat
/// (bpm 0) passes any tempo filter and one without a key any key filter: they fit any, as in
/// the rulebook (brain::rulebook_allows).
struct RowFilter {
    std::vector<std::pair<double, double>> bpm_ranges;  ///< lo <= bpm <= hi for one of them
    std::vector<std::string> camelot;                   ///< a Camelot code among these ("8A")
    /// In one of these seam cells (SeamCells::cells_to_read), or in none yet; empty: any cell.
    std::vector<int> cells;
};

/// What build_seam_cells() made.
struct SeamCellsBuilt {
    std::size_t cells = 0;
    std::size_t rows = 0;  ///< rows placed in a cell (rows without an incoming seam: cell -1)
};

/// `done` of `total` rows computed from full analyses (a library stored by an older minidj).
using RowProgress = std::function<void(std::size_t done, std::size_t total)>;

struct LibraryOptions {
    /// How long a call waits for another process (another minidj run) holding the write lock
    /// before failing with "library: <file>: database is locked by another process (...)".
    std::chrono::milliseconds busy_timeout{5000};
    /// false: a file that does not exist is refused ("library: <file>: no library here (...)")
    /// instead of created, and no folder is made: for verbs that only read the library.
    bool create = true;
};

class Library {
  public:
    /// Opens or creates (unless `options.create` is false) the database (parent folders
    /// created), applying schema migrations.
    /// ":memory:" gives a private in-memory library (tests). Refuses, without modifying it, a
    /// file that is not a SQLite database, a SQLite database of another program, or a library
    /// written by a newer minidj (a higher schema version than this one knows).
    static Result<std::unique_ptr<Library>> open(const std::filesystem::path& file,
                                                 const LibraryOptions& options = {});
    ~Library();
    Library(const Library&) = delete;
    Library& operator=(const Library&) = delete;

    /// The default location: $XDG_DATA_HOME/minidj/library.sqlite, else
    /// ~/.local/share/minidj/library.sqlite.
    static std::filesystem::path default_path();

    /// True when the library holds an analysis of exactly this file content made by
    /// `analyzer_version` or newer: such a file is skipped unless forced.
    Result<bool> is_current(const FileIdentity& id, int analyzer_version = kAnalyzerVersion);

    /// Inserts or replaces the analysis of a file, atomically. The tags are stored with it
    /// when given; otherwise a row keeps the tags it had (a new row has none, not yet read).
    Status store(const FileIdentity& id, const TrackAnalysis& analysis,
                 const std::optional<AudioTags>& tags = std::nullopt);

    /// Replaces the tags of a stored file (marking them read). Fails when it has no row.
    Status store_tags(const std::filesystem::path& path, const AudioTags& tags);

    /// The row of `path` without its analysis, or nullopt.
    Result<std::optional<TrackSummary>> find(const std::filesystem::path& path);

    /// Rows whose file had this content hash when analysed (a moved or copied file), by path.
    Result<std::vector<TrackSummary>> find_content(const std::string& content_hash);

    /// Forgets the row of `path` (never touches the file). False when there was none.
    Result<bool> remove(const std::filesystem::path& path);

    /// Re-keys the row of `from` to the file `to` (path, size and mtime; its content hash must
    /// be the stored one), keeping the analysis and tags. Fails when `from` has no row, the
    /// hash differs, or `to.path` already has a row.
    Status move(const std::filesystem::path& from, const FileIdentity& to);

    /// The stored analysis of `path` (looked up by its absolute, lexically normal path), or
    /// nullopt. Its `path` is that absolute path; values come back rounded as in the JSON form
    /// (docs/json-schema.md), except the matrices, which are stored exactly.
    Result<std::optional<TrackAnalysis>> load(const std::filesystem::path& path);

    /// Every track, ordered by path (path bytes).
    Result<std::vector<TrackSummary>> list();

    /// Every track's path, ordered by path: from the path index alone, so a big library answers
    /// in milliseconds where list() reads every row whole.
    Result<std::vector<std::string>> paths();

    /// The TrackRow of every track that passes `filter`, ordered by path, in one query (the
    /// index on Camelot key and tempo serves the filter). The rows of tracks stored by an older
    /// minidj (or with features of another version) are computed once from their analyses and
    /// stored first, `progress` following that work.
    Result<TrackRows> rows(const RowFilter& filter = {}, const RowProgress& progress = {});
    Result<std::size_t> count();

    /// The seam cells of this minidj's feature version (seam_cells.h), or nullptr when none
    /// were built. Read once per Library; the pointer stays valid until build_seam_cells().
    Result<const brain::SeamCells*> seam_cells();
    /// Builds the seam cells over every row (`cells` of them; 0: SeamCells::cells_for), weighed
    /// by `model` (SeamCells::fit), and places every row in its cell, in one transaction:
    /// readers see the old index or the new. Rows stored later are placed as they are stored.
    /// `progress` gets a fraction 0..1.
    Result<SeamCellsBuilt> build_seam_cells(const brain::Model* model, int cells = 0,
                                            const std::function<void(double)>& progress = {});

    struct Impl;  ///< src/library/library_impl.h

  private:
    explicit Library(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace minidj
