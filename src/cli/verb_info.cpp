// minidj info TRACK : show a stored analysis, for a person or (--json) for a program.
#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/library_option.h"
#include "cli/verbs.h"
#include "minidj/analysis_json.h"
#include "minidj/library.h"
#include "minidj/json_text.h"

namespace minidj::cli {
namespace {

struct InfoOptions {
    std::string track;
    std::string db;
    bool json = false;
    bool full = false;
};

void print_human(const TrackAnalysis& a) {
    const auto& g = a.grid;
    fmt::print("{}\n", a.path);
    fmt::print("  source      {} / {}, {} Hz, {} channel(s), {:.1f} s\n", a.source.format, a.source.codec,
               a.source.sample_rate, a.source.channels, a.duration_s);
    if (g.bpm > 0) {
        fmt::print("  tempo       {:.2f} BPM, {}/4, {} beats, {} bars, first downbeat {:.3f} s (confidence {:.2f})\n",
                   g.bpm, g.meter, g.beats.size(), g.downbeats.size(), g.downbeats.empty() ? 0.0 : g.downbeats[0],
                   g.confidence);
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
    fmt::print("  analysed by minidj analyser v{}\n", a.analyzer_version);
}

}  // namespace

Verb add_info_verb(CLI::App& app) {
    auto opt = std::make_shared<InfoOptions>();
    auto* cmd = app.add_subcommand("info", "Show the stored analysis of a track");
    cmd->add_option("track", opt->track, "Audio file (as analysed)")->required();
    add_db_option(*cmd, opt->db);
    cmd->add_flag("--json", opt->json, "Print the analysis as JSON");
    cmd->add_flag("--full", opt->full, "With --json: include the per-beat feature matrix");
    return {cmd, [opt] {
                std::filesystem::path db;
                const auto library = open_library(opt->db, db);
                if (!library) return 1;
                auto found = library->load(opt->track);
                if (!found) {
                    std::cerr << found.error().message << '\n';
                    return 1;
                }
                if (!found.value()) {
                    std::cerr << fmt::format("info: {}: not in the library {} (run `minidj analyze` first)\n",
                                             printable_path(opt->track), printable_path(db));
                    return 1;
                }
                if (opt->json) {
                    std::cout << dump_json(to_json(*found.value(), opt->full)) << '\n';
                } else {
                    print_human(*found.value());
                }
                return 0;
            }};
}

}  // namespace minidj::cli
