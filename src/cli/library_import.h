#pragma once
// Analyse files into a library: skip unchanged files, analyse the rest in parallel, store each
// result as soon as it is ready (so an interrupted run keeps everything finished), report.

#include <filesystem>
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
    std::size_t skipped = 0;
    std::vector<std::string> failures;  ///< one line each, path and reason
    double audio_seconds = 0.0;
    double wall_seconds = 0.0;
    bool interrupted = false;
};

ImportSummary import_files(Library& library, const std::vector<std::filesystem::path>& files,
                           const ImportOptions& options);

/// The closing lines of a run: counts, speed, each failure.
void print_summary(const ImportSummary& summary, const std::filesystem::path& db);

}  // namespace minidj::cli
