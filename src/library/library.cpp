// Library: the SQLite store of analyses (storage layout in docs/library.md).
#include "minidj/library.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>
#include <system_error>

#include "library/beat_matrix_blob.h"
#include "library/deflate.h"
#include "library/float_blob.h"
#include "library/library_impl.h"
#include "library/schema.h"
#include "library/sqlite_handles.h"
#include "library/sqlite_values.h"
#include "minidj/analysis_json.h"
#include "minidj/json_text.h"

namespace minidj {

using library_detail::Connection;
using library_detail::StatementScope;
using library_detail::StmtPtr;
using library_detail::Transaction;
using library_detail::bind_bytes;
using library_detail::bind_text;
using library_detail::column_bytes;
using library_detail::column_text;
using library_detail::key_path;

namespace {

constexpr const char* kSelectIdentity =
    "SELECT size, mtime_ns, content_hash, analyzer_version FROM tracks WHERE path = ?1";

// Tags (?16..?21): replaced when given (tags_read = 1), else a row keeps the ones it has.
constexpr const char* kUpsert = R"sql(
INSERT INTO tracks (path, size, mtime_ns, content_hash, analyzer_version, analysed_at,
                    duration_s, bpm, key, camelot, loudness_lufs, energy_rms, brightness_hz,
                    analysis_json, beat_features, mfcc_cov,
                    artist, title, album, genre, year, tags_read, storage)
VALUES (?1, ?2, ?3, ?4, ?5, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
        ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, 1)
ON CONFLICT (path) DO UPDATE SET
    artist = iif(excluded.tags_read, excluded.artist, artist),
    title = iif(excluded.tags_read, excluded.title, title),
    album = iif(excluded.tags_read, excluded.album, album),
    genre = iif(excluded.tags_read, excluded.genre, genre),
    year = iif(excluded.tags_read, excluded.year, year),
    tags_read = max(tags_read, excluded.tags_read),
    size = excluded.size, mtime_ns = excluded.mtime_ns, content_hash = excluded.content_hash,
    analyzer_version = excluded.analyzer_version, analysed_at = excluded.analysed_at,
    duration_s = excluded.duration_s, bpm = excluded.bpm, key = excluded.key,
    camelot = excluded.camelot, loudness_lufs = excluded.loudness_lufs,
    energy_rms = excluded.energy_rms, brightness_hz = excluded.brightness_hz,
    analysis_json = excluded.analysis_json, beat_features = excluded.beat_features,
    mfcc_cov = excluded.mfcc_cov, storage = excluded.storage
)sql";

constexpr const char* kSelectAnalysis =
    "SELECT path, analysis_json, beat_features, mfcc_cov, storage FROM tracks WHERE path = ?1";

// The columns of a TrackSummary, in read_summary() order.
#define MINIDJ_SUMMARY_COLUMNS                                                             \
    "SELECT path, duration_s, bpm, key, camelot, loudness_lufs, analyzer_version, energy_rms, " \
    "artist, title, album, genre, year, tags_read, size, mtime_ns, content_hash, analysed_at "  \
    "FROM tracks "
constexpr const char* kSelectList = MINIDJ_SUMMARY_COLUMNS "ORDER BY path";
constexpr const char* kSelectOne = MINIDJ_SUMMARY_COLUMNS "WHERE path = ?1";
constexpr const char* kSelectContent = MINIDJ_SUMMARY_COLUMNS "WHERE content_hash = ?1 ORDER BY path";
#undef MINIDJ_SUMMARY_COLUMNS

constexpr const char* kStoreTags =
    "UPDATE tracks SET artist = ?2, title = ?3, album = ?4, genre = ?5, year = ?6, tags_read = 1 "
    "WHERE path = ?1";
constexpr const char* kDelete = "DELETE FROM tracks WHERE path = ?1";
constexpr const char* kMove =
    "UPDATE tracks SET path = ?2, size = ?3, mtime_ns = ?4 WHERE path = ?1 AND content_hash = ?5";

constexpr const char* kCount = "SELECT count(*) FROM tracks";

// Queryable columns (?6..?12) first, then the full analysis (?13..?15) in compact storage
// (storage = 1): `json` is its text, `matrix` its compact per-beat matrix.
void bind_analysis(sqlite3_stmt* s, const TrackAnalysis& a, const std::string& json, const std::string& matrix) {
    sqlite3_bind_double(s, 6, a.duration_s);  // SQLite stores NaN as NULL
    sqlite3_bind_double(s, 7, a.grid.bpm);
    if (a.key.key) {
        bind_text(s, 8, a.key.key->name());
        bind_text(s, 9, a.key.key->camelot());
    }
    sqlite3_bind_double(s, 10, a.loudness.integrated_lufs);
    sqlite3_bind_double(s, 11, a.energy_rms);
    sqlite3_bind_double(s, 12, a.brightness_hz);
    bind_bytes(s, 13, library_detail::deflate_text(json));
    bind_bytes(s, 14, matrix);
    bind_bytes(s, 15, library_detail::floats_to_blob(a.timbre.mfcc_cov));
}

// Tags at `first`..`first + 4` (artist, title, album, genre, year).
void bind_tags(sqlite3_stmt* s, int first, const AudioTags& tags) {
    bind_text(s, first, tags.artist);
    bind_text(s, first + 1, tags.title);
    bind_text(s, first + 2, tags.album);
    bind_text(s, first + 3, tags.genre);
    sqlite3_bind_int(s, first + 4, tags.year);
}

TrackSummary read_summary(sqlite3_stmt* s) {
    TrackSummary t;
    t.path = column_bytes(s, 0);
    t.duration_s = sqlite3_column_double(s, 1);
    t.bpm = sqlite3_column_double(s, 2);
    t.key = column_text(s, 3);
    t.camelot = column_text(s, 4);
    t.loudness_lufs = sqlite3_column_double(s, 5);
    t.analyzer_version = sqlite3_column_int(s, 6);
    t.energy_rms = sqlite3_column_double(s, 7);
    t.tags = AudioTags{column_text(s, 8), column_text(s, 9), column_text(s, 10), column_text(s, 11),
                       sqlite3_column_int(s, 12)};
    t.tags_read = sqlite3_column_int(s, 13) != 0;
    t.size = sqlite3_column_int64(s, 14);
    t.mtime_ns = sqlite3_column_int64(s, 15);
    t.content_hash = column_text(s, 16);
    t.analysed_at = column_text(s, 17);
    return t;
}

}  // namespace

