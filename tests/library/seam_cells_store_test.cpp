// Seam cells in the library (docs/library.md, "Seam cells"): rows read by cell, rows without a
// seam or stored before the cells read by every query, new rows placed as they are stored, and
// the cells read back by the next process.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "brain/synthetic.h"
#include "library/sample_analysis.h"
#include "library/temp_dir.h"
#include "minidj/library.h"

namespace minidj {
namespace {

using test_support::TempDir;

FileIdentity identity(int i) {
    return {fmt::format("/m/{:02}.flac", i), 10 + i, 20 + i, fmt::format("{:016x}", 0xcd00 + i)};
}

// A track of 32 bars (whole phrases in and out) whose tempo, key and level vary with `i`.
void store_track(Library& library, int i) {
    auto a = test::synthetic_analysis(32, 90.0 + 7.0 * i, (5 * i) % 12, i % 2 == 0);
    a.path = identity(i).path;
    const auto gain = float(1.0 + 0.4 * (i % 5));
    for (std::size_t b = 0; b < a.beat_features.rows(); ++b) {
        a.beat_features.values[b * BeatFeatures::kColumns + BeatFeatures::kEnergy] *= gain;
        a.beat_features.values[b * BeatFeatures::kColumns + BeatFeatures::kLow] += float(3 * (i % 4));
    }
    a.brightness_hz = 1000.0 + 150.0 * i;
    ASSERT_TRUE(library.store(identity(i), a).ok());
}

std::set<std::string> paths_in(Library& library, std::vector<int> cells) {
    RowFilter filter;
    filter.cells = std::move(cells);
    auto rows = library.rows(filter);
    EXPECT_TRUE(rows.ok()) << rows.error().message;
    std::set<std::string> out;
    if (rows.ok()) {
        for (const auto& r : rows->rows) out.insert(r.features.path);
    }
    return out;
}

TEST(SeamCellsStore, RowsAreReadByCellAndNewRowsArePlacedAsStored) {
    TempDir dir;
    const auto file = dir.path() / "library.sqlite";
    auto library = Library::open(file).value();
    for (int i = 0; i < 12; ++i) store_track(*library, i);
    // A track without a beat grid has no incoming seam: in no cell, read by every query.
    auto beatless = test_support::sample_analysis(identity(50).path);
    beatless.grid.beats.clear(), beatless.grid.downbeats.clear(), beatless.beat_features.values.clear();
    ASSERT_TRUE(library->store(identity(50), beatless).ok());
    ASSERT_FALSE(library->seam_cells().value());
    EXPECT_EQ(paths_in(*library, {0}).size(), 13u);  // before the cells: every row is in none

    const auto built = library->build_seam_cells(nullptr, 3);
    ASSERT_TRUE(built.ok()) << built.error().message;
    EXPECT_EQ(built->cells, 3u);
    EXPECT_EQ(built->rows, 13u);
    ASSERT_TRUE(library->seam_cells().value());
    const brain::SeamCells cells = *library->seam_cells().value();  // a copy: the library is reopened below
    EXPECT_EQ(cells.indexed_rows(), 12u);

    std::map<std::string, int> cell_of;
    const auto all = library->rows().value();
    for (const auto& row : all.rows) cell_of[row.features.path] = cells.cell_of(row.features);
    EXPECT_EQ(cell_of.at(identity(50).path), -1);
    std::set<std::string> seen;
    for (int c = 0; c < 3; ++c) {
        for (const auto& path : paths_in(*library, {-1, c})) {
            EXPECT_TRUE(cell_of.at(path) == c || cell_of.at(path) == -1) << path << " read for cell " << c;
            seen.insert(path);
        }
    }
    EXPECT_EQ(seen.size(), 13u);
    // The rulebook's filter still applies within the cells.
    RowFilter tempo{{{90.0, 100.0}}, {}, {0, 1, 2}};
    const auto slow = library->rows(tempo).value();
    EXPECT_FALSE(slow.rows.empty());
    for (const auto& r : slow.rows) EXPECT_TRUE(r.features.bpm <= 100.0) << r.features.path;

    // A track stored now is placed in its cell at once; the next process reads the same cells.
    store_track(*library, 12);
    library.reset();
    library = Library::open(file).value();
    const auto reread = library->seam_cells().value();
    ASSERT_TRUE(reread);
    EXPECT_EQ(reread->encode(), cells.encode());
    const auto rows_now = library->rows();
    ASSERT_TRUE(rows_now.ok());
    TrackRow stored;
    for (const auto& r : rows_now->rows) {
        if (r.features.path == identity(12).path) stored = r;
    }
    const int its_cell = reread->cell_of(stored.features);
    ASSERT_GE(its_cell, 0);
    for (int c = 0; c < 3; ++c) EXPECT_EQ(paths_in(*library, {c}).count(identity(12).path), c == its_cell ? 1u : 0u);
}

TEST(SeamCellsStore, UnreadableCellsAreAClearError) {
    TempDir dir;
    const auto file = dir.path() / "library.sqlite";
    {
        auto library = Library::open(file).value();
        for (int i = 0; i < 4; ++i) store_track(*library, i);
        ASSERT_TRUE(library->build_seam_cells(nullptr, 2).ok());
    }
    test_support::RawDb raw(file);
    ASSERT_EQ(raw.exec("UPDATE seam_cells SET cells = x'00'"), SQLITE_OK);
    auto library = Library::open(file).value();
    const auto cells = library->seam_cells();
    ASSERT_FALSE(cells.ok());
    EXPECT_NE(cells.error().message.find("library index"), std::string::npos) << cells.error().message;
    // Building them again mends it.
    ASSERT_TRUE(library->build_seam_cells(nullptr, 2).ok());
    EXPECT_TRUE(library->seam_cells().value());
}

}  // namespace
}  // namespace minidj
