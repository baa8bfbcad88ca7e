#pragma once
// Meter (3 or 4 beats per bar) and bar phase from beat-synchronous evidence: bars start where
// the bass/kick is strongest and the harmony changes, so the right bar length gathers that
// evidence on one phase of its cycle.

#include <array>
#include <vector>

#include "analysis/spectral_analyzer.h"

namespace minidj::analysis {

struct BarEstimate {
    int meter = 4;
    int phase = 0;  ///< index of the first downbeat among the beats
};

/// `beats` in frames; `chroma_per_beat` one 12-vector per beat.
BarEstimate estimate_bars(const std::vector<double>& beats, const FrameFeatures& frames,
                          const std::vector<std::array<float, 12>>& chroma_per_beat);

/// The downbeats among `beat_times`: every `bars.meter`th from `bars.phase`.
std::vector<double> downbeats_of(const std::vector<double>& beat_times, const BarEstimate& bars);

}  // namespace minidj::analysis
