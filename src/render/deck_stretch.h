#pragma once
// One deck's overlap, from its file onto the master clock: read, beats fitted to where their
// attacks start, stretched by Rubber Band with every beat pinned to its master beat, and where
// the beats landed measured on the result (R2 corrected in up to three passes).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "minidj/render.h"
#include "minidj/result.h"

namespace minidj::render {

/// A deck's overlap read from its file, with its beats fitted to the attacks heard there.
struct FittedSegment {
    std::vector<float> audio;
    std::int64_t src_first = 0, src_last = 0;  ///< source frames of audio[0] and its end
    std::vector<double> beats;                 ///< source seconds, one per master beat
};

/// Reads source beats[0] - 1 beat .. beats[K] + 1 beat of `path` at `rate` and fits the beats
/// to the attacks there (fit_beats_to_attacks()).
Result<FittedSegment> fit_deck(const std::string& path, const std::vector<double>& beats, int rate);

/// A stretched segment: source [beats[0] - pre, beats[K] + post] pinned beat by beat to the
/// master clock, the margins at the native speed.
struct Segment {
    std::vector<float> audio;
    std::int64_t out_start = 0;  ///< output frame of audio[0]
    std::vector<double> beats;   ///< source beats after fitting to the attacks
};

/// A deck stretched onto the master clock, and where its beats landed in that audio (per
/// master beat, seconds late, against the deck's own unstretched audio).
struct LandedSegment {
    Segment seg;
    std::vector<std::optional<double>> landing;
};

/// Stretches `fit` so its beat k lands on master beat k (`master`: seconds from master beat 0,
/// which is output frame `t0_f`) and measures where the beats landed.
LandedSegment stretch_onto_clock(const FittedSegment& fit, std::int64_t t0_f, const std::vector<double>& master,
                                 int rate, StretchEngine engine);

}  // namespace minidj::render