Status Library::Impl::prepare_statements() {
    const std::pair<StmtPtr*, const char*> statements[] = {{&select_identity, kSelectIdentity},
                                                           {&upsert, kUpsert},
                                                           {&select_analysis, kSelectAnalysis},
                                                           {&select_list, kSelectList},
                                                           {&select_one, kSelectOne},
                                                           {&select_content, kSelectContent},
                                                           {&store_tags, kStoreTags},
                                                           {&remove, kDelete},
                                                           {&move, kMove},
                                                           {&count, kCount}};
    for (const auto& [target, sql] : statements) {
        auto statement = db.prepare(sql);
        if (!statement) return statement.error();
        *target = std::move(statement.value());
    }
    return Ok{};
}

Result<TrackAnalysis> Library::Impl::read_analysis(sqlite3_stmt* row) const {
    const std::string path = column_bytes(row, 0);
    const bool compact = sqlite3_column_int(row, 4) == 1;
    const auto fail = [&](const std::string& reason) {
        return db.plain_error(fmt::format("{}: stored analysis unreadable: {}", path, reason));
    };
    const auto text = compact ? library_detail::inflate_text(column_bytes(row, 1)) : column_text(row, 1);
    if (!text) return fail("damaged compressed JSON");
    const nlohmann::json stored = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
    auto analysis = analysis_from_json(stored);
    if (!analysis) return fail(analysis.error().message);
    const std::size_t beats = analysis->grid.beats.size();
    auto beat_features = compact ? library_detail::blob_to_beat_matrix(column_bytes(row, 2), beats)
                                 : library_detail::blob_to_floats(column_bytes(row, 2));
    if (!compact && beat_features) beat_features = library_detail::widen_rows_before_7(std::move(*beat_features), beats);
    auto mfcc_cov = library_detail::blob_to_floats(column_bytes(row, 3));
    if (!beat_features || !mfcc_cov) return fail("bad matrix size");
    analysis->path = path;
    analysis->beat_features.values = std::move(*beat_features);
    analysis->timbre.mfcc_cov = std::move(*mfcc_cov);
    // Rows stored before minidj had a structure stage, or before it read songs: read it from
    // the stored per-beat matrix (no decode; a track too short for sections comes back without
    // again).
    if (analysis->structure.sections.empty() || !structure_is_current(stored)) {
        analysis->structure = analyze_structure(*analysis);
    }
    return std::move(analysis).value();
}

Result<std::vector<TrackSummary>> Library::Impl::summaries(sqlite3_stmt* s, const char* what) {
    std::vector<TrackSummary> tracks;
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) tracks.push_back(read_summary(s));
    if (rc != SQLITE_DONE) return db.error(what, rc);
    return tracks;
}

