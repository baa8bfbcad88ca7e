#pragma once
// Global key from the tuned chroma: the summed, frame-normalised chroma is correlated with
// the 24 rotations of the Krumhansl-Kessler major and minor profiles.

#include "analysis/chroma_analyzer.h"
#include "minidj/analysis.h"

namespace minidj::analysis {

KeyEstimate estimate_key(const ChromaFrames& chroma);

}  // namespace minidj::analysis
