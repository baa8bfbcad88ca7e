// The track_rows table (schema migration 4, docs/library.md "Track rows"): what recommend, set
// and play read for every track, written with each analysis and read in one query.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <optional>

#include "library/library_impl.h"
#include "library/sqlite_values.h"

namespace minidj {

using library_detail::bind_bytes;
using library_detail::column_bytes;
using library_detail::column_text;
using library_detail::StatementScope;
using library_detail::Transaction;

namespace {

// The columns tracks already has are copied from it; the trigger keeps them in step.
constexpr const char* kStoreRow = R"sql(
INSERT OR REPLACE INTO track_rows (track_id, path, content_hash, artist, duration_s, meter, key, camelot,
                                   bpm, feature_version, features, cell)
SELECT id, path, content_hash, artist, duration_s, ?2, key, coalesce(camelot, ''), ?5, ?3, ?4, ?6 FROM tracks
WHERE path = ?1
)sql";
constexpr const char* kColumns = "path, content_hash, artist, duration_s, meter, key, features";

// The query for the rows `filter` passes, its parameters from ?2 on (bind_filter): one SELECT
// per tempo range (and one for tracks without a beat), each a range of the index on
// (feature_version, camelot, bpm), so that only the wanted rows are read. '' is the camelot
// of a track without a key, which fits any. With cells, the same ranges of the index on
// (feature_version, cell, camelot, bpm) for the cells asked and for rows not yet in a cell.
// The Camelot codes a query names: a tempo filter without keys still names every code (and ''
// is always added), since both indexes serve a tempo range only within one camelot value; a
// tempo range alone would read the whole index.
std::vector<std::string> camelot_codes(const RowFilter& filter) {
    if (!filter.camelot.empty() || filter.bpm_ranges.empty()) return filter.camelot;
    std::vector<std::string> every;
    for (int number = 1; number <= 12; ++number) {
        for (const char* letter : {"A", "B"}) every.push_back(std::to_string(number) + letter);
    }
    return every;
}

std::string rows_sql(const RowFilter& filter) {
    int parameter = 2;
    std::string keys;
    if (const auto codes = camelot_codes(filter); !codes.empty()) {
        keys = " AND camelot IN (''";
        for (std::size_t i = 0; i < codes.size(); ++i) keys += fmt::format(", ?{}", parameter++);
        keys += ")";
    }
    std::vector<std::string> selects;
    if (filter.cells.empty()) {
        // Named: both covering indexes begin with feature_version, and without statistics SQLite
        // may pick the other one for a tempo-only filter and read every row.
        selects.push_back(fmt::format(
            "SELECT {} FROM track_rows INDEXED BY track_rows_by_key_and_tempo WHERE feature_version = ?1{}", kColumns, keys));
    } else {
        // Cell numbers are ours (SeamCells), not user input: written into the text.
        for (const char* cells : {"IS NULL", "IN ({})"}) {
            selects.push_back(fmt::format("SELECT {} FROM track_rows INDEXED BY track_rows_by_cell "
                                          "WHERE feature_version = ?1 AND cell {}{}",
                                          kColumns, fmt::format(fmt::runtime(cells), fmt::join(filter.cells, ", ")),
                                          keys));
        }
    }
    std::vector<std::string> parts;
    for (const auto& select : selects) {
        if (filter.bpm_ranges.empty()) {
            parts.push_back(select);
            continue;
        }
        parts.push_back(select + " AND bpm = 0");
        for (std::size_t i = 0; i < filter.bpm_ranges.size(); ++i) {
            const int lo = parameter + 2 * int(i);
            parts.push_back(fmt::format("{} AND bpm BETWEEN ?{} AND ?{}", select, lo, lo + 1));
        }
    }
    return fmt::format("{}", fmt::join(parts, " UNION ALL "));
}

void bind_filter(sqlite3_stmt* s, const RowFilter& filter) {
    int parameter = 2;
    for (const auto& code : camelot_codes(filter)) library_detail::bind_text(s, parameter++, code);
    for (const auto& [lo, hi] : filter.bpm_ranges) {
        sqlite3_bind_double(s, parameter++, lo);
        sqlite3_bind_double(s, parameter++, hi);
    }
}

bool passes(const RowFilter& filter, const TrackRow& row) {
    const double bpm = row.features.bpm;
    const bool tempo = filter.bpm_ranges.empty() || bpm == 0 ||
                       std::any_of(filter.bpm_ranges.begin(), filter.bpm_ranges.end(),
                                   [&](const auto& r) { return bpm >= r.first && bpm <= r.second; });
    const bool key = filter.camelot.empty() || !row.key ||
                     std::find(filter.camelot.begin(), filter.camelot.end(), row.key->camelot()) != filter.camelot.end();
    // Rows computed now have no cell yet: like the rows of no cell, they are always read.
    return tempo && key;
}

bool by_path(const TrackRow& a, const TrackRow& b) { return a.features.path < b.features.path; }
// Counting reads only indexes; the anti-join below runs only when some row is missing.
constexpr const char* kCountMissing =
    "SELECT (SELECT count(*) FROM tracks) - (SELECT count(*) FROM track_rows WHERE feature_version = ?1)";
constexpr const char* kSelectMissing =
    "SELECT path FROM tracks WHERE id NOT IN (SELECT track_id FROM track_rows WHERE feature_version = ?1) "
    "ORDER BY path";

constexpr std::size_t kRowsPerTransaction = 500;  // other writers wait at most this many rows

std::optional<TrackRow> read_row(sqlite3_stmt* s) {
    auto features = brain::decode_features(column_bytes(s, 6));
    if (!features) return std::nullopt;
    TrackRow row;
    row.features = std::move(*features);
    row.features.path = column_bytes(s, 0);
    row.content_hash = column_text(s, 1);
    row.features.artist = column_text(s, 2);
    row.duration_s = sqlite3_column_double(s, 3);
    row.meter = sqlite3_column_int(s, 4);
    row.key = MusicalKey::parse(column_text(s, 5));
    return row;
}

TrackRow row_of(const TrackAnalysis& a, const TrackSummary& summary) {
    TrackRow row = make_track_row(a);
    row.features.path = summary.path;
    row.features.artist = summary.tags.artist;
    row.content_hash = summary.content_hash;
    return row;
}

}  // namespace

