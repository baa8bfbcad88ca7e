#pragma once
// Songs among the tracks: verse, chorus and bridge where the track's full parts take turns
// between two chord progressions.
#include <cstddef>
#include <vector>

#include "minidj/structure.h"
#include "structure/bar_features.h"

namespace minidj::structure {

/// One run of the cut as the dance labels left it.
struct LabelledRun {
    std::size_t first = 0, end = 0;  ///< bars [first, end)
    double fullness_db = 0;          ///< under the track's full sound (<= 0)
    double treble_db = 0;            ///< treble under the track's full treble (<= 0): the drum kit
    double melody_db = 0;            ///< mean melody level (dB; 0 when the matrix has none)
    SectionLabel label = SectionLabel::kDrop;
};

/// Relabels `runs` as a song's when the track is one, and says whether it is. A song has two
/// progressions (runs of 4 bars or more whose bars match bar for bar, at the best shift) that
/// each return, take turns at least twice (A B A B), differ clearly (in their chords, or in
/// their melody level over the same chords), and both keep the band
/// going: nearly as full as the track gets, with the drum kit's treble (snare and hats). In
/// dance music the part between drops is a breakdown, far under the drop or without the kit;
/// in a song the verse keeps the band under chords of its own. A song opens with a verse, so
/// the progression heard first is the verse's, the other the chorus's; a run between the first and
/// the last chorus with neither progression is the bridge, and a full run with neither elsewhere a
/// chorus. Outros stay outros, and intros stay unless they play a progression as fully.
bool apply_song_form(const Bars& bars, std::vector<LabelledRun>& runs,
                     const StructureOptions& options);

}  // namespace minidj::structure
