#pragma once
// Beat times from the onset envelope and a tempo: dynamic programming (Ellis 2007) picks the
// beat sequence that best balances onset strength against a steady period, then a sliding
// local-linear fit smooths away the frame quantisation (11.6 ms) where the tempo is steady.

#include <vector>

namespace minidj::analysis {

/// Returns beat positions in (fractional) frames, ascending. `bpm` seeds the period.
std::vector<double> track_beats(const std::vector<float>& envelope, double bpm);

/// Time of the onset-envelope peak relative to the true onset, measured on generated clicks
/// (tests/analysis/test_clicks.cpp); subtracted from every beat time.
inline constexpr double kOnsetLatencySeconds = 0.0;

}  // namespace minidj::analysis
