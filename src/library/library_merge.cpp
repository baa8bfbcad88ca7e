// merge_library: a shard analysed elsewhere (another machine, a cluster job) joins a library
// (docs/library.md, "Merging libraries"). Built on the public Library API: each row goes
// through store(), so it lands in this minidj's compact storage with its track row.
#include <fmt/format.h>

#include "minidj/library_tools.h"

namespace minidj {
namespace {

// True when the shard's row should replace the library's row of the same path: a newer
// analyser's, or the same analyser's of a newer file (it changed between the two analyses).
bool newer(const TrackSummary& shard, const TrackSummary& have) {
    if (shard.analyzer_version != have.analyzer_version) return shard.analyzer_version > have.analyzer_version;
    return shard.mtime_ns > have.mtime_ns;
}

}  // namespace

Result<MergeReport> merge_library(Library& library, const std::filesystem::path& library_file,
                                  const std::filesystem::path& shard,
                                  const std::function<void(std::size_t, std::size_t)>& progress) {
    std::error_code ec;
    if (std::filesystem::equivalent(library_file, shard, ec)) {
        return Error{fmt::format("library: {}: is the library itself; nothing to merge", shard.native())};
    }
    LibraryOptions read_only;
    read_only.create = false;
    auto from = Library::open(shard, read_only);
    if (!from) return from.error();
    auto rows = (*from)->list();
    if (!rows) return rows.error();
    MergeReport report;
    for (std::size_t i = 0; i < rows->size(); ++i) {
        const TrackSummary& row = rows.value()[i];
        if (progress) progress(i + 1, rows->size());
        auto have = library.find(row.path);
        if (!have) return have.error();
        if (have.value() && !newer(row, *have.value())) {
            ++report.kept;
            continue;
        }
        auto analysis = (*from)->load(row.path);
        if (!analysis || !analysis.value()) {
            report.skipped.push_back(analysis ? row.path + ": no analysis" : analysis.error().message);
            continue;
        }
        const FileIdentity id{row.path, row.size, row.mtime_ns, row.content_hash};
        auto stored = library.store(id, *analysis.value(), row.tags_read ? std::optional(row.tags) : std::nullopt);
        if (!stored) return stored.error();  // the library itself failed (locked, full): stop
        ++(have.value() ? report.replaced : report.added);
    }
    return report;
}

}  // namespace minidj
