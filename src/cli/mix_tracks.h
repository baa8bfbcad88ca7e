#pragma once
// The analyses `mix` needs: from the library when it holds a current one, else analysed now
// (and stored when a library is in use).

#include <filesystem>

#include "minidj/analysis.h"
#include "minidj/library.h"

namespace minidj::cli {

/// `library` may be null (no library: analyse without storing). Errors are the analyser's
/// one-line messages ("decode: <path>: <reason>").
Result<TrackAnalysis> analysis_for(const std::filesystem::path& track, Library* library);

}  // namespace minidj::cli
