#pragma once
// How far two independent readings of a track's beats agree: the committee measure of beat
// trackers' confidence (Zapata et al., ISMIR 2012: where trackers of different design agree,
// the beats are right; where they part, the phase is a guess).

#include <vector>

namespace minidj::analysis {

/// The F-measure of `a` against `b` (beat times in seconds, ascending; a match within 70 ms,
/// as mir_eval counts), with `b` brought to a's metrical level when their tempi are an octave
/// apart: doubled where a is about twice as fast, every other beat (the better phase) where it
/// is about half. Two readings a tempo octave apart on the same beats agree (1.0); on each
/// other's off-beats, or in a 3:2 relation, they do not. 0 if either has fewer than two beats.
double beat_agreement(const std::vector<double>& a, const std::vector<double>& b);

}  // namespace minidj::analysis
