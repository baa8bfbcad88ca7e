#pragma once
// Chord progressions and scales that make a key unambiguous: the tonic chord starts every
// phrase and is the most frequent chord, and minor progressions use the major V chord (the
// raised leading tone) so a minor key cannot be mistaken for its relative major.
#include <array>
#include <vector>

#include "minidj/analysis.h"
#include "rng.h"
#include "song_plan.h"

namespace minidj::gen {

/// One chord per bar for an 8-bar phrase; each chord lasts `chord_bars` (1 or 2) bars.
/// `variant` picks one of the progressions (any non-negative value).
std::vector<ChordSymbol> phrase_progression(const MusicalKey& key, int chord_bars, int variant);

/// Pitch classes of the chord: root, third, fifth.
std::array<int, 3> chord_tones(const ChordSymbol& chord);

/// Whether pitch class `pc` belongs to the scale used over `chord`: major, or natural minor
/// with the raised 7th while the chord contains it (harmonic minor over V).
bool in_scale(int pc, const MusicalKey& key, const ChordSymbol& chord);

/// MIDI note of pitch class `pc` in [low, low + 12).
int note_in_range(int pc, int low);

}  // namespace minidj::gen
