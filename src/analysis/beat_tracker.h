#pragma once
// Beat times from the onset envelope and a tempo: dynamic programming (Ellis 2007) picks the
// beat sequence that best balances onset strength against a steady period, then a sliding
// local-linear fit smooths away the frame quantisation (11.6 ms) where the tempo is steady.

#include <vector>

namespace minidj::analysis {

/// Returns beat positions in (fractional) frames, ascending. `bpm` seeds the period. A steady
/// track gets a perfectly regular grid (steady_grid.h).
std::vector<double> track_beats(const std::vector<float>& envelope, double bpm);

/// Chooses between `bpm` and its double (when within max_bpm and 180 BPM). It doubles when, on
/// a grid at `bpm` phased by the bass (kick drums mark beats), the off-beats carry nearly as
/// much onset strength as the beats; or when, on a grid phased by the accents, the kicks fall
/// between the accents (a backbeat: snares on 2 and 4 of the doubled tempo, as in drum & bass
/// read at 87 BPM). Hip-hop at 90 passes neither: hi-hats between the beats, kicks under them.
/// Returns the chosen tempo.
double choose_metrical_level(const std::vector<float>& envelope, const std::vector<float>& bass_envelope,
                             double bpm, double max_bpm);

/// Shifts all beats together (by at most +-4 frames, to 0.1 frame) so they sit best on the
/// peaks of `attack_envelope`, a sharper-timed onset signal than the tracking envelope
/// (whose low bands rise later), so beat times do not depend on how much bass a track has.
void align_beats_to_attacks(std::vector<double>& beats, const std::vector<float>& attack_envelope);

/// Time of the onset-envelope peak relative to the true onset: the log-energy rise peaks while
/// the 46 ms window is still mostly before the attack. Measured on clicks at 90-150 BPM
/// (HandSignals.BeatTimesAreUnbiasedOnClicks); subtracted from every beat time.
inline constexpr double kOnsetLatencySeconds = -0.0155;

}  // namespace minidj::analysis