Result<int> Library::Impl::change(sqlite3_stmt* statement, const std::string& what) {
    if (const int rc = sqlite3_step(statement); rc != SQLITE_DONE) return db.error(what, rc);
    return sqlite3_changes(db.get());
}

Library::Library(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Library::~Library() = default;

std::filesystem::path Library::default_path() {
    // XDG Base Directory: a relative $XDG_DATA_HOME is invalid and must be ignored.
    const char* xdg = std::getenv("XDG_DATA_HOME");
    if (xdg && *xdg && std::filesystem::path(xdg).is_absolute()) {
        return std::filesystem::path(xdg) / "minidj" / "library.sqlite";
    }
    const char* home = std::getenv("HOME");
    const std::filesystem::path base = home && *home ? home : ".";
    return base / ".local" / "share" / "minidj" / "library.sqlite";
}

Result<std::unique_ptr<Library>> Library::open(const std::filesystem::path& file,
                                               const LibraryOptions& options) {
    const bool in_memory = file == ":memory:";
    if (!in_memory && !options.create) {
        std::error_code ec;
        if (!std::filesystem::exists(file, ec)) {
            return Error{fmt::format("library: {}: no library here (analyse music into it with `minidj analyze`, "
                                     "or name another with --db)",
                                     file.native())};
        }
    }
    if (!in_memory && file.has_parent_path()) {
        std::error_code ec;
        std::filesystem::create_directories(file.parent_path(), ec);
        if (ec)
            return Error{fmt::format("library: {}: cannot create its folder: {}", file.native(),
                                     ec.message())};
    }
    auto db = Connection::open(file.native(), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                               options.busy_timeout);
    if (!db) return db.error();
    // Nothing may write to the file before it is known to be ours and not from a newer minidj.
    if (auto version = library_detail::check_schema(*db); !version) return version.error();
    // WAL: readers never block the writer and a killed writer leaves committed work intact.
    // synchronous=NORMAL in WAL mode loses nothing on a process crash (only on power loss).
    for (const char* pragma :
         {"PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL", "PRAGMA foreign_keys = ON"}) {
        if (auto s = db->exec(pragma, pragma); !s) return s.error();
    }
    if (auto s = library_detail::migrate(*db); !s) return s.error();
    auto impl = std::make_unique<Impl>(std::move(db).value());
    if (auto s = impl->prepare_statements(); !s) return s.error();
    return std::unique_ptr<Library>(new Library(std::move(impl)));
}

Result<bool> Library::is_current(const FileIdentity& id, int analyzer_version) {
    const StatementScope scope(impl_->select_identity.get());
    sqlite3_stmt* s = scope.get();
    bind_bytes(s, 1, key_path(id.path));
    const int rc = sqlite3_step(s);
    if (rc == SQLITE_DONE) return false;
    if (rc != SQLITE_ROW) return impl_->db.error("look up " + id.path, rc);
    return sqlite3_column_int64(s, 0) == id.size && sqlite3_column_int64(s, 1) == id.mtime_ns &&
           column_text(s, 2) == id.content_hash && sqlite3_column_int(s, 3) >= analyzer_version;
}

Status Library::store(const FileIdentity& id, const TrackAnalysis& analysis, const std::optional<AudioTags>& tags) {
    // The analysis as load() will return it (values rounded as in its JSON, the per-beat matrix
    // as compact storage keeps it), for the track row.
    const std::string json = dump_json(to_json(analysis, /*include_matrices=*/false));
    auto stored = analysis_from_json(nlohmann::json::parse(json));
    if (!stored) return Error{fmt::format("library: {}: {}", id.path, stored.error().message)};
    const std::string matrix = library_detail::beat_matrix_to_blob(analysis.beat_features.values);
    stored->beat_features.values = *library_detail::blob_to_beat_matrix(matrix, analysis.beat_features.rows());
    stored->timbre.mfcc_cov = analysis.timbre.mfcc_cov;
    auto transaction = Transaction::begin(impl_->db);
    if (!transaction) return transaction.error();
    // A new track clears the mark that every track has its row (a trigger); this one will have.
    auto complete = impl_->rows_complete();
    if (!complete) return complete.error();
    {
        const StatementScope scope(impl_->upsert.get());
        sqlite3_stmt* s = scope.get();
        bind_bytes(s, 1, key_path(id.path));
        sqlite3_bind_int64(s, 2, id.size);
        sqlite3_bind_int64(s, 3, id.mtime_ns);
        bind_text(s, 4, id.content_hash);
        sqlite3_bind_int(s, 5, analysis.analyzer_version);
        bind_analysis(s, analysis, json, matrix);
        bind_tags(s, 16, tags.value_or(AudioTags{}));
        sqlite3_bind_int(s, 21, tags ? 1 : 0);
        if (const int rc = sqlite3_step(s); rc != SQLITE_DONE) {
            return impl_->db.error("store " + id.path, rc);
        }
    }
    if (auto s = impl_->store_row(key_path(id.path), brain::track_features(stored.value()), analysis.grid.meter); !s) {
        return s;
    }
    if (*complete) {
        if (auto s = impl_->mark_rows_complete(); !s) return s;
    }
    return transaction->commit();
}

Result<std::optional<TrackAnalysis>> Library::load(const std::filesystem::path& path) {
    const StatementScope scope(impl_->select_analysis.get());
    sqlite3_stmt* s = scope.get();
    bind_bytes(s, 1, key_path(path));
    const int rc = sqlite3_step(s);
    if (rc == SQLITE_DONE) return std::optional<TrackAnalysis>();
    if (rc != SQLITE_ROW) return impl_->db.error("load " + path.native(), rc);
    auto analysis = impl_->read_analysis(s);
    if (!analysis) return analysis.error();
    return std::optional<TrackAnalysis>(std::move(analysis).value());
}

Result<std::vector<TrackSummary>> Library::list() {
    const StatementScope scope(impl_->select_list.get());
    return impl_->summaries(scope.get(), "list");
}

Result<std::vector<std::string>> Library::paths() {
    // The UNIQUE constraint's index on path covers this query.
    auto select = impl_->db.prepare("SELECT path FROM tracks ORDER BY path");
    if (!select) return select.error();
    std::vector<std::string> out;
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(select->get())) == SQLITE_ROW) out.push_back(column_bytes(select->get(), 0));
    if (rc != SQLITE_DONE) return impl_->db.error("list paths", rc);
    return out;
}

