#pragma once
// Cue points: where A's mix-out and B's mix-in start, on phrase boundaries (downbeats at a
// multiple of 8 bars from the first), chosen from the energy curves. Structure analysis will
// later offer section boundaries; they plug in as extra candidates here.

#include <optional>
#include <vector>

#include "minidj/analysis.h"

namespace minidj::render {

/// Source times of the K+1 master beats of an overlap that starts at downbeat `start_s` of
/// `grid`: its beats (scale 1), every other beat (scale 0.5: the track runs at double time) or
/// its beats and the midpoints between them (scale 2). Beyond the grid's last beat the grid's
/// last period is extended; a grid with fewer than two beats gives an empty list.
std::vector<double> overlap_beats(const BeatGrid& grid, double start_s, int count, double scale);

/// The first downbeat at or after the start of the audio (`fallback` when there is none).
double first_downbeat(const BeatGrid& grid, double fallback);

/// The downbeat of `grid` nearest `t`, none before the start of the audio (t itself, not
/// before 0, when the grid has none).
double snap_to_downbeat(const BeatGrid& grid, double t);

struct CuePair {
    double out_s = 0.0;  ///< A's downbeat
    double in_s = 0.0;   ///< B's downbeat
};

/// Picks A's mix-out and B's mix-in for an overlap of `beats` master beats (B counted with
/// `b_scale`): A's in its last part where energy is falling or steady, B's near its start, the
/// two sections as close in energy as possible and each as steady as possible. Overrides are
/// snapped to downbeats.
CuePair choose_cues(const TrackAnalysis& a, const TrackAnalysis& b, int beats, double b_scale,
                    std::optional<double> out_at, std::optional<double> in_at);

}  // namespace minidj::render
