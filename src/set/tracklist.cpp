// The set's tracklist: a CUE sheet (start times in the mix) and an M3U8 playlist.
#include <fmt/format.h>

#include <cmath>
#include <filesystem>

#include "minidj/set.h"

namespace minidj {
namespace {

// CUE times are minutes:seconds:frames at 75 frames per second.
std::string cue_time(double seconds) {
    const auto frames = std::int64_t(std::llround(std::max(0.0, seconds) * 75.0));
    return fmt::format("{:02}:{:02}:{:02}", frames / (75 * 60), (frames / 75) % 60, frames % 75);
}

std::string title_of(const std::string& path) { return std::filesystem::path(path).stem().string(); }

// CUE strings are double-quoted on one line: a quote inside would end them and a newline the
// line, so quotes become apostrophes and control characters (and non-UTF-8 bytes) \xNN.
std::string quoted(const std::string& text) {
    std::string s = printable_path(text);
    for (auto& c : s) {
        if (c == '"') c = '\'';
    }
    return '"' + s + '"';
}

// An M3U8 entry is one line of UTF-8: a path that is not (a newline, invalid bytes) is written
// as a file: URI with those bytes percent-encoded, which players read back exactly.
std::string playlist_entry(const std::string& path) {
    if (printable_path(path) == path) return path;
    std::error_code ec;
    std::string full = std::filesystem::absolute(path, ec).native();
    if (ec) full = path;
    std::string uri = "file://";
    for (const char c : full) {
        const auto b = static_cast<unsigned char>(c);
        const bool plain = (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') ||
                           b == '/' || b == '-' || b == '.' || b == '_' || b == '~';
        uri += plain ? std::string(1, c) : fmt::format("%{:02X}", b);
    }
    return uri;
}

}  // namespace

std::string cue_sheet(const std::string& audio, const std::vector<TracklistEntry>& entries) {
    std::string out = fmt::format("REM COMMENT \"minidj set\"\nTITLE \"minidj set\"\nFILE {} WAVE\n",
                                  quoted(std::filesystem::path(audio).filename().native()));
    for (std::size_t i = 0; i < entries.size(); ++i) {
        out += fmt::format("  TRACK {:02} AUDIO\n    TITLE {}\n    REM PATH {}\n    INDEX 01 {}\n", i + 1,
                           quoted(title_of(entries[i].path)), quoted(entries[i].path), cue_time(entries[i].start_s));
    }
    return out;
}

std::string m3u8_playlist(const std::vector<TracklistEntry>& entries, const std::vector<double>& durations_s) {
    std::string out = "#EXTM3U\n";
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const double d = i < durations_s.size() ? durations_s[i] : -1.0;
        out += fmt::format("#EXTINF:{},{}\n{}\n", d > 0 ? long(std::lround(d)) : -1L,
                           printable_path(title_of(entries[i].path)), playlist_entry(entries[i].path));
    }
    return out;
}

}  // namespace minidj

namespace minidj {

std::vector<TracklistEntry> estimated_tracklist(const SetPlan& plan) {
    std::vector<TracklistEntry> out;
    if (plan.tracks.empty()) return out;
    out.push_back({plan.tracks[0], 0.0});
    double transition_start = 0.0, previous_in_end = 0.0;
    for (std::size_t i = 0; i < plan.transitions.size(); ++i) {
        const auto& t = plan.transitions[i];
        transition_start += t.cue_out_s - previous_in_end;  // track i plays natively up to its cue
        const double overlap = mix_overlap_s(t);
        out.push_back({plan.tracks[i + 1], transition_start + overlap});
        transition_start += overlap;
        previous_in_end = incoming_end_s(t);
    }
    return out;
}

std::vector<TrackSpan> track_spans(const std::vector<TracklistEntry>& tracklist, double duration_s) {
    std::vector<TrackSpan> out;
    for (std::size_t i = 0; i < tracklist.size(); ++i) {
        const double end = i + 1 < tracklist.size() ? tracklist[i + 1].start_s : std::max(duration_s, tracklist[i].start_s);
        out.push_back({tracklist[i].start_s, end});
    }
    return out;
}

std::string mix_time(double seconds) {
    const auto s = std::int64_t(std::max(0.0, seconds));
    if (s >= 3600) return fmt::format("{}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60);
    return fmt::format("{}:{:02}", s / 60, s % 60);
}

}  // namespace minidj