Result<std::optional<TrackSummary>> Library::find(const std::filesystem::path& path) {
    const StatementScope scope(impl_->select_one.get());
    bind_bytes(scope.get(), 1, key_path(path));  // paths are BLOBs
    auto rows = impl_->summaries(scope.get(), "look up");
    if (!rows) return rows.error();
    if (rows->empty()) return std::optional<TrackSummary>();
    return std::optional<TrackSummary>(std::move(rows->front()));
}

Result<std::vector<TrackSummary>> Library::find_content(const std::string& content_hash) {
    const StatementScope scope(impl_->select_content.get());
    bind_text(scope.get(), 1, content_hash);  // hashes are TEXT
    return impl_->summaries(scope.get(), "look up content");
}

Status Library::store_tags(const std::filesystem::path& path, const AudioTags& tags) {
    const StatementScope scope(impl_->store_tags.get());
    bind_bytes(scope.get(), 1, key_path(path));
    bind_tags(scope.get(), 2, tags);
    auto changed = impl_->change(scope.get(), "store tags of " + path.native());
    if (!changed) return changed.error();
    if (*changed == 0) return impl_->db.plain_error(fmt::format("{}: not in the library", path.native()));
    return Ok{};
}

Result<bool> Library::remove(const std::filesystem::path& path) {
    const StatementScope scope(impl_->remove.get());
    bind_bytes(scope.get(), 1, key_path(path));
    auto changed = impl_->change(scope.get(), "remove " + path.native());
    if (!changed) return changed.error();
    return *changed > 0;
}

Status Library::move(const std::filesystem::path& from, const FileIdentity& to) {
    const std::string target = key_path(to.path);
    auto existing = find(target);
    if (!existing) return existing.error();
    if (existing.value()) return impl_->db.plain_error(fmt::format("{}: already in the library", target));
    const StatementScope scope(impl_->move.get());
    sqlite3_stmt* s = scope.get();
    bind_bytes(s, 1, key_path(from));
    bind_bytes(s, 2, target);
    sqlite3_bind_int64(s, 3, to.size);
    sqlite3_bind_int64(s, 4, to.mtime_ns);
    bind_text(s, 5, to.content_hash);
    auto changed = impl_->change(s, "move " + from.native());
    if (!changed) return changed.error();
    if (*changed == 0) {
        return impl_->db.plain_error(
            fmt::format("{}: not in the library with the content of {}", from.native(), target));
    }
    return Ok{};
}

Result<std::size_t> Library::count() {
    const StatementScope scope(impl_->count.get());
    const int rc = sqlite3_step(scope.get());
    if (rc != SQLITE_ROW) return impl_->db.error("count", rc);
    return static_cast<std::size_t>(sqlite3_column_int64(scope.get(), 0));
}

}  // namespace minidj
