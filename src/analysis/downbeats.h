#pragma once
// Meter (2, 3 or 4 beats per bar) and bar phase from beat-synchronous evidence: bars start
// where the bass/kick is strongest and the harmony changes (and where the beat network hears a
// downbeat), so the right bar length gathers that evidence on one phase of its cycle.

#include <array>
#include <vector>

#include "analysis/spectral_analyzer.h"

namespace minidj::analysis {

struct BarEstimate {
    int meter = 4;
    int phase = 0;  ///< index of the first downbeat among the beats
};

/// `beats` in frames; `chroma_per_beat` one 12-vector per beat; `downbeat_log_odds`, one per
/// beat or empty, the beat network's downbeat output at the beats.
BarEstimate estimate_bars(const std::vector<double>& beats, const FrameFeatures& frames,
                          const std::vector<std::array<float, 12>>& chroma_per_beat,
                          const std::vector<double>& downbeat_log_odds = {});

/// The downbeats among `beat_times`: every `bars.meter`th from `bars.phase`.
std::vector<double> downbeats_of(const std::vector<double>& beat_times, const BarEstimate& bars);

}  // namespace minidj::analysis
