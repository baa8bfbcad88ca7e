#pragma once
// What `minidj set` writes beside the mix (plan JSON, CUE sheet, M3U8) and prints.

#include <filesystem>
#include <string>
#include <vector>

#include "minidj/set.h"

namespace minidj::cli {

struct SetFiles {
    std::filesystem::path audio, cue, m3u8, plan;  ///< mix.flac, mix.cue, mix.m3u8, mix.plan.json
};
SetFiles set_files(const std::filesystem::path& audio);

/// Writes the plan, the CUE sheet and the playlist (each to a temporary file, then renamed).
Status write_set_plan_files(const SetFiles& files, const SetPlan& plan, const std::vector<TracklistEntry>& tracklist,
                            const std::vector<double>& durations_s);

void print_set_plan(const SetPlan& plan, const SetFiles& files);

/// After a render: the summary (or --json), the per-seam report and the plot. Exit status.
int finish_set(bool json, bool report, const std::string& plot, const SetPlan& plan,
               const std::vector<TrackAnalysis>& analyses, const SetReport& result, const SetFiles& files);

}  // namespace minidj::cli
