#pragma once
// The automation each style draws: fader and EQ curves per deck, by master beat.

#include <vector>

#include "minidj/analysis.h"
#include "minidj/render.h"

namespace minidj::render {

/// A deck's loudness-weighted power in each EQ band, as shares summing to 1.
struct BandShares {
    double low = 0.5, mid = 0.35, high = 0.15;
};

/// What the fader solver knows of a deck over the overlap: its band shares and its own
/// short-term loudness (dB, after the loudness-matching gain) at every master beat 0..K.
struct DeckProfile {
    BandShares shares;
    std::vector<double> level_db;  ///< empty: a steady level (0 dB)
};

/// The short-term loudness of `track` (dB relative to `reference_lufs`, `gain_db` applied) at
/// each of `times` (seconds in the track).
std::vector<double> levels_at(const TrackAnalysis& track, const std::vector<double>& times,
                              double gain_db, double reference_lufs);

/// The band shares of `track` over [from_s, to_s), from its per-beat band energies, weighted
/// roughly as K-weighting hears them (highs x1.5 for its shelf); the defaults when unknown.
BandShares band_shares(const TrackAnalysis& track, double from_s, double to_s);

/// Fills plan.a and plan.b for plan.style over plan.overlap_beats() master beats. For the
/// beat-matched styles the EQ curves are the style's and the faders are solved so that the
/// summed power, estimated from the band shares and each deck's own loudness there, follows a
/// straight line (in dB) from A's level at the start to B's at the end: before the middle
/// downbeat B's fader follows an equal-power rise and A's fills in, after it A's follows an
/// equal-power fall and B's fills in (a fill stays within +-3 dB of unity).
void draw_style_curves(TransitionPlan& plan, const DeckProfile& a, const DeckProfile& b);

/// Master tempo from `from_bpm` to `to_bpm` over `beats` beats, a raised-cosine ramp sampled
/// on every beat: its slope is zero at both ends, so the tempo never jumps.
Curve tempo_ramp(double from_bpm, double to_bpm, int beats);

}  // namespace minidj::render
