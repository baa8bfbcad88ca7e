#include "cli/library_import.h"

#include <fmt/format.h>

#include <unistd.h>

#include <chrono>
#include <map>
#include <optional>

#include "cli/brain_support.h"
#include "cli/interrupt.h"
#include "cli/parallel_analysis.h"
#include "cli/progress.h"
#include "minidj/library_tools.h"

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

// A file new to the library whose content is that of a stored file that is gone: the row
// follows it (no decoding). The row after the move, or nullopt.
std::optional<TrackSummary> follow_moved_file(Library& library, const FileIdentity& id, ImportSummary& summary) {
    auto same_content = library.find_content(id.content_hash);
    if (!same_content) return std::nullopt;
    for (const auto& row : same_content.value()) {
        if (row.size != id.size || !file_is_gone(row.path)) continue;
        if (auto moved = library.move(row.path, id); !moved) {
            report_failure(summary, moved.error().message);
            return std::nullopt;
        }
        ++summary.moved;
        auto now = library.find(id.path);
        return now && now.value() ? now.value() : std::nullopt;
    }
    return std::nullopt;
}

// Rows stored before minidj read tags get them by a tag-only read (no decoding).
void read_missing_tags(Library& library, const TrackSummary& row, ImportSummary& summary) {
    if (row.tags_read) return;
    auto tags = AudioDecoder::read_tags(row.path);
    if (tags && library.store_tags(row.path, tags.value())) ++summary.tags_read;
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
        auto row = library.find(id->path);
        if (!row) {
            report_failure(summary, row.error().message);
            continue;
        }
        bool moved = false;
        if (!row.value()) {
            row.value() = follow_moved_file(library, id.value(), summary);
            moved = row.value().has_value();
        }
        const auto current = row.value() ? library.is_current(id.value()) : Result<bool>(false);
        if (!options.force && current && current.value()) {
            if (!moved) ++summary.skipped;  // else counted as moved
            read_missing_tags(library, *row.value(), summary);
            continue;
        }
        identities.push_back(id.value());
        todo.push_back(file);
    }

    Progress progress(todo.size());
    analyse_in_parallel(todo, options.jobs, {}, interrupt_flag(), [&](std::size_t i, Result<TrackAnalysis> r) {
        if (!r && interrupt_flag().load()) return;  // cancelled by Ctrl-C: not a failure of the file
        std::optional<AudioTags> tags;
        if (r) {
            if (auto read = AudioDecoder::read_tags(todo[i])) tags = read.value();
        }
        Status stored = r ? library.store(identities[i], r.value(), tags) : Status(r.error());
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
    fmt::print(stderr, "analysed {}, {}skipped {} (unchanged), {}failed {} in {:.1f} s", s.analysed,
               s.moved ? fmt::format("moved {}, ", s.moved) : "", s.skipped,
               s.tags_read ? fmt::format("tags read {}, ", s.tags_read) : "", s.failures.size(), s.wall_seconds);
    if (s.wall_seconds > 0 && s.analysed > 0) fmt::print(stderr, " ({:.0f}x real time)", s.audio_seconds / s.wall_seconds);
    fmt::print(stderr, "\nlibrary: {}\n", printable_path(db));
    for (const auto& f : s.failures) fmt::print(stderr, "  failed: {}\n", f);
    if (s.interrupted) fmt::print(stderr, "interrupted: finished tracks are stored; the next run resumes\n");
}

Result<ShownSeamCells> build_seam_cells_shown(Library& library, const brain::Model* model, int cells, bool show_bar) {
    std::optional<Progress> bar;
    if (show_bar && isatty(fileno(stderr))) bar.emplace(100);
    std::size_t shown = 0;
    const auto start = std::chrono::steady_clock::now();
    auto built = library.build_seam_cells(model, cells, [&](double done) {
        for (; bar && shown < std::size_t(done * 100); ++shown) bar->step("");
    });
    if (bar) bar->clear();
    if (!built) return built.error();
    return ShownSeamCells{built.value(), std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()};
}

bool seam_cells_due(std::size_t tracks, std::optional<std::size_t> indexed) {
    return tracks >= kSeamCellsFrom && (!indexed || *indexed * 3 < tracks * 2);
}

void keep_seam_cells_current(Library& library, const std::filesystem::path& db) {
    const auto count = library.count();
    if (!count || count.value() < kSeamCellsFrom) return;
    const auto cells = library.seam_cells();
    if (!cells) return;  // unreadable: recommend says so, and `library index` mends it
    const auto indexed = cells.value() ? std::optional(cells.value()->indexed_rows()) : std::nullopt;
    if (!seam_cells_due(count.value(), indexed)) return;
    const auto model = load_model("", db);
    if (!model) return;
    fmt::print(stderr, "indexing {} tracks for recommend (seam cells, `minidj library index`)...\n", count.value());
    const auto built = build_seam_cells_shown(library, model->model.get(), 0, true);  // a pipe gets the two lines only
    if (!built) {
        fmt::print(stderr, "analyze: seam cells not built ({}); recommend reads every track instead\n",
                   built.error().message);
        return;
    }
    fmt::print(stderr, "{} seam cells over {} tracks in {:.0f} s\n", built->built.cells, built->built.rows,
               built->seconds);
}

}  // namespace minidj::cli
