#pragma once
// What each run of bars is: labels from the level of each run against the track's range, its
// place between the drops and its rise, then neighbours with the same label joined.
#include <cstddef>
#include <vector>

#include "minidj/structure.h"
#include "structure/bar_features.h"

namespace minidj::structure {

struct LabelledSections {
    std::vector<SongSection> sections;
    bool song = false;  ///< labelled as a song's (verse, chorus, bridge; song_form.h)
};

/// Labelled sections for the cut `starts` (bar indices, from find_sections), neighbours with
/// the same label joined. Times come from bars.starts.
LabelledSections label_sections(const Bars& bars, const std::vector<std::size_t>& starts,
                                const StructureOptions& options);

/// 1..10 from a section's mean level (dB re full scale) and how far it is under the track's
/// full sound (dB, <= 0): the level is on the same scale for every track, so a quiet track's
/// loudest part is not a 10.
int energy_level(double level_db, double fullness_db);

}  // namespace minidj::structure
