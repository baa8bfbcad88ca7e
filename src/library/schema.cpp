// Schema migrations of the library. Append new migrations; never edit an applied one.
#include "library/schema.h"

#include <fmt/format.h>

#include <array>

namespace minidj::library_detail {
namespace {

// Paths are BLOBs: file names are bytes on POSIX and need not be UTF-8. The full analysis is
// the JSON of docs/json-schema.md without matrices; the matrices are little-endian float32
// BLOBs (exact, and half the size of their JSON text). docs/library.md describes every column.
constexpr const char* kCreateTracks = R"sql(
CREATE TABLE tracks (
    id               INTEGER PRIMARY KEY,
    path             BLOB    NOT NULL UNIQUE,
    size             INTEGER NOT NULL,
    mtime_ns         INTEGER NOT NULL,
    content_hash     TEXT    NOT NULL,
    analyzer_version INTEGER NOT NULL,
    analysed_at      TEXT    NOT NULL,
    duration_s       REAL,
    bpm              REAL,
    key              TEXT,
    camelot          TEXT,
    loudness_lufs    REAL,
    energy_rms       REAL,
    brightness_hz    REAL,
    analysis_json    TEXT    NOT NULL,
    beat_features    BLOB    NOT NULL,
    mfcc_cov         BLOB    NOT NULL
);
)sql";

constexpr const char* kIndexTempoAndKey = R"sql(
CREATE INDEX tracks_by_bpm ON tracks(bpm);
CREATE INDEX tracks_by_camelot ON tracks(camelot);
)sql";

// Tags read from the file's metadata. Rows stored before have none until `analyze` reads them
// (tags_read = 0): a tag-only read, no re-analysis. The content hash index finds a moved file.
constexpr const char* kAddTags = R"sql(
ALTER TABLE tracks ADD COLUMN artist TEXT NOT NULL DEFAULT '';
ALTER TABLE tracks ADD COLUMN title TEXT NOT NULL DEFAULT '';
ALTER TABLE tracks ADD COLUMN album TEXT NOT NULL DEFAULT '';
ALTER TABLE tracks ADD COLUMN genre TEXT NOT NULL DEFAULT '';
ALTER TABLE tracks ADD COLUMN year INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tracks ADD COLUMN tags_read INTEGER NOT NULL DEFAULT 0;
CREATE INDEX tracks_by_content_hash ON tracks(content_hash);
)sql";

// What recommend, set and play read for every track, kept apart from the full analysis: a
// tracks row holds about 50 KB, so reading even one column of every row reads the whole
// table. Rows are written with the analysis (and computed once for tracks stored before);
// the trigger keeps path, artist and content hash in step with tracks; deleting a track
// deletes its row (foreign keys are on). camelot is '' for a track without a key. The second
// index covers every column a row is read with, ordered by key and tempo: recommend's
// rulebook pre-filter reads the rows it wants side by side instead of a page for each row
// (about 0.45 KB a track more). The first counts the rows of a feature version cheaply.
constexpr const char* kAddTrackRows = R"sql(
CREATE TABLE track_rows (
    track_id        INTEGER PRIMARY KEY REFERENCES tracks(id) ON DELETE CASCADE,
    path            BLOB    NOT NULL,
    content_hash    TEXT    NOT NULL,
    artist          TEXT    NOT NULL,
    duration_s      REAL,
    meter           INTEGER NOT NULL,
    key             TEXT,
    camelot         TEXT    NOT NULL,
    bpm             REAL    NOT NULL,
    feature_version INTEGER NOT NULL,
    features        BLOB    NOT NULL
);
CREATE INDEX track_rows_by_feature_version ON track_rows(feature_version);
CREATE INDEX track_rows_by_key_and_tempo ON track_rows(feature_version, camelot, bpm, path, content_hash, artist,
                                                       duration_s, meter, key, features);
CREATE TRIGGER track_rows_follow_tracks AFTER UPDATE OF path, artist, content_hash ON tracks
BEGIN
    UPDATE track_rows SET path = new.path, artist = new.artist, content_hash = new.content_hash
    WHERE track_id = new.id;
END;
)sql";

// How a row's analysis is stored: 0, the JSON text and float32 matrices (rows stored before);
// 1, the JSON deflated and the per-beat matrix compact (beat_matrix_blob.h, deflate.h).
// Old rows stay as they are until they are analysed again.
constexpr const char* kAddStorage = R"sql(
ALTER TABLE tracks ADD COLUMN storage INTEGER NOT NULL DEFAULT 0;
)sql";