TrackRow make_track_row(const TrackAnalysis& a) {
    TrackRow row;
    row.features = brain::track_features(a);
    row.duration_s = a.duration_s;
    row.meter = a.grid.meter;
    row.key = a.key.key;
    return row;
}

Status Library::Impl::store_row(const std::string& path, const brain::TrackFeatures& features, int meter) {
    auto statement = db.prepare(kStoreRow);
    if (!statement) return statement.error();
    sqlite3_stmt* s = statement->get();
    bind_bytes(s, 1, path);
    sqlite3_bind_int(s, 2, meter);
    sqlite3_bind_int(s, 3, brain::kFeatureVersion);
    bind_bytes(s, 4, brain::encode_features(features));
    sqlite3_bind_double(s, 5, features.bpm);  // 0 without a beat, as the rulebook reads it
    auto cells = seam_cells();
    if (!cells) return cells.error();
    if (*cells) sqlite3_bind_int(s, 6, (*cells)->cell_of(features));  // else NULL: in no cell yet
    auto changed = change(s, "store the track row of " + path);
    if (!changed) return changed.error();
    if (*changed != 1) return db.plain_error(fmt::format("{}: not in the library", path));
    return Ok{};
}

Result<bool> Library::Impl::rows_complete() {
    auto select = db.prepare("SELECT count(*) FROM track_rows_complete WHERE feature_version = ?1");
    if (!select) return select.error();
    sqlite3_bind_int(select->get(), 1, brain::kFeatureVersion);
    if (const int rc = sqlite3_step(select->get()); rc != SQLITE_ROW) return db.error("read track_rows_complete", rc);
    return sqlite3_column_int(select->get(), 0) > 0;
}

Status Library::Impl::mark_rows_complete() {
    auto insert = db.prepare("INSERT OR IGNORE INTO track_rows_complete (feature_version) VALUES (?1)");
    if (!insert) return insert.error();
    sqlite3_bind_int(insert->get(), 1, brain::kFeatureVersion);
    if (const int rc = sqlite3_step(insert->get()); rc != SQLITE_DONE) return db.error("mark the track rows complete", rc);
    return Ok{};
}

Result<std::vector<std::string>> Library::Impl::paths_without_rows() {
    auto complete = rows_complete();
    if (!complete) return complete.error();
    if (*complete) return std::vector<std::string>{};
    auto count = db.prepare(kCountMissing);
    if (!count) return count.error();
    sqlite3_bind_int(count->get(), 1, brain::kFeatureVersion);
    if (const int rc = sqlite3_step(count->get()); rc != SQLITE_ROW) return db.error("count track rows", rc);
    std::vector<std::string> paths;
    if (sqlite3_column_int64(count->get(), 0) == 0) {
        (void)mark_rows_complete();  // a library that cannot be written now is counted again next time
        return paths;
    }
    auto missing = db.prepare(kSelectMissing);
    if (!missing) return missing.error();
    sqlite3_bind_int(missing->get(), 1, brain::kFeatureVersion);
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(missing->get())) == SQLITE_ROW) paths.push_back(column_bytes(missing->get(), 0));
    if (rc != SQLITE_DONE) return db.error("find tracks without rows", rc);
    return paths;
}

