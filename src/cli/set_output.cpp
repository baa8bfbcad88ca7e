#include "cli/set_output.h"

#include <fmt/format.h>

#include <iostream>

#include "minidj/brain.h"
#include "minidj/files.h"
#include "minidj/json_text.h"

namespace minidj::cli {
namespace {

std::string track_name(const std::string& path) { return std::filesystem::path(path).filename().string(); }

}  // namespace

SetFiles set_files(const std::filesystem::path& audio) {
    auto stem = audio;
    stem.replace_extension();
    return {audio, stem.string() + ".cue", stem.string() + ".m3u8", stem.string() + ".plan.json"};
}

Status write_set_plan_files(const SetFiles& files, const SetPlan& plan, const std::vector<TracklistEntry>& tracklist,
                            const std::vector<double>& durations_s) {
    if (auto s = write_file_atomically(files.plan, dump_json(to_json(plan), 2) + "\n", "set"); !s) return s;
    if (auto s = write_file_atomically(files.cue, cue_sheet(files.audio.string(), tracklist), "set"); !s) return s;
    return write_file_atomically(files.m3u8, m3u8_playlist(tracklist, durations_s), "set");
}

void print_set_plan(const SetPlan& plan, const SetFiles& files) {
    const auto list = estimated_tracklist(plan);
    fmt::print("set of {} tracks, arc {}: objective {:.3f} (seams {:.3f}, arc fit {:.3f})\n", plan.tracks.size(),
               plan.arc.empty() ? "-" : plan.arc, plan.objective_total, plan.objective_seam, plan.objective_arc);
    for (std::size_t i = 0; i < plan.tracks.size(); ++i) {
        const std::string seam = i > 0 && i - 1 < plan.seam_score.size() ? fmt::format("{:.2f}", plan.seam_score[i - 1]) : "    ";
        const auto& t = i > 0 ? plan.transitions[i - 1] : plan.transitions[0];
        fmt::print("  {:>6}  {:2}. {}  seam {}  {:.1f} BPM  {:+.1f} dB{}\n", mix_time(list[i].start_s), i + 1,
                   track_name(plan.tracks[i]), seam, i > 0 ? t.bpm_b / t.b_beat_scale : t.bpm_a, plan.gain_db[i],
                   i > 0 ? fmt::format("  ({} {} bars)", style_name(t.style), t.bars) : "");
    }
    fmt::print("wrote {}, {} and {}\n", printable_path(files.plan), printable_path(files.cue), printable_path(files.m3u8));
}

int finish_set(bool json, bool report, const std::string& plot, const SetPlan& plan,
               const std::vector<TrackAnalysis>& analyses, const SetReport& result, const SetFiles& files) {
    int status = 0;
    std::vector<double> bpm;
    std::vector<std::string> camelot;
    for (const auto& a : analyses) {
        bpm.push_back(a.grid.bpm);
        camelot.push_back(a.key.key ? a.key.key->camelot() : "");
    }
    if (!plot.empty()) {
        if (auto s = plot_set(plan, result, analyses, plot); !s) {
            std::cerr << s.error().message << '\n';
            status = 1;
        }
    }
    const auto spans = track_spans(result.tracklist, result.duration_s);
    const auto seam_score = [&](std::size_t i) { return i > 0 && i - 1 < plan.seam_score.size() ? plan.seam_score[i - 1] : -1.0; };
    // The key move into track i, as the rulebook names it ("+1", "relative", "boost +7").
    const auto key_move = [&](std::size_t i) {
        return brain::to_string(brain::key_relation(analyses[i - 1].key.key, analyses[i].key.key));
    };
    if (json) {
        auto j = to_json(result);
        for (std::size_t i = 0; i < j["tracklist"].size() && i < analyses.size(); ++i) {
            auto& entry = j["tracklist"][i];
            entry["bpm"] = bpm[i];
            entry["camelot"] = camelot[i];
            entry["key"] = analyses[i].key.key ? analyses[i].key.key->name() : "";
            if (i == 0) continue;
            if (seam_score(i) >= 0) entry["seam_score"] = seam_score(i);  // the seam into this track
            entry["key_move"] = key_move(i);
        }
        put_path(j, "plan", files.plan.native());
        put_path(j, "cue", files.cue.native());
        put_path(j, "m3u8", files.m3u8.native());
        j["objective"] = {{"seam", plan.objective_seam}, {"arc", plan.objective_arc}, {"total", plan.objective_total}};
        j["notes"] = plan.notes;  // e.g. a track that failed to decode and was planned around
        std::cout << dump_json(j) << '\n';
        return status;
    }
    fmt::print("wrote {} ({}, {} tracks), render {:.1f} s ({:.0f}x real time)\n", printable_path(result.output),
               mix_time(result.duration_s), plan.tracks.size(), result.render_seconds,
               result.duration_s / std::max(1e-9, result.render_seconds));
    for (std::size_t i = 0; i < result.tracklist.size() && i < analyses.size(); ++i) {
        fmt::print("  {:>6}  {:2}. {}  plays {}  {:.1f} BPM  {}{}\n", mix_time(spans[i].start_s), i + 1,
                   track_name(result.tracklist[i].path), mix_time(spans[i].play_s()), bpm[i],
                   camelot[i].empty() ? "-" : camelot[i],
                   i > 0 ? fmt::format("  key {}{}", key_move(i),
                                       seam_score(i) >= 0 ? fmt::format(", seam {:.2f}", seam_score(i)) : "")
                         : "");
    }
    fmt::print("  loudness {:.1f} LUFS, true peak {:.2f} dBTP, {} clipped samples\n", result.integrated_lufs,
               result.true_peak_dbtp, result.clipped_samples);
    for (const auto& note : plan.notes) fmt::print("  note: {}\n", note);
    if (report) {
        for (std::size_t i = 0; i < result.seams.size(); ++i) {
            const auto& r = result.seams[i];
            fmt::print("  seam {:2} {} at {}: ", i + 1, r.style, mix_time(r.transition_start_s));
            if (r.stretched) {
                fmt::print("phase error median {:.2f} ms, max {:.2f} ms; downbeats {}; ", r.phase_error_median_ms,
                           r.phase_error_max_ms, r.downbeats_aligned ? "aligned" : "NOT aligned");
            }
            fmt::print("loudness dip {:.2f} LU, bump {:.2f} LU\n", r.loudness_dip_lu, r.loudness_bump_lu);
        }
    }
    fmt::print("tracklist: {}, {}; plan: {}\n", printable_path(files.cue), printable_path(files.m3u8),
               printable_path(files.plan));
    return status;
}

}  // namespace minidj::cli
