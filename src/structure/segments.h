#pragma once
// Where sections change: the bars cut into runs of similar sound by an exact search
// (optimal partitioning, as in change-point detection).
#include <cstddef>
#include <vector>

#include "minidj/structure.h"
#include "structure/bar_features.h"

namespace minidj::structure {

/// Section starts as bar indices, the first 0 and the last bars.bars(): the cut of the bars
/// that minimises the spread of each section's features about its mean, plus
/// `boundary_penalty` per section and `off_phrase_penalty` per section not a multiple of 4
/// bars long, plus `harmony_weight` times the harmony that does not repeat within a section (0:
/// the cut by sound alone). Levels are compared in steps of 3 dB, so the cut does not depend
/// on the track's gain.
std::vector<std::size_t> find_sections(const Bars& bars, const StructureOptions& options, double harmony_weight);

}  // namespace minidj::structure