namespace {

// The rows of `paths` (tracks stored by an older minidj) computed from their analyses and
// kept, a transaction at a time. A library that cannot be written to (locked by another process) still
// answers, and computes them again next time: the rows not kept are returned.
std::vector<TrackRow> compute_rows(Library& library, Library::Impl& impl, const std::vector<std::string>& paths,
                                   TrackRows& out, const RowProgress& progress) {
    std::vector<TrackRow> unstored;
    for (std::size_t first = 0; first < paths.size(); first += kRowsPerTransaction) {
        const std::size_t end = std::min(paths.size(), first + kRowsPerTransaction);
        std::optional<Transaction> transaction;
        if (out.store_error.empty()) {
            auto begun = Transaction::begin(impl.db);
            if (begun) transaction.emplace(std::move(begun.value()));
            else out.store_error = begun.error().message;
        }
        std::vector<TrackRow> batch;
        for (std::size_t i = first; i < end; ++i) {
            auto summary = library.find(paths[i]);
            auto analysis = library.load(paths[i]);
            if (!summary || !analysis) {
                out.skipped.push_back(!summary ? summary.error().message : analysis.error().message);
            } else if (summary.value() && analysis.value()) {
                batch.push_back(row_of(*analysis.value(), *summary.value()));
                if (transaction) {
                    if (auto kept = impl.store_row(paths[i], batch.back().features, batch.back().meter); !kept) {
                        out.store_error = kept.error().message;
                        transaction.reset();  // rolls back
                    }
                }
            }
            if (progress) progress(i + 1, paths.size());
        }
        if (transaction) {
            if (auto kept = transaction->commit(); !kept) out.store_error = kept.error().message;
        }
        out.computed += batch.size();
        // A batch whose transaction failed is not in the table: it joins the answer from here.
        if (!transaction || !out.store_error.empty()) {
            unstored.insert(unstored.end(), std::make_move_iterator(batch.begin()), std::make_move_iterator(batch.end()));
        }
    }
    return unstored;
}

}  // namespace

Result<TrackRows> Library::rows(const RowFilter& asked, const RowProgress& progress) {
    TrackRows out;
    RowFilter filter = asked;
    std::size_t in_cells = 0;  // rows of the asked cells, as they were built
    if (!filter.cells.empty()) {
        auto cells = impl_->seam_cells();
        if (!cells) return cells.error();
        if (!*cells) filter.cells.clear();  // no cells built: every row is in none, so every row passes
        for (int c : filter.cells) {
            if (c >= 0 && std::size_t(c) < (*cells)->size()) in_cells += (*cells)->counts()[std::size_t(c)];
        }
    }
    auto missing = impl_->paths_without_rows();
    if (!missing) return missing.error();
    std::vector<TrackRow> unstored = compute_rows(*this, *impl_, missing.value(), out, progress);
    if (filter.bpm_ranges.empty() && filter.camelot.empty() && filter.cells.empty()) {
        // Room for every row, counted from the small index, so that the rows are read into place:
        // growing the vector copies them and touches fresh memory at every doubling. (A filtered
        // query reads a few percent of the rows: counting them all would cost more than it saves.)
        auto count = impl_->db.prepare("SELECT count(*) FROM track_rows WHERE feature_version = ?1");
        if (!count) return count.error();
        sqlite3_bind_int(count->get(), 1, brain::kFeatureVersion);
        if (sqlite3_step(count->get()) == SQLITE_ROW) {
            out.rows.reserve(std::size_t(sqlite3_column_int64(count->get(), 0)) + unstored.size());
        }
    }
    if (!filter.cells.empty()) {
        // Room for every row of those cells: at most a few percent of the library, and reading
        // into place spares the copies and fresh memory of growing.
        out.rows.reserve(in_cells + unstored.size());
    }
    const std::string sql = rows_sql(filter);
    auto select = impl_->db.prepare(sql.c_str());
    if (!select) return select.error();
    sqlite3_stmt* s = select->get();
    sqlite3_bind_int(s, 1, brain::kFeatureVersion);
    bind_filter(s, filter);
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (auto row = read_row(s)) {
            out.rows.push_back(std::move(*row));
        } else {
            out.skipped.push_back(fmt::format("{}: stored track row unreadable", column_bytes(s, 0)));
        }
    }
    if (rc != SQLITE_DONE) return impl_->db.error("read track rows", rc);
    for (auto& row : unstored) {
        if (passes(filter, row)) out.rows.push_back(std::move(row));
    }
    // Sorted here rather than by SQL: ORDER BY would sort every row in a temporary b-tree first.
    std::sort(out.rows.begin(), out.rows.end(), by_path);
    return out;
}

}  // namespace minidj
