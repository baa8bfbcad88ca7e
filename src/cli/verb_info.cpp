// minidj info TRACK : show a stored analysis, for a person or (--json) for a program, and
// whether the file is still the one analysed.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>
#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/library_option.h"
#include "cli/output_guard.h"
#include "cli/verbs.h"
#include "minidj/analysis_json.h"
#include "minidj/library.h"
#include "minidj/json_text.h"
#include "minidj/library_tools.h"
#include "minidj/render.h"

namespace minidj::cli {
namespace {

struct InfoOptions {
    std::string track;
    std::string db;
    bool json = false;
    bool full = false;
    std::string plot;
};

std::string describe_tags(const AudioTags& t) {
    std::string out = t.artist.empty() ? "?" : t.artist;
    out += " - " + (t.title.empty() ? std::string("?") : t.title);
    std::vector<std::string> more;
    if (!t.album.empty()) more.push_back(t.album);
    if (t.year) more.push_back(std::to_string(t.year));
    if (!t.genre.empty()) more.push_back(t.genre);
    if (!more.empty()) out += fmt::format(" ({})", fmt::join(more, ", "));
    return out;
}

std::string describe_state(FileState state) {
    switch (state) {
        case FileState::kUnchanged: return "";
        case FileState::kChanged: return "the file changed since this analysis; `minidj analyze` analyses it again";
        case FileState::kMissing:
            return "the file is missing (moved? `minidj library relocate`; deleted? `minidj library prune`)";
        case FileState::kUnreadable: return "the file cannot be read";
    }
    return "";
}

// "  sections    intro 0:00 (16 bars, energy 4), drop 0:31 (32 bars, energy 8), ..." and the cues.
void print_structure(const TrackStructure& s) {
    if (s.sections.empty()) {
        fmt::print("  sections    none (fewer than 4 bars)\n");
        return;
    }
    std::vector<std::string> parts;
    for (const SongSection& x : s.sections) {
        parts.push_back(fmt::format("{} {} ({} bars, energy {})", section_label_name(x.label), clock_time(x.start_s), x.bars,
                                    x.energy));
    }
    fmt::print("  sections    {}\n", fmt::join(parts, ", "));
    for (auto [name, cue] : {std::pair{"mix in ", &s.mix_in}, std::pair{"mix out", &s.mix_out}}) {
        if (*cue) fmt::print("  {}     {} ({})\n", name, clock_time((*cue)->time_s), (*cue)->reason);
    }
}

void print_human(const TrackAnalysis& a, const TrackSummary& row, FileState state) {
    const auto& g = a.grid;
    fmt::print("{}\n", printable_path(a.path));
    if (const auto note = describe_state(state); !note.empty()) fmt::print("  file        {}\n", note);
    if (!row.tags.empty()) {
        fmt::print("  tags        {}\n", describe_tags(row.tags));
    } else if (!row.tags_read) {
        fmt::print("  tags        not read yet (`minidj analyze` reads them)\n");
    }
    fmt::print("  source      {} / {}, {} Hz, {} channel(s), {:.1f} s\n", a.source.format, a.source.codec,
               a.source.sample_rate, a.source.channels, a.duration_s);
    if (g.bpm > 0) {
        fmt::print("  tempo       {:.2f} BPM, {}/4, {} beats, {} bars, first downbeat {:.3f} s (confidence {:.2f}{})\n",
                   g.bpm, g.meter, g.beats.size(), g.downbeats.size(), g.downbeats.empty() ? 0.0 : g.downbeats[0],
                   g.confidence,
                   g.confidence < kMinBeatMatchConfidence ? ": a guess, mixes fade rather than beat-match" : "");
    } else {
        fmt::print("  tempo       no steady beat found\n");
    }
    if (a.key.key) {
        const int cents = int(std::lround(a.key.tuning_cents));  // an int: never prints "-0"
        fmt::print("  key         {} ({}), confidence {:.2f}, tuning {:+d} cents\n", a.key.key->name(),
                   a.key.key->camelot(), a.key.confidence, cents);
    } else {
        fmt::print("  key         none (not tonal enough)\n");
    }
    const auto& l = a.loudness;
    fmt::print("  loudness    {:.1f} LUFS integrated, range {:.1f} LU, true peak {:.1f} dBTP\n", l.integrated_lufs,
               l.range_lu, l.true_peak_dbtp);
    fmt::print("  energy      {:.3f} RMS; brightness {:.0f} Hz\n", a.energy_rms, a.brightness_hz);
    print_structure(a.structure);
    fmt::print("  analysed by minidj analyser v{}\n", a.analyzer_version);
}

// --plot: never over the track itself or any track of the library (exit 2, as every verb's
// refusal); 1 when drawing fails; 0 when drawn.
int plot_track_to(const TrackAnalysis& a, const std::string& png, Library& library, const std::filesystem::path& db) {
    if (!outputs_are_safe("info", {option_output("--plot", png)}, input_tracks({a.path}), &library, db)) return 2;
    if (auto s = plot_track(a, png); !s) {
        std::cerr << s.error().message << '\n';
        return 1;
    }
    std::cerr << fmt::format("info: plot written to {}\n", printable_path(png));
    return 0;
}

}  // namespace

Verb add_info_verb(CLI::App& app) {
    auto opt = std::make_shared<InfoOptions>();
    auto* cmd = app.add_subcommand("info", "Show the stored analysis of a track");
    cmd->add_option("track", opt->track, "Audio file (as analysed)")->required();
    add_db_option(*cmd, opt->db);
    cmd->add_flag("--json", opt->json, "Print the analysis as JSON");
    cmd->add_flag("--full", opt->full, "With --json: include the per-beat feature matrix");
    cmd->add_option("--plot", opt->plot, "Also draw the track's sections, energy and cues to a PNG file");
    return {cmd, [opt] {
                std::filesystem::path db;
                const auto library = open_library(opt->db, db, /*create=*/false);
                if (!library) return 1;
                auto found = library->load(opt->track);
                auto row = library->find(opt->track);
                if (!found || !row) {
                    std::cerr << (found ? row.error() : found.error()).message << '\n';
                    return 1;
                }
                if (!found.value() || !row.value()) {
                    std::cerr << fmt::format("info: {}: not in the library {} (run `minidj analyze` first)\n",
                                             printable_path(opt->track), printable_path(db));
                    return 1;
                }
                if (!opt->plot.empty()) {
                    if (const int status = plot_track_to(*found.value(), opt->plot, *library, db)) return status;
                }
                const FileState state = check_file(*row.value());
                if (opt->json) {
                    auto j = to_json(*found.value(), opt->full);
                    j["tags"] = tags_json(row.value()->tags);
                    j["file_state"] = to_string(state);
                    std::cout << dump_json(j) << '\n';
                } else {
                    print_human(*found.value(), *row.value(), state);
                }
                return 0;
            }};
}

}  // namespace minidj::cli
