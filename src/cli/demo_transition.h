#pragma once
// The demo's transition: two of its generated tracks mixed, with the plot and the report.

#include <filesystem>

#include "minidj/library.h"

namespace minidj::cli {

/// Mixes `a` into `b` (both analysed in `library`) into `folder`/transition.flac with
/// transition.png and transition.json beside it, and prints the report. Returns the exit status.
int render_demo_transition(Library& library, const std::filesystem::path& a,
                           const std::filesystem::path& b, const std::filesystem::path& folder);

}  // namespace minidj::cli
