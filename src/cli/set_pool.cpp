#include "cli/set_pool.h"

#include <fmt/format.h>

#include <cmath>
#include <fstream>
#include <map>
#include <string_view>

#include "cli/brain_support.h"
#include "cli/file_scan.h"
#include "cli/interrupt.h"
#include "cli/mix_tracks.h"
#include "minidj/library_tools.h"
#include "minidj/planner.h"

namespace minidj::cli {
namespace {

bool is_playlist(const std::string& path) {
    const auto ext = std::filesystem::path(path).extension().string();
    return ext == ".m3u8" || ext == ".m3u" || ext == ".M3U8" || ext == ".M3U";
}

// "file:///music/caf%C3%A9.flac" -> "/music/café.flac" (what set writes for names that are not
// one line of UTF-8); anything else unchanged.
std::string from_file_uri(const std::string& line) {
    constexpr std::string_view kScheme = "file://";
    if (line.rfind(kScheme, 0) != 0) return line;
    const auto hex = [](char c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    };
    std::string out;
    for (std::size_t i = kScheme.size(); i < line.size(); ++i) {
        const int hi = i + 2 < line.size() && line[i] == '%' ? hex(line[i + 1]) : -1;
        const int lo = hi >= 0 ? hex(line[i + 2]) : -1;
        if (lo >= 0) {
            out += char(hi * 16 + lo);
            i += 2;
        } else {
            out += line[i];
        }
    }
    return out;
}

void add_track(SetPool& pool, TrackRow row, int overlap_bars) {
    const auto& f = row.features;
    planner::SetCandidate c;
    c.path = f.path;
    c.artist = planner::artist_of(f.artist, f.path);
    c.bpm = f.bpm;
    c.key = row.key;
    c.energy = f.loudness_lufs + f.energy_db;
    const double overlap = f.bpm > 0 ? overlap_bars * row.meter * 60.0 / f.bpm : 0.0;
    c.play_seconds = std::max(30.0, row.duration_s - overlap);
    pool.candidates.push_back(std::move(c));
    pool.durations_s.push_back(row.duration_s);
    pool.features.push_back(std::move(row.features));
}

}  // namespace

std::vector<std::string> playlist_entries(const std::string& m3u8) {
    std::vector<std::string> out;
    std::ifstream in(m3u8);
    std::string line;
    const auto folder = std::filesystem::path(m3u8).parent_path();
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line[0] == '#') continue;
        const std::filesystem::path p(from_file_uri(line));
        out.push_back((p.is_absolute() ? p : folder / p).string());
    }
    return out;
}

ScanResult expand_set_paths(const std::vector<std::string>& paths) {
    std::vector<std::string> arguments, missing;
    for (const auto& p : paths) {
        if (is_playlist(p)) {
            if (!std::filesystem::exists(p)) {
                missing.push_back(fmt::format("{}: no such playlist", printable_path(p)));
                continue;
            }
            for (auto& entry : playlist_entries(p)) arguments.push_back(std::move(entry));
        } else {
            arguments.push_back(p);
        }
    }
    auto scan = scan_paths(arguments);
    scan.errors.insert(scan.errors.begin(), missing.begin(), missing.end());
    return scan;
}

Result<SetPool> gather_set_pool(Library& library, const std::vector<std::string>& paths, int overlap_bars) {
    SetPool pool;
    if (paths.empty()) {  // the whole library, but for rows whose file is gone
        auto rows = answer_rows(library, "set");
        if (!rows) return rows.error();
        for (auto& row : rows.value()) {
            if (interrupt_flag().load()) return Error{"set: interrupted"};
            if (file_is_gone(row.features.path)) {
                pool.skipped.push_back(fmt::format("{}: the file is gone (`minidj library prune` forgets it)",
                                                   printable_path(row.features.path)));
                continue;
            }
            add_track(pool, std::move(row), overlap_bars);
        }
        return pool;
    }
    const auto scan = expand_set_paths(paths);
    pool.skipped = scan.errors;
    std::map<std::string, std::string> path_of_content;  // the same audio twice is one track
    for (const auto& file : scan.files) {
        if (interrupt_flag().load()) return Error{"set: interrupted"};
        auto analysis = analysis_for(file, &library);
        if (!analysis) {
            pool.skipped.push_back(analysis.error().message);
            continue;
        }
        auto stored = library.find(file);
        TrackRow row = make_track_row(analysis.value());
        if (stored && stored.value()) {
            row.features.artist = stored.value()->tags.artist;
            const auto [first, added] = path_of_content.emplace(stored.value()->content_hash, file);
            if (!added) {
                pool.skipped.push_back(fmt::format("{}: the same audio as {}", printable_path(file),
                                                   printable_path(first->second)));
                continue;
            }
        }
        add_track(pool, std::move(row), overlap_bars);
    }
    return pool;
}

}  // namespace minidj::cli
