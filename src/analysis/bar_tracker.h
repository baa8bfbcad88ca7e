#pragma once
// Meter (3 or 4) and downbeats from the beat network's downbeat probability at each beat: a Viterbi
// path through the positions of a bar (1, 2, ... meter), one run per candidate meter; the
// meter whose best path explains the probabilities best wins. Harmony adds its own evidence:
// chords change at bar lines. A bar may restart early (a
// pickup, a bar of 2 in a song of 4s), at a cost, so one odd bar does not shift the rest.

#include <cstddef>
#include <vector>

namespace minidj::analysis {

struct BarReading {
    int meter = 4;
    std::vector<std::size_t> downbeats;  ///< indices into the beats
};

/// `downbeat_probability`: one value in 0..1 per beat. `chord_change` (optional, one value per
/// beat, standardised: downbeats.h) moves each beat's log-odds of being a downbeat.
BarReading read_bars(const std::vector<float>& downbeat_probability,
                     const std::vector<double>& chord_change = {});

}  // namespace minidj::analysis
