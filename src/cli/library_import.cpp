#include "cli/library_import.h"

#include <fmt/format.h>

#include <map>

#include "cli/interrupt.h"
#include "cli/parallel_analysis.h"
#include "cli/progress.h"

namespace minidj::cli {
namespace {

std::string describe(const TrackAnalysis& a) {
    return fmt::format("{:.2f} BPM, {}, {:.1f} LUFS", a.grid.bpm,
                       a.key.key ? a.key.key->name() + " (" + a.key.key->camelot() + ")" : "no key",
                       a.loudness.integrated_lufs);
}

void report_failure(ImportSummary& summary, const std::string& message) {
    fmt::print(stderr, "{}\n", message);
    summary.failures.push_back(message);
}

}  // namespace

ImportSummary import_files(Library& library, const std::vector<std::filesystem::path>& files,
                           const ImportOptions& options) {
    ImportSummary summary;
    std::vector<std::filesystem::path> todo;
    std::vector<FileIdentity> identities;
    for (const auto& file : files) {
        auto id = identify_file(file);
        if (!id) {
            report_failure(summary, id.error().message);
            continue;
        }
        if (!options.force) {
            auto current = library.is_current(id.value());
            if (current && current.value()) {
                ++summary.skipped;
                continue;
            }
        }
        identities.push_back(id.value());
        todo.push_back(file);
    }

    Progress progress(todo.size());
    analyse_in_parallel(todo, options.jobs, {}, interrupt_flag(), [&](std::size_t i, Result<TrackAnalysis> r) {
        if (!r && interrupt_flag().load()) return;  // cancelled by Ctrl-C: not a failure of the file
        Status stored = r ? library.store(identities[i], r.value()) : Status(r.error());
        if (!stored) {
            progress.clear();
            report_failure(summary, stored.error().message);
            progress.step("failed: " + printable_path(todo[i]));
            return;
        }
        ++summary.analysed;
        summary.audio_seconds += r.value().duration_s;
        progress.step(fmt::format("{}: {}", printable_path(todo[i]), describe(r.value())));
    });
    progress.clear();
    summary.wall_seconds = progress.seconds();
    summary.interrupted = interrupt_flag().load();
    return summary;
}

void print_summary(const ImportSummary& s, const std::filesystem::path& db) {
    fmt::print(stderr, "analysed {}, skipped {} (unchanged), failed {} in {:.1f} s", s.analysed, s.skipped,
               s.failures.size(), s.wall_seconds);
    if (s.wall_seconds > 0 && s.analysed > 0) fmt::print(stderr, " ({:.0f}x real time)", s.audio_seconds / s.wall_seconds);
    fmt::print(stderr, "\nlibrary: {}\n", printable_path(db));
    for (const auto& f : s.failures) fmt::print(stderr, "  failed: {}\n", f);
    if (s.interrupted) fmt::print(stderr, "interrupted: finished tracks are stored; the next run resumes\n");
}

}  // namespace minidj::cli
