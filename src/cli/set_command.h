#pragma once
// The options of `minidj set` and the command itself, shared with `minidj demo`.

#include <cstdint>
#include <string>
#include <vector>

#include "minidj/brain.h"

namespace minidj::cli {

struct SetCliOptions {
    std::string output, db, model, plan_file, plot, length, start, end, arc = "peak", harmonic = "loose",
        style = "bass-swap";
    std::vector<std::string> paths;
    std::size_t tracks = 0;
    double max_tempo_change_pct = 100 * brain::kTempoTolerance;  // the Brain's rulebook
    double min_play_s = 60.0;    // every track sounds at least this long (two 16-bar phrases at 128 BPM)
    double min_seam = 0.2;       // no seam scored under this while an order without one exists
    int no_repeat_artist = 0, bars = 16;
    std::uint64_t seed = 1;
    bool plan_only = false, report = false, json = false, fast = false, fine = false;
};

/// Plans (or reads) a set, renders it with its tracklist, plot and report. Exit status.
int run_set(SetCliOptions& options);

}  // namespace minidj::cli
