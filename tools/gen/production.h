#pragma once
// Per-song production choices drawn from the seed: tuning, kick pitch, tonic pedal, the lead's
// bar openings, oscillator detune and the mix. Users' music varies in all of these, so the
// tests built on generated songs must not lean on one habit of this generator (a kick tuned
// to the tonic, a pad holding the tonic, melodies opening every bar on it): each is now only
// one possibility among others. Independent of the key and of the notes' random stream.
#include <cstdint>

#include "minidj/analysis.h"
#include "style.h"

namespace minidj::gen {

/// A default-constructed Production is the plain one (SongSpec::plain_production): the
/// generator as it was before seeds varied its production.
struct Production {
    double tuning_cents = 0.0;        ///< the whole song off A440, -30..30
    bool kick_on_tonic = true;        ///< the kick rests on the tonic; else on kick_hz
    double kick_hz = 50.0;            ///< an untuned kick's resting pitch, 40..66 Hz, any key
    bool tonic_pedal = true;          ///< a pad voice holds the tonic through every chord
    bool lead_opens_on_tonic = true;  ///< the lead starts bars on the tonic when the chord has it
    double detune_scale = 1.0;        ///< oscillator detune of every pitched voice, x0.5..2
    /// Gains of the pitched parts (-6..+4 dB): which part dominates the mix changes by song.
    double bass_gain = 1.0, pad_gain = 1.0, stab_gain = 1.0, lead_gain = 1.0;
};

/// The choices for `seed`: about a third of the songs tune the kick to the tonic, a quarter
/// hold a tonic pedal, a third open the lead's bars on the tonic.
Production draw_production(std::uint32_t seed);

/// `style` with the production's timbre changes applied (kick pitch, detune, part gains,
/// tuning) for a song in `key`.
StylePreset produced(StylePreset style, const Production& production, const MusicalKey& key);

}  // namespace minidj::gen
