// The seam cells in the library (schema migration 6, docs/library.md "Seam cells"): the cells
// of each feature version in seam_cells, each row's cell in track_rows.cell.
#include <fmt/format.h>

#include "library/library_impl.h"
#include "library/sqlite_values.h"

namespace minidj {

using library_detail::bind_bytes;
using library_detail::StatementScope;
using library_detail::Transaction;

namespace {

constexpr const char* kSelectCells = "SELECT cells FROM seam_cells WHERE feature_version = ?1";
constexpr const char* kReplaceCells =
    "INSERT OR REPLACE INTO seam_cells (feature_version, rows, built_at, cells) "
    "VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?3)";
// Covers every column a row is read with, like track_rows_by_key_and_tempo (about 0.45 KB a track).
constexpr const char* kCreateCellIndex = R"sql(
CREATE INDEX IF NOT EXISTS track_rows_by_cell ON track_rows(feature_version, cell, camelot, bpm, path, content_hash,
                                                            artist, duration_s, meter, key, features)
)sql";
constexpr const char* kPlaceRow =
    "UPDATE track_rows SET cell = ?2 WHERE feature_version = ?3 AND track_id = (SELECT id FROM tracks WHERE path = ?1)";

}  // namespace

Result<const brain::SeamCells*> Library::Impl::seam_cells() {
    if (!cells) {
        auto select = db.prepare(kSelectCells);
        if (!select) return select.error();
        sqlite3_bind_int(select->get(), 1, brain::kFeatureVersion);
        const int rc = sqlite3_step(select->get());
        if (rc == SQLITE_DONE) {
            cells.emplace();
        } else if (rc != SQLITE_ROW) {
            return db.error("read the seam cells", rc);
        } else if (auto decoded = brain::SeamCells::decode(std::string_view(
                       static_cast<const char*>(sqlite3_column_blob(select->get(), 0)),
                       std::size_t(sqlite3_column_bytes(select->get(), 0))))) {
            cells.emplace(std::move(decoded));
        } else {
            return db.plain_error("the stored seam cells are unreadable (`minidj library index` builds them again)");
        }
    }
    return *cells ? &**cells : nullptr;
}

Result<const brain::SeamCells*> Library::seam_cells() { return impl_->seam_cells(); }

Result<SeamCellsBuilt> Library::build_seam_cells(const brain::Model* model, int cells,
                                                 const std::function<void(double)>& progress) {
    // Reading and placing the rows are a small share of the work; fitting is the rest.
    auto read = rows();
    if (!read) return read.error();
    std::vector<const brain::TrackFeatures*> features;
    for (const auto& row : read->rows) features.push_back(&row.features);
    const auto fit_progress = [&](double done) {
        if (progress) progress(0.9 * done);
    };
    const int wanted = cells > 0 ? cells : brain::SeamCells::cells_for(features.size());
    brain::SeamCells fitted = brain::SeamCells::fit(features, wanted, model, 1, fit_progress);

    auto transaction = Transaction::begin(impl_->db);
    if (!transaction) return transaction.error();
    if (auto s = impl_->db.exec(kCreateCellIndex, "create the index by seam cell"); !s) return s.error();
    auto replace = impl_->db.prepare(kReplaceCells);
    if (!replace) return replace.error();
    sqlite3_bind_int(replace->get(), 1, brain::kFeatureVersion);
    sqlite3_bind_int64(replace->get(), 2, sqlite3_int64(read->rows.size()));
    bind_bytes(replace->get(), 3, fitted.encode());
    if (auto changed = impl_->change(replace->get(), "store the seam cells"); !changed) return changed.error();
    auto place = impl_->db.prepare(kPlaceRow);
    if (!place) return place.error();
    for (std::size_t i = 0; i < read->rows.size(); ++i) {
        const StatementScope scope(place->get());
        bind_bytes(scope.get(), 1, read->rows[i].features.path);
        sqlite3_bind_int(scope.get(), 2, fitted.cell_of(read->rows[i].features));
        sqlite3_bind_int(scope.get(), 3, brain::kFeatureVersion);
        if (auto changed = impl_->change(scope.get(), "place a row in its seam cell"); !changed) return changed.error();
        if (progress && i % 4096 == 0) progress(0.9 + 0.1 * double(i) / double(read->rows.size()));
    }
    if (auto s = transaction->commit(); !s) return s.error();
    SeamCellsBuilt built{fitted.size(), read->rows.size()};
    impl_->cells.emplace(std::move(fitted));
    if (progress) progress(1.0);
    return built;
}

}  // namespace minidj
