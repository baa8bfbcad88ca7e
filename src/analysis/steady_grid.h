#pragma once
// Most dance music, and every sequenced track, keeps one tempo from start to end. For such a
// track a perfectly regular grid is both more accurate than tracked beats (no frame jitter,
// no phase slips in weak passages) and what a DJ expects. This fits the best regular grid to
// the onset envelope and keeps it when it explains the onsets as well as the tracked beats.

#include <optional>
#include <vector>

namespace minidj::analysis {

/// `beats` (frames) from the tracker; returns the regular grid spanning them, or nullopt when
/// the tempo really varies. Beat against off-beat is settled later (beat_phase.h).
std::optional<std::vector<double>> fit_steady_grid(const std::vector<float>& envelope,
                                                   const std::vector<double>& beats);

}  // namespace minidj::analysis
