#pragma once
// Turns the plan and a style into notes: drums (patterns.cpp), and bass, chords and lead
// (parts.cpp). Each part decides per section what plays, so intros are thin, drops full and
// breakdowns kick-less.
#include <vector>

#include "instruments.h"
#include "song_plan.h"
#include "style.h"

namespace minidj::gen {

std::vector<Event> drum_events(const SongPlan& plan, const StylePreset& style);
std::vector<Event> bass_events(const SongPlan& plan, const StylePreset& style);
/// Pads held per chord, plus stabs in drops for styles that have them; with `tonic_pedal`, a
/// top pad voice holds the key's tonic through every chord.
std::vector<Event> chord_events(const SongPlan& plan, const StylePreset& style,
                                const MusicalKey& key, bool tonic_pedal);
/// A melody from the key's scale: a two-bar motif per phrase, chord tones on the beats; with
/// `opens_on_tonic`, bars whose chord holds the tonic start on it.
std::vector<Event> lead_events(const SongPlan& plan, const SongSpec& spec, bool opens_on_tonic);

}  // namespace minidj::gen
