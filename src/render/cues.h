#pragma once
// Cue points: where A's mix-out and B's mix-in start, on phrase starts (the structure's phrases,
// minidj/structure.h), chosen from the sections (A leaves in its outro, B enters in its intro,
// B's first drop lands as the overlap ends, never two drops at once) and the energy curves.

#include <optional>
#include <string>
#include <vector>

#include "minidj/analysis.h"

namespace minidj::render {

/// Source times of the K+1 master beats of an overlap that starts at downbeat `start_s` of
/// `grid`: its beats (scale 1), every other beat (scale 0.5: the track runs at double time) or
/// its beats and the midpoints between them (scale 2). Beyond the grid's last beat the grid's
/// last period is extended; a grid with fewer than two beats gives an empty list.
std::vector<double> overlap_beats(const BeatGrid& grid, double start_s, int count, double scale);

/// Phrase starts of `t` in [lo, hi] (none before the audio): its phrases (8 bars counted from
/// each section's start, minidj/structure.h), else every 4th bar so counted, else every
/// downbeat, whichever first has one there.
std::vector<double> phrase_starts_in(const TrackAnalysis& t, double lo, double hi);

/// The first downbeat at or after the start of the audio (`fallback` when there is none).
double first_downbeat(const BeatGrid& grid, double fallback);

/// The downbeat of `grid` nearest `t`, none before the start of the audio (t itself, not
/// before 0, when the grid has none).
double snap_to_downbeat(const BeatGrid& grid, double t);

struct CuePair {
    double out_s = 0.0;  ///< A's downbeat
    double in_s = 0.0;   ///< B's downbeat
    std::string out_why, in_why;  ///< one line each: the section and reason ("the outro's start")
    bool drops_overlap = false;   ///< the best cues still put A's drop and B's drop (or chorus) together
};

/// Picks A's mix-out and B's mix-in for an overlap of `beats` master beats (B counted with
/// `b_scale`) among phrase starts: A's in its last part, B's near its start. Scored by the
/// structure (the tracks' suggested cues, A's outro, B's intro, B's first drop landing as the
/// overlap ends, a heavy penalty for two drops at once) and by energy (falling or steady in A,
/// the two parts close in energy and steady). Overrides are snapped to downbeats.
CuePair choose_cues(const TrackAnalysis& a, const TrackAnalysis& b, int beats, double b_scale,
                    std::optional<double> out_at, std::optional<double> in_at);

}  // namespace minidj::render
