#pragma once
// The options of `minidj set` and the command itself, shared with `minidj demo`.

#include <cstdint>
#include <string>
#include <vector>

namespace minidj::cli {

struct SetCliOptions {
    std::string output, db, model, plan_file, plot, length, start, end, arc = "peak", harmonic = "loose",
        style = "bass-swap";
    std::vector<std::string> paths;
    std::size_t tracks = 0;
    double max_tempo_change_pct = 8.0;
    int no_repeat_artist = 0, bars = 16;
    std::uint64_t seed = 1;
    bool plan_only = false, report = false, json = false, fast = false, fine = false;
};

/// Plans (or reads) a set, renders it with its tracklist, plot and report. Exit status.
int run_set(SetCliOptions& options);

}  // namespace minidj::cli
