#pragma once
// Analyse files into a library: skip unchanged files, follow moved ones (a new path with the
// content of a stored file that is gone keeps that analysis), analyse the rest in parallel,
// store each result with the file's tags as soon as it is ready (so an interrupted run keeps
// everything finished), read the tags of rows stored before minidj read tags, report.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "minidj/library.h"

namespace minidj::cli {

struct ImportOptions {
    int jobs = 0;        ///< <= 0: one per core
    bool force = false;  ///< re-analyse unchanged files too
};

struct ImportSummary {
    std::size_t analysed = 0;
    std::size_t moved = 0;      ///< rows that followed their file to a new path, not decoded
    std::size_t skipped = 0;
    std::size_t tags_read = 0;  ///< unchanged rows whose tags were read now (tag-only read)
    std::vector<std::string> failures;  ///< one line each, path and reason
    double audio_seconds = 0.0;
    double wall_seconds = 0.0;
    bool interrupted = false;
};

ImportSummary import_files(Library& library, const std::vector<std::filesystem::path>& files,
                           const ImportOptions& options);

/// The closing lines of a run: counts, speed, each failure.
void print_summary(const ImportSummary& summary, const std::filesystem::path& db);

/// A library of kSeamCellsFrom tracks or more gets its seam cells built when it has none, or
/// built again when a third of its tracks came after them (they are placed as they come, but
/// the cells were fitted without them); a line on stderr says so. Smaller libraries are left
/// to the exact search, which answers them in well under a second (docs/library.md). A
/// failure is a line on stderr: recommend then stays exact.
inline constexpr std::size_t kSeamCellsFrom = 200'000;
/// Library::build_seam_cells with a bar on stderr when `show_bar` and stderr is a terminal;
/// also the seconds it took.
struct ShownSeamCells {
    SeamCellsBuilt built;
    double seconds = 0.0;
};
Result<ShownSeamCells> build_seam_cells_shown(Library& library, const brain::Model* model, int cells, bool show_bar);

/// That rule: `indexed` is the rows the cells were built over (nullopt: no cells).
bool seam_cells_due(std::size_t tracks, std::optional<std::size_t> indexed);
void keep_seam_cells_current(Library& library, const std::filesystem::path& db);

}  // namespace minidj::cli
