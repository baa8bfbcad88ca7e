#pragma once
// The automation each style draws: fader and EQ curves per deck, by master beat.

#include "minidj/analysis.h"
#include "minidj/render.h"

namespace minidj::render {

/// A deck's loudness-weighted power in each EQ band, as shares summing to 1.
struct BandShares {
    double low = 0.5, mid = 0.35, high = 0.15;
};

/// The band shares of `track` over [from_s, to_s), from its per-beat band energies, weighted
/// roughly as K-weighting hears them (highs x1.5 for its shelf); the defaults when unknown.
BandShares band_shares(const TrackAnalysis& track, double from_s, double to_s);

/// Fills plan.a and plan.b for plan.style over plan.overlap_beats() master beats. For the
/// beat-matched styles the EQ curves are the style's and the faders are solved so that the
/// summed power, estimated from the band shares, stays that of one deck: before the middle
/// downbeat B's fader follows an equal-power rise and A's fills in, after it A's follows an
/// equal-power fall and B's fills in.
void draw_style_curves(TransitionPlan& plan, const BandShares& a, const BandShares& b);

/// Master tempo from `from_bpm` to `to_bpm` over `beats` beats, a raised-cosine ramp sampled
/// on every beat: its slope is zero at both ends, so the tempo never jumps.
Curve tempo_ramp(double from_bpm, double to_bpm, int beats);

}  // namespace minidj::render
