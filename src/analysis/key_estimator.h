#pragma once
// Global key from the tuned peak chroma: each frame's chroma, normalised and compressed, is
// summed and correlated with the 24 rotations of two published major/minor key profiles
// (key_profiles.h); the opening and closing seconds' chroma, compared with the tonic triads,
// break near-ties (docs/analysis.md, "Key").

#include "analysis/chroma_analyzer.h"
#include "minidj/analysis.h"

namespace minidj::analysis {

KeyEstimate estimate_key(const ChromaFrames& chroma);

}  // namespace minidj::analysis
