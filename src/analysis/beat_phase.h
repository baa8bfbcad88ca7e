#pragma once
// Beats or off-beats? A tracker locks onto the strongest pulse, which in much music is the
// off-beat (hi-hats, strummed chords, a shuffle's "and"). Two cues mark the beat itself across
// styles: bass notes and kick drums land on it, and chords change on it. This weighs both on
// the tracked beats and on the same beats shifted by a half (and a third, for shuffles) of
// each interval, and keeps the shift they favour.

#include <vector>

#include "analysis/chroma_analyzer.h"

namespace minidj::analysis {

/// `beats` in frames; `attack_envelope` and `bass_envelope` are normalised onset envelopes
/// on the same frames. Returns the beats, shifted when the evidence says so.
std::vector<double> choose_beat_phase(const std::vector<double>& beats, const std::vector<float>& attack_envelope,
                                      const std::vector<float>& bass_envelope, const ChromaFrames& chroma);

}  // namespace minidj::analysis
