// Seeded production choices and their effect on a style's timbres.
#include "production.h"

#include <algorithm>
#include <cmath>

#include "dsp.h"
#include "rng.h"

namespace minidj::gen {
namespace {

constexpr std::uint64_t kProductionStream = 5;  // rng.h: one stream per part of the song

double uniform(Rng& rng, double lo, double hi) { return lo + (hi - lo) * rng.uniform(); }

double db_to_gain(double db) { return dsp::exp(db / 20.0 * 2.30258509299404568402); }

// Producers often tune the kick to the key: its resting pitch moves to the tonic nearest the
// preset's.
double kick_on_tonic_hz(double preset_hz, int tonic) {
    const double midi = 69.0 + 12.0 * std::log2(preset_hz / 440.0);
    const double below = std::floor((midi - tonic) / 12.0) * 12.0 + tonic;
    const double nearest = midi - below <= 6.0 ? below : below + 12.0;
    return 440.0 * std::pow(2.0, (nearest - 69.0) / 12.0);
}

}  // namespace

Production draw_production(std::uint32_t seed) {
    Rng rng = stream(seed, kProductionStream);
    Production p;
    p.tuning_cents = uniform(rng, -30.0, 30.0);
    p.kick_on_tonic = rng.chance(1.0 / 3.0);
    p.kick_hz = uniform(rng, 40.0, 66.0);
    p.tonic_pedal = rng.chance(0.25);
    p.lead_opens_on_tonic = rng.chance(1.0 / 3.0);
    p.detune_scale = dsp::exp(uniform(rng, -0.69314718055994530942, 0.69314718055994530942));
    p.bass_gain = db_to_gain(uniform(rng, -6.0, 4.0));
    p.pad_gain = db_to_gain(uniform(rng, -6.0, 4.0));
    p.stab_gain = db_to_gain(uniform(rng, -6.0, 4.0));
    p.lead_gain = db_to_gain(uniform(rng, -6.0, 4.0));
    return p;
}

StylePreset produced(StylePreset style, const Production& production, const MusicalKey& key) {
    style.kick.f_end_hz = production.kick_on_tonic
                              ? kick_on_tonic_hz(style.kick.f_end_hz, key.tonic)
                              : production.kick_hz;
    style.kick.f_start_hz = std::max(style.kick.f_start_hz, 2.0 * style.kick.f_end_hz);
    for (ToneTimbre* t : {&style.bass, &style.pad, &style.stab, &style.lead}) {
        t->detune_cents *= production.detune_scale;
    }
    style.bass.gain *= production.bass_gain;
    style.pad.gain *= production.pad_gain;
    style.stab.gain *= production.stab_gain;
    style.lead.gain *= production.lead_gain;
    style.tuning_cents = production.tuning_cents;
    return style;
}

}  // namespace minidj::gen
