// When `analyze` builds a big library's seam cells on its own (library_import.h).
#include <gtest/gtest.h>

#include "cli/library_import.h"

namespace minidj::cli {
namespace {

TEST(SeamCellsDue, BigLibrariesWithoutCellsOrWithAThirdAddedSince) {
    EXPECT_FALSE(seam_cells_due(kSeamCellsFrom - 1, std::nullopt));  // the exact search is quick enough
    EXPECT_TRUE(seam_cells_due(kSeamCellsFrom, std::nullopt));
    EXPECT_FALSE(seam_cells_due(300'000, 250'000));
    EXPECT_FALSE(seam_cells_due(300'000, 200'000));  // exactly two thirds indexed
    EXPECT_TRUE(seam_cells_due(300'000, 199'999));
}

}  // namespace
}  // namespace minidj::cli
