#pragma once
// Per-style presets: the timbre of each voice, the drum and bass patterns, the chord rhythm and
// the default section plan. Data only; patterns.cpp and parts.cpp turn them into notes.
#include <vector>

#include "minidj/generator.h"
#include "song_plan.h"

namespace minidj::gen {

struct KickTimbre {
    double f_start_hz, f_end_hz, sweep_s, decay_s;
    double drive;  ///< 0: clean; > 0: soft saturation (harder kicks)
    double gain;
};

/// Noise-based drums (snare, clap, hats, crash), optionally with a tone (snare body).
struct NoiseTimbre {
    double decay_s;
    double highpass_hz;
    double lowpass_hz;
    double tone_hz;   ///< 0: no tone
    double tone_mix;  ///< 0..1
    bool clap;        ///< three quick bursts before the tail
    double gain;
};

/// Pitched voices (bass, pads, stabs, lead).
struct ToneTimbre {
    double attack_s, decay_s, sustain, release_s;
    double cutoff_hz;      ///< low-pass cutoff at sustain
    double env_cutoff_hz;  ///< extra cutoff at the attack, decaying with decay_s
    double detune_cents;   ///< 0: one oscillator; else two, detuned +-
    double sine_mix;       ///< 0: saw, 1: sine
    double gain;
};

/// A drum hit or note at a beat position within the bar.
struct Hit {
    double pos;
    float velocity;
};
struct BassStep {
    double pos, length;
    int interval;  ///< semitones above the chord root
    float velocity;
};

struct DrumPattern {
    std::vector<Hit> kick, snare, hat, open_hat;
};

struct StylePreset {
    KickTimbre kick;
    NoiseTimbre snare, hat, open_hat, crash;
    ToneTimbre bass, pad, stab, lead;
    int chord_bars;             ///< bars per chord: 1 or 2
    double pad_level;           ///< pads' level outside breakdowns, relative to breakdowns
    std::vector<Hit> stabs;     ///< chord stabs per 4/4 bar in drops (empty: none)
    bool crash_on_phrases;
    bool soft_drums = false;   ///< kick only in drops, hats only in builds and drops
    double tuning_cents = 0.0;  ///< pitch offset of every pitched voice from A440 (production.h)
    DrumPattern drums4, drums3;
    std::vector<BassStep> bass4, bass3;
    /// One 6/8 bar (two dotted-quarter beats, eighths at thirds of a beat); 12/8 plays it twice.
    DrumPattern drums6;
    std::vector<BassStep> bass6;
    std::vector<Hit> stabs6;
    std::vector<PlannedSection> default_plan;
};

const StylePreset& preset(Style style);

/// The style's patterns for one bar of the plan's meter (4/4, 3/4, 6/8 or 12/8).
DrumPattern bar_drums(const StylePreset& style, const SongPlan& plan);
std::vector<BassStep> bar_bass(const StylePreset& style, const SongPlan& plan);
std::vector<Hit> bar_stabs(const StylePreset& style, const SongPlan& plan);

}  // namespace minidj::gen