// Seam cells (docs/library.md "Seam cells"): each row's cell of the approximate index, NULL
// until cells are built, and the cells themselves, one set per feature version (the index by
// cell is made with the first cells: a library that never has any does not pay for it). And track_rows_complete: the feature versions of
// which every track has its row, so that a query need not count a million rows to know; a new
// track, a row of another version or a row removed clears the mark (store() sets it again when
// it was set; otherwise the next count that finds every row sets it).
constexpr const char* kAddSeamCells = R"sql(
ALTER TABLE track_rows ADD COLUMN cell INTEGER;
CREATE TABLE seam_cells (
    feature_version INTEGER PRIMARY KEY,
    rows            INTEGER NOT NULL,
    built_at        TEXT    NOT NULL,
    cells           BLOB    NOT NULL
);
CREATE TABLE track_rows_complete (feature_version INTEGER PRIMARY KEY);
CREATE TRIGGER track_rows_incomplete_after_a_new_track AFTER INSERT ON tracks
BEGIN
    DELETE FROM track_rows_complete;
END;
CREATE TRIGGER track_rows_incomplete_after_another_version AFTER INSERT ON track_rows
BEGIN
    DELETE FROM track_rows_complete WHERE feature_version != new.feature_version;
END;
CREATE TRIGGER track_rows_incomplete_after_a_version_change AFTER UPDATE OF feature_version ON track_rows
BEGIN
    DELETE FROM track_rows_complete WHERE feature_version = old.feature_version;
END;
CREATE TRIGGER track_rows_incomplete_after_a_removal AFTER DELETE ON track_rows
BEGIN
    DELETE FROM track_rows_complete WHERE feature_version = old.feature_version;
END;
)sql";

constexpr std::array<Migration, 6> kMigrations = {{
    {1, "tracks keyed by file identity, with queryable columns and the full analysis",
     kCreateTracks},
    {2, "indexes on tempo and Camelot key for recommendation and set planning", kIndexTempoAndKey},
    {3, "tags (artist, title, album, genre, year) and an index on the content hash", kAddTags},
    {4, "track rows: the Brain's feature row and the planner's columns of every track, apart", kAddTrackRows},
    {5, "compact storage: the analysis JSON deflated, the per-beat matrix in 22 bytes a beat", kAddStorage},
    {6, "seam cells: an approximate index for recommending from millions of tracks", kAddSeamCells},
}};

constexpr const char* kCreateMigrationLog = R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations (
    version     INTEGER PRIMARY KEY,
    description TEXT NOT NULL,
    applied_at  TEXT NOT NULL
);
)sql";

Status apply(Connection& db, const Migration& m) {
    if (auto s = db.exec(m.sql, fmt::format("migration {}", m.version)); !s) return s;
    auto log = db.prepare(
        "INSERT INTO schema_migrations(version, description, applied_at) "
        "VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))");
    if (!log) return log.error();
    sqlite3_bind_int(log->get(), 1, m.version);
    sqlite3_bind_text(log->get(), 2, m.description, -1, SQLITE_STATIC);
    if (const int rc = sqlite3_step(log->get()); rc != SQLITE_DONE) {
        return db.error("record migration", rc);
    }
    // PRAGMA takes no bound parameters; the number is ours, not user input.
    return db.exec(fmt::format("PRAGMA user_version = {}", m.version).c_str(),
                   "set schema version");
}

}  // namespace

std::span<const Migration> migrations() { return kMigrations; }
int latest_schema_version() { return kMigrations.back().version; }

Result<int> check_schema(Connection& db) {
    auto version = db.query_int("PRAGMA user_version", "read schema version");
    if (!version) {
        if ((sqlite3_extended_errcode(db.get()) & 0xff) == SQLITE_NOTADB) {
            return db.plain_error("not a SQLite database (left untouched)");
        }
        return version.error();
    }
    if (*version > latest_schema_version()) {
        return db.plain_error(fmt::format(
            "library schema version {} is from a newer minidj (this one knows up to {}); "
            "left untouched, upgrade minidj to use it",
            *version, latest_schema_version()));
    }
    if (*version == 0) {
        // Version 0 is a new, empty file; tables mean some other program's database.
        auto tables = db.query_int("SELECT count(*) FROM sqlite_master", "read schema");
        if (!tables) return tables.error();
        if (*tables > 0) {
            return db.plain_error(
                "a SQLite database of another program, not a minidj "
                "library (left untouched)");
        }
    }
    return static_cast<int>(*version);
}

Status migrate(Connection& db) {
    auto before = db.query_int("PRAGMA user_version", "read schema version");
    if (!before) return before.error();
    if (*before >= latest_schema_version()) return Ok{};  // the common case takes no lock
    for (const Migration& m : kMigrations) {
        auto transaction = Transaction::begin(db);
        if (!transaction) return transaction.error();
        // Re-read under the write lock: another minidj may have migrated meanwhile.
        auto current = db.query_int("PRAGMA user_version", "read schema version");
        if (!current) return current.error();
        if (m.version <= *current) continue;
        if (auto s = db.exec(kCreateMigrationLog, "create schema_migrations"); !s) return s;
        if (auto s = apply(db, m); !s) return s;
        if (auto s = transaction->commit(); !s) return s;
    }
    return Ok{};
}

}  // namespace minidj::library_detail
