#pragma once
// What a Library holds: the connection and its prepared statements (library.cpp, track_rows.cpp).

#include <sqlite3.h>

#include <optional>
#include <vector>

#include "library/sqlite_handles.h"
#include "minidj/library.h"

namespace minidj {

struct Library::Impl {
    explicit Impl(library_detail::Connection connection) : db(std::move(connection)) {}

    Status prepare_statements();
    Result<TrackAnalysis> read_analysis(sqlite3_stmt* row) const;
    // Every row a bound statement returns.
    Result<std::vector<TrackSummary>> summaries(sqlite3_stmt* statement, const char* what);
    // Runs a bound write statement; the number of rows it changed.
    Result<int> change(sqlite3_stmt* statement, const std::string& what);
    // Writes the track_rows row of the stored track at `path` (track_rows.cpp), inside the
    // caller's transaction; `features` are those of its analysis as load() returns it.
    Status store_row(const std::string& path, const brain::TrackFeatures& features, int meter);
    // Whether every track has a row of this minidj's feature version (track_rows_complete), and
    // marking it so.
    Result<bool> rows_complete();
    Status mark_rows_complete();
    // Tracks without a row of this minidj's feature version (stored by an older minidj).
    Result<std::vector<std::string>> paths_without_rows();

    // The seam cells (seam_cells_store.cpp), read on first use; reset when rebuilt.
    Result<const brain::SeamCells*> seam_cells();

    library_detail::Connection db;
    std::optional<std::optional<brain::SeamCells>> cells;
    library_detail::StmtPtr select_identity;
    library_detail::StmtPtr upsert;
    library_detail::StmtPtr select_analysis;
    library_detail::StmtPtr select_list;
    library_detail::StmtPtr select_one;
    library_detail::StmtPtr select_content;
    library_detail::StmtPtr store_tags;
    library_detail::StmtPtr remove;
    library_detail::StmtPtr move;
    library_detail::StmtPtr count;
};

}  // namespace minidj
