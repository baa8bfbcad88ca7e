#pragma once
// Analyses many files on a pool of worker threads and hands each result back to the calling
// thread (which owns the library connection and the terminal), in completion order.

#include <atomic>
#include <filesystem>
#include <functional>
#include <vector>

#include "minidj/analysis.h"

namespace minidj::cli {

using ResultHandler = std::function<void(std::size_t index, Result<TrackAnalysis> result)>;

/// Blocks until every file is done or `cancel` becomes true (unstarted files are then
/// skipped; running ones stop early). `jobs` <= 0 means one per core.
void analyse_in_parallel(const std::vector<std::filesystem::path>& files, int jobs,
                         const AnalysisOptions& options, const std::atomic<bool>& cancel,
                         const ResultHandler& on_result);

}  // namespace minidj::cli
