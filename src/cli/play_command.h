#pragma once
// The options of `minidj play` and the command itself.

#include <cstdint>
#include <string>
#include <vector>

#include "minidj/brain.h"

namespace minidj::cli {

struct PlayCliOptions {
    std::string db, model, length, start, arc = "peak", harmonic = "loose", style = "bass-swap", device, control,
        record;
    std::vector<std::string> paths;
    std::size_t tracks = 0;
    double max_tempo_change_pct = 100 * brain::kTempoTolerance;
    double min_play_s = 60.0;
    double buffer_ms = 20.0;
    int bars = 16;
    bool json = false, list_devices = false, fast = false;
};

/// Plays until the night ends or is stopped. Exit status.
int run_play(const PlayCliOptions& options);

}  // namespace minidj::cli
