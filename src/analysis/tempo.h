#pragma once
// Global tempo from the onset envelope: autocorrelation, a harmonic comb over candidate tempos,
// and a log-normal prior on the tempo that decides between metrical levels (the octave).

#include <vector>

#include "minidj/analysis.h"

namespace minidj::analysis {

/// The onset envelope with its slow trend removed and scaled to unit deviation; every later
/// rhythm stage works on this signal.
std::vector<float> normalise_onset_envelope(const std::vector<float>& onset);

struct TempoEstimate {
    double bpm = 0.0;         ///< 0 when the envelope shows no periodicity at all
    double confidence = 0.0;  ///< 0..1, the winning candidate's autocorrelation
};

TempoEstimate estimate_tempo(const std::vector<float>& envelope, const AnalysisOptions& options);

}  // namespace minidj::analysis
