#pragma once
// Summaries of the frame features over each beat (BeatFeatures) and the chroma of each beat.

#include <array>
#include <vector>

#include "analysis/chroma_analyzer.h"
#include "analysis/spectral_analyzer.h"
#include "minidj/analysis.h"

namespace minidj::analysis {

/// Mean chroma over each beat span [beat i, beat i+1), normalised to max 1. Beats in frames.
std::vector<std::array<float, 12>> chroma_per_beat(const std::vector<double>& beats,
                                                   const ChromaFrames& chroma);

/// `chroma` gives each beat's tonal level (its frames' tonal_power); `beat_chroma` its chroma columns.
BeatFeatures summarise_beats(const std::vector<double>& beats, const FrameFeatures& frames,
                             const ChromaFrames& chroma, const std::vector<std::array<float, 12>>& beat_chroma);

}  // namespace minidj::analysis
