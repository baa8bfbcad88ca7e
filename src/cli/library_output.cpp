#include "cli/library_output.h"

#include <fmt/format.h>

#include <cmath>

#include "minidj/analysis_json.h"
#include "minidj/audio.h"
#include "minidj/json_text.h"

namespace minidj::cli {
namespace {

// JSON has no NaN: a value the analyser could not measure is null.
nlohmann::json number(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(); }

nlohmann::json text_or_null(const std::string& s) { return s.empty() ? nlohmann::json() : nlohmann::json(s); }

std::string minutes(double s) {
    const long total = std::isfinite(s) ? std::lround(s) : 0;
    return total >= 3600 ? fmt::format("{}:{:02}:{:02}", total / 3600, total / 60 % 60, total % 60)
                         : fmt::format("{}:{:02}", total / 60, total % 60);
}

}  // namespace

nlohmann::json track_json(const TrackSummary& t) {
    nlohmann::json j = nlohmann::json::object();
    put_path(j, "path", t.path);
    j["duration"] = number(t.duration_s);
    j["bpm"] = number(t.bpm);
    j["key"] = text_or_null(t.key);
    j["camelot"] = text_or_null(t.camelot);
    j["loudness_lufs"] = number(t.loudness_lufs);
    j["energy_rms"] = number(t.energy_rms);
    j["tags"] = tags_json(t.tags);
    j["tags_read"] = t.tags_read;
    j["analyzer_version"] = t.analyzer_version;
    j["analysed_at"] = t.analysed_at;
    j["size"] = t.size;
    j["missing"] = file_is_gone(t.path);
    return j;
}

nlohmann::json tracks_json(const std::vector<TrackSummary>& tracks) {
    auto list = nlohmann::json::array();
    for (const auto& t : tracks) list.push_back(track_json(t));
    return {{"tracks", list}, {"count", tracks.size()}};
}

nlohmann::json paths_json(const std::vector<std::string>& paths) {
    auto list = nlohmann::json::array();
    for (const auto& p : paths) {
        nlohmann::json j = nlohmann::json::object();
        put_path(j, "path", p);
        list.push_back(std::move(j));
    }
    return list;
}

nlohmann::json stats_json(const LibraryStats& s, const std::filesystem::path& file) {
    nlohmann::json j = nlohmann::json::object();
    put_path(j, "library", file.native());
    j["file_bytes"] = s.file_bytes;
    j["tracks"] = s.tracks;
    j["missing"] = s.missing;
    j["duplicates"] = {{"rows", s.duplicates}, {"contents", s.duplicated}};
    j["seam_cells"] = {{"cells", s.seam_cells}, {"tracks", s.seam_cell_rows}};
    j["duration_s"] = s.duration_s;
    j["analyzer_versions"] = nlohmann::json::object();
    for (const auto& [version, n] : s.analyzer_versions) j["analyzer_versions"][std::to_string(version)] = n;
    j["bpm"] = s.bpm_min ? nlohmann::json{{"min", *s.bpm_min}, {"median", *s.bpm_median}, {"max", *s.bpm_max}}
                         : nlohmann::json();
    j["keys"] = nlohmann::json::object();
    for (const auto& [camelot, n] : s.keys) j["keys"][camelot.empty() ? "none" : camelot] = n;
    return j;
}

nlohmann::json relocation_json(const Relocation& r) {
    auto moved = nlohmann::json::array(), left = nlohmann::json::array();
    for (const auto& [from, to] : r.moved) {
        nlohmann::json j = nlohmann::json::object();
        put_path(j, "from", from);
        put_path(j, "to", to);
        moved.push_back(std::move(j));
    }
    for (const auto& [path, reason] : r.left) {
        nlohmann::json j = nlohmann::json::object();
        put_path(j, "path", path);
        j["reason"] = printable_path(reason);
        left.push_back(std::move(j));
    }
    return {{"moved", moved}, {"left", left}};
}

std::string track_line(const TrackSummary& t) {
    const std::string key = t.key.empty() ? "no key" : fmt::format("{} ({})", t.key, t.camelot);
    std::string who;
    if (!t.tags.artist.empty() || !t.tags.title.empty()) {
        who = fmt::format("{} - {}  ", t.tags.artist.empty() ? "?" : t.tags.artist,
                          t.tags.title.empty() ? "?" : t.tags.title);
    }
    return fmt::format("{:6.1f} BPM  {:<16} {:5.1f} LUFS  {:.3f} RMS  {:>7}  {}{}{}", t.bpm, key, t.loudness_lufs,
                       t.energy_rms, minutes(t.duration_s), who, printable_path(t.path),
                       file_is_gone(t.path) ? "  [missing]" : "");
}

void print_stats(const LibraryStats& s, const std::filesystem::path& file) {
    fmt::print("library     {} ({:.0f} KiB)\n", printable_path(file), double(s.file_bytes) / 1024);
    fmt::print("tracks      {} tracks, {} in all, {} whose file is missing\n", s.tracks, minutes(s.duration_s),
               s.missing);
    if (s.duplicates > 0) {
        fmt::print("duplicates  {} row(s) repeat the audio of another ({} piece(s) of audio stored under several paths);"
                   " recommend, set and play count each once\n",
                   s.duplicates, s.duplicated);
    }
    if (s.seam_cells > 0) {
        fmt::print("seam cells  {} over {} tracks (recommend reads the best; `library index` builds them again)\n",
                   s.seam_cells, s.seam_cell_rows);
    }
    std::string versions;
    for (const auto& [version, n] : s.analyzer_versions) versions += fmt::format("{}v{}: {}", versions.empty() ? "" : ", ", version, n);
    fmt::print("analysers   {} (this minidj: v{})\n", versions.empty() ? "-" : versions, kAnalyzerVersion);
    if (s.bpm_min) {
        fmt::print("tempo       {:.1f} .. {:.1f} BPM, median {:.1f}\n", *s.bpm_min, *s.bpm_max, *s.bpm_median);
    }
    std::string keys;
    for (const auto& [camelot, n] : s.keys) keys += fmt::format("{}{}: {}", keys.empty() ? "" : ", ", camelot.empty() ? "none" : camelot, n);
    if (!keys.empty()) fmt::print("keys        {}\n", keys);
}

}  // namespace minidj::cli
