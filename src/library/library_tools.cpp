// Keeping a library in step with the music: file checks, filters, figures, prune, relocate.
#include "minidj/library_tools.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

namespace minidj {
namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool contains_folded(std::string_view haystack, const std::string& lowered_needle) {
    return lower(haystack).find(lowered_needle) != std::string::npos;
}

bool in_range(double v, const std::optional<std::pair<double, double>>& range) {
    return !range || (v >= range->first && v <= range->second);
}

// The absolute, lexically normal form rows are keyed by, without a trailing separator.
std::filesystem::path folder_key(const std::filesystem::path& folder) {
    std::error_code ec;
    auto absolute = std::filesystem::absolute(folder, ec);
    auto normal = (ec ? folder : absolute).lexically_normal();
    if (normal.has_filename() || normal == normal.root_path()) return normal;
    return normal.parent_path();  // "/music/" -> "/music"
}

}  // namespace

const char* to_string(FileState state) {
    switch (state) {
        case FileState::kUnchanged: return "unchanged";
        case FileState::kChanged: return "changed";
        case FileState::kMissing: return "missing";
        case FileState::kUnreadable: return "unreadable";
    }
    return "unknown";
}

bool file_is_gone(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) != 0 && (errno == ENOENT || errno == ENOTDIR);
}

FileState check_file(const TrackSummary& stored) {
    if (file_is_gone(stored.path)) return FileState::kMissing;
    auto now = identify_file(stored.path);
    if (!now) return FileState::kUnreadable;
    const bool same = now->size == stored.size && now->mtime_ns == stored.mtime_ns &&
                      now->content_hash == stored.content_hash;
    return same ? FileState::kUnchanged : FileState::kChanged;
}

Status TrackFilter::validate() const {
    for (const auto& [name, range] : {std::pair{"--bpm", &bpm}, std::pair{"--energy", &energy}}) {
        if (*range && !((*range)->first <= (*range)->second)) {
            return Error{fmt::format("library: {} {} {}: the range is empty", name, (*range)->first, (*range)->second)};
        }
    }
    return Ok{};
}

bool TrackFilter::matches(const TrackSummary& t) const {
    if (!in_range(t.bpm, bpm) || !in_range(t.energy_rms, energy)) return false;
    if (key && t.key != key->name()) return false;
    if (!camelot.empty() && lower(t.camelot) != lower(camelot)) return false;
    if (!artist.empty() && !contains_folded(t.tags.artist, lower(artist))) return false;
    if (!text.empty()) {
        const std::string needle = lower(text);
        const bool found = contains_folded(t.path, needle) || contains_folded(t.tags.artist, needle) ||
                           contains_folded(t.tags.title, needle) || contains_folded(t.tags.album, needle);
        if (!found) return false;
    }
    return !missing || file_is_gone(t.path);
}

Result<std::vector<TrackSummary>> find_tracks(Library& library, const TrackFilter& filter) {
    auto rows = library.list();
    if (!rows) return rows.error();
    std::vector<TrackSummary> out;
    for (auto& row : rows.value()) {
        if (filter.matches(row)) out.push_back(std::move(row));
    }
    return out;
}

std::vector<TrackRow> one_row_per_content(std::vector<TrackRow> rows) {
    std::unordered_set<std::string> seen;
    seen.reserve(rows.size());
    std::erase_if(rows, [&](const TrackRow& row) { return !seen.insert(row.content_hash).second; });
    return rows;
}

Result<LibraryStats> library_stats(Library& library, const std::filesystem::path& file) {
    auto rows = library.list();
    if (!rows) return rows.error();
    LibraryStats stats;
    std::vector<double> tempos;
    std::unordered_map<std::string, std::size_t> paths_of_content;
    for (const auto& t : rows.value()) {
        ++stats.tracks;
        const std::size_t paths = ++paths_of_content[t.content_hash];
        if (paths > 1) ++stats.duplicates;
        if (paths == 2) ++stats.duplicated;
        if (file_is_gone(t.path)) ++stats.missing;
        stats.duration_s += std::isfinite(t.duration_s) ? t.duration_s : 0.0;
        ++stats.analyzer_versions[t.analyzer_version];
        ++stats.keys[t.camelot];
        if (t.bpm > 0) tempos.push_back(t.bpm);
    }
    auto cells = library.seam_cells();
    if (!cells) return cells.error();
    if (cells.value()) {
        stats.seam_cells = cells.value()->size();
        stats.seam_cell_rows = cells.value()->indexed_rows();
    }
    if (!tempos.empty()) {
        std::sort(tempos.begin(), tempos.end());
        stats.bpm_min = tempos.front();
        stats.bpm_max = tempos.back();
        const std::size_t mid = tempos.size() / 2;
        stats.bpm_median = tempos.size() % 2 ? tempos[mid] : 0.5 * (tempos[mid - 1] + tempos[mid]);
    }
    for (const auto& part : {file, std::filesystem::path(file.native() + "-wal")}) {
        std::error_code ec;
        const auto bytes = std::filesystem::file_size(part, ec);
        if (!ec) stats.file_bytes += bytes;
    }
    return stats;
}

Result<std::vector<std::string>> prune_missing(Library& library, bool dry_run) {
    auto rows = library.list();
    if (!rows) return rows.error();
    std::vector<std::string> gone;
    for (const auto& t : rows.value()) {
        if (!file_is_gone(t.path)) continue;
        if (!dry_run) {
            if (auto removed = library.remove(t.path); !removed) return removed.error();
        }
        gone.push_back(t.path);
    }
    return gone;
}

Result<Relocation> relocate(Library& library, const std::filesystem::path& from, const std::filesystem::path& to) {
    const auto old_root = folder_key(from), new_root = folder_key(to);
    auto rows = library.list();
    if (!rows) return rows.error();
    Relocation out;
    for (const auto& t : rows.value()) {
        const auto relative = std::filesystem::path(t.path).lexically_relative(old_root);
        if (relative.empty() || relative == "." || *relative.begin() == "..") continue;  // not under the old folder
        const auto target = (new_root / relative).lexically_normal();
        auto id = identify_file(target);
        if (!id) {
            out.left.emplace_back(t.path, file_is_gone(target) ? fmt::format("not found at {}", target.native())
                                                               : id.error().message);
            continue;
        }
        if (id->content_hash != t.content_hash || id->size != t.size) {
            out.left.emplace_back(t.path, fmt::format("content differs from the file analysed: {}", target.native()));
            continue;
        }
        if (auto moved = library.move(t.path, id.value()); !moved) {
            out.left.emplace_back(t.path, moved.error().message);
            continue;
        }
        out.moved.emplace_back(t.path, target.native());
    }
    return out;
}

}  // namespace minidj
