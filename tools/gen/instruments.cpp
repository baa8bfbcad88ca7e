// The voices: a pitch-swept sine kick, filtered-noise drums, and subtractive tone voices.
#include "instruments.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <utility>
#include <cmath>

#include "dsp.h"
#include "rng.h"

namespace minidj::gen {
namespace {

// Where one voice writes: a frame range of the buffer and equal-power pan gains.
struct Span {
    float* out;
    std::size_t count;
    float left, right;
    void add(std::size_t i, double x) const {
        out[2 * i] += static_cast<float>(x * left);
        out[2 * i + 1] += static_cast<float>(x * right);
    }
};

// Equal-power pan: -1 left .. 1 right.
std::pair<float, float> pan_gains(float pan) {
    const double angle = 0.125 * (1.0 + std::clamp(static_cast<double>(pan), -1.0, 1.0));
    return {dsp::sine(angle + 0.25), dsp::sine(angle)};
}

Span span_for(const Event& e, double length_s, StereoBuffer& buf) {
    const long long start = std::llround(e.time_s * buf.sample_rate);
    const auto first = static_cast<std::size_t>(std::max(0LL, start));
    if (first >= buf.frames()) return {nullptr, 0, 0.0f, 0.0f};
    const auto wanted = static_cast<std::size_t>(std::ceil(length_s * buf.sample_rate));
    const auto [left, right] = pan_gains(e.pan);
    return {buf.samples.data() + 2 * first, std::min(wanted, buf.frames() - first), left, right};
}

// Decaying voices stop after this many time constants (-35 dB), with a fade so they do not click.
constexpr double kTailTaus = 4.0;

// A short linear fade over the last 10 ms, so truncated tails do not click.
double tail_fade(std::size_t i, std::size_t count, double sample_rate) {
    const auto fade = static_cast<std::size_t>(0.010 * sample_rate);
    const std::size_t left = count - i;
    return left >= fade ? 1.0 : static_cast<double>(left) / fade;
}

// A sine swept down from f_start to f_end, starting at its cosine peak, plus a 2 ms noise click
// (the beater): the attack is on the first sample and is bright enough for onset detectors.
void kick(const Event& e, const KickTimbre& k, std::uint64_t seed, StereoBuffer& buf) {
    const double sr = buf.sample_rate;
    const Span s = span_for(e, k.sweep_s + kTailTaus * k.decay_s, buf);
    Rng rng(seed);
    double sweep = k.f_start_hz - k.f_end_hz;
    const double sweep_mul = dsp::decay_factor(k.sweep_s, sr);
    double amp = e.velocity * k.gain;
    const double amp_mul = dsp::decay_factor(k.decay_s, sr);
    double click = 0.5 * amp;
    const double click_mul = dsp::decay_factor(0.002, sr);
    const auto click_frames = std::min(s.count, static_cast<std::size_t>(0.012 * sr));
    double phase = 0.25;
    for (std::size_t i = 0; i < s.count; ++i) {
        double x = dsp::sine_unit(phase) * amp;
        if (i < click_frames) {
            x += click * rng.bipolar();
            click *= click_mul;
        }
        if (k.drive > 0.0) x = x * (1.0 + k.drive) / (1.0 + k.drive * std::fabs(x));
        s.add(i, x * tail_fade(i, s.count, sr));
        phase += (k.f_end_hz + sweep) / sr;
        if (phase >= 1.0) phase -= 1.0;
        sweep *= sweep_mul;
        amp *= amp_mul;
    }
}

void noise_drum(const Event& e, const NoiseTimbre& n, std::uint64_t seed, StereoBuffer& buf) {
    const double sr = buf.sample_rate;
    const double clap_s = n.clap ? 0.03 : 0.0;
    const Span s = span_for(e, clap_s + kTailTaus * n.decay_s, buf);
    Rng rng(seed);
    dsp::OnePole hp, lp, lp2;
    hp.set_cutoff(n.highpass_hz, sr);
    lp.set_cutoff(n.lowpass_hz, sr);
    lp2.set_cutoff(n.lowpass_hz, sr);
    const auto clap_frames = static_cast<std::size_t>(clap_s * sr);
    const auto burst_frames = static_cast<std::size_t>(0.01 * sr);
    const double burst_mul = dsp::decay_factor(0.004, sr);
    const double env_mul = dsp::decay_factor(n.decay_s, sr);
    const double tone_mul = dsp::decay_factor(0.05, sr);
    double env = e.velocity * n.gain, burst = 1.0, tone_env = 1.0, phase = 0.0;
    for (std::size_t i = 0; i < s.count; ++i) {
        const double noise = lp2.lowpass(lp.lowpass(hp.highpass(rng.bipolar())));
        double x = noise * (1.0 - n.tone_mix);
        if (n.tone_hz > 0.0) {
            x += n.tone_mix * dsp::sine(phase) * tone_env;
            phase += n.tone_hz / sr;
            tone_env *= tone_mul;
        }
        if (i < clap_frames) {  // a clap: three 10 ms bursts, then the tail
            if (i % burst_frames == 0) burst = 1.0;
            x *= burst;
            burst *= burst_mul;
        } else {
            env *= env_mul;
        }
        s.add(i, 2.0 * x * env * tail_fade(i, s.count, sr));
    }
}

const ToneTimbre& tone_of(Voice voice, const StylePreset& style) {
    switch (voice) {
        case Voice::kBass: return style.bass;
        case Voice::kStab: return style.stab;
        case Voice::kLead: return style.lead;
        default: return style.pad;
    }
}

// Attack-decay-sustain-release, stepped per sample with multipliers (no exp per sample).
struct Adsr {
    double level = 0.0, decay = 1.0, attack_inc, decay_mul, release_mul, sustain;
    std::size_t held;
    Adsr(const ToneTimbre& t, double length_s, double sr)
        : attack_inc(1.0 / std::max(1.0, t.attack_s * sr)),
          decay_mul(dsp::decay_factor(t.decay_s, sr)),
          release_mul(dsp::decay_factor(t.release_s / 4.0, sr)),
          sustain(t.sustain),
          held(static_cast<std::size_t>(length_s * sr)) {}
    double next(std::size_t i) {
        if (i >= held) return level *= release_mul;
        if (decay == 1.0 && level < 1.0) return level = std::min(1.0, level + attack_inc);
        decay *= decay_mul;
        return level = sustain + (1.0 - sustain) * decay;
    }
};

enum class Wave { kSaw, kSine, kMix };

// Saw, sine, or a mix; a template parameter so the sample loop has no wave branch.
template <Wave kWave>
double osc(double phase, double inc, double sine_mix) {
    if constexpr (kWave == Wave::kSaw) return dsp::saw(phase, inc);
    if constexpr (kWave == Wave::kSine) return dsp::sine_unit(phase);
    return (1.0 - sine_mix) * dsp::saw(phase, inc) + sine_mix * dsp::sine_unit(phase);
}

// One note of a chord: its oscillators, filters and pan gains (velocity included).
struct NoteState {
    double inc_a = 0.0, inc_b = 0.0, gain_left = 0.0, gain_right = 0.0;
    dsp::Phase a, b;
    dsp::OnePole lp1, lp2;
};

// One block of samples [start, end) with fixed filter coefficients. The notes' chains are
// independent, so the CPU overlaps them; the envelope is computed once for all.
template <Wave kWave, bool kTwo>
void tone_block(NoteState* notes, std::size_t n, const ToneTimbre& t, Adsr& adsr, float* out,
                std::size_t count, std::size_t start, std::size_t end, double sr) {
    for (std::size_t i = start; i < end; ++i) {
        double left = 0.0, right = 0.0;
        for (std::size_t k = 0; k < n; ++k) {
            NoteState& v = notes[k];
            double x = osc<kWave>(v.a.advance(v.inc_a), v.inc_a, t.sine_mix);
            if constexpr (kTwo) x = 0.5 * (x + osc<kWave>(v.b.advance(v.inc_b), v.inc_b, t.sine_mix));
            const double y = v.lp2.lowpass(v.lp1.lowpass(x));
            left += y * v.gain_left;
            right += y * v.gain_right;
        }
        const double env = adsr.next(i) * tail_fade(i, count, sr);
        out[2 * i] += static_cast<float>(left * env);
        out[2 * i + 1] += static_cast<float>(right * env);
    }
}

// Subtractive voices sharing start, length and timbre (a chord, or one note): one or two
// detuned oscillators per note, a two-pole low-pass whose cutoff follows a decaying envelope,
// and an ADSR. Work is done in blocks of 32 samples, the rate at which the cutoff is updated.
template <Wave kWave, bool kTwo>
void tones(const Event* events, std::size_t n, const ToneTimbre& t, double cents,
           StereoBuffer& buf) {
    const double sr = buf.sample_rate;
    const Span s = span_for(events[0], events[0].length_s + t.release_s, buf);
    const double spread = kTwo ? dsp::exp(t.detune_cents / 1200.0 * 0.69314718055994530942) : 1.0;
    std::array<NoteState, kMaxChordNotes> notes;
    for (std::size_t k = 0; k < n; ++k) {
        const double inc = dsp::midi_to_hz(events[k].midi + cents / 100.0) / sr;
        const auto [left, right] = pan_gains(events[k].pan);
        const double gain = events[k].velocity * t.gain;
        notes[k].inc_a = inc * spread;
        notes[k].inc_b = inc / spread;
        notes[k].gain_left = gain * left;
        notes[k].gain_right = gain * right;
    }
    Adsr adsr(t, events[0].length_s, sr);
    double filter_env = 1.0;
    const double filter_mul_block = dsp::decay_factor(t.decay_s / 32.0, sr);
    constexpr std::size_t kBlock = 32;
    bool cutoff_moves = true;
    for (std::size_t start = 0; start < s.count; start += kBlock) {
        if (cutoff_moves) {  // stop recomputing once the envelope's effect is below 1 Hz
            const double cutoff = std::min(t.cutoff_hz + t.env_cutoff_hz * filter_env, 0.45 * sr);
            const double coefficient = dsp::one_pole_coefficient(cutoff, sr);
            for (std::size_t k = 0; k < n; ++k) {
                notes[k].lp1.set_coefficient(coefficient);
                notes[k].lp2.set_coefficient(coefficient);
            }
            filter_env *= filter_mul_block;
            cutoff_moves = t.env_cutoff_hz * filter_env > 1.0;
        }
        tone_block<kWave, kTwo>(notes.data(), n, t, adsr, s.out, s.count, start,
                                std::min(s.count, start + kBlock), sr);
    }
}

// `cents`: the song's tuning offset from A440.
void tones(const Event* events, std::size_t n, const ToneTimbre& t, double cents,
           StereoBuffer& buf) {
    const Wave wave = t.sine_mix <= 0.0 ? Wave::kSaw : t.sine_mix >= 1.0 ? Wave::kSine : Wave::kMix;
    const bool two = t.detune_cents > 0.0;
    switch (wave) {
        case Wave::kSaw:
            return two ? tones<Wave::kSaw, true>(events, n, t, cents, buf)
                       : tones<Wave::kSaw, false>(events, n, t, cents, buf);
        case Wave::kSine:
            return two ? tones<Wave::kSine, true>(events, n, t, cents, buf)
                       : tones<Wave::kSine, false>(events, n, t, cents, buf);
        case Wave::kMix:
            return two ? tones<Wave::kMix, true>(events, n, t, cents, buf)
                       : tones<Wave::kMix, false>(events, n, t, cents, buf);
    }
}

ToneTimbre timbre_of(Voice voice, const StylePreset& style) {
    if (voice != Voice::kPadSub) return tone_of(voice, style);
    ToneTimbre sub = style.pad;  // the pad's envelope on a plain sine
    sub.sine_mix = 1.0;
    sub.detune_cents = 0.0;
    return sub;
}

}  // namespace

void render_event(const Event& event, const StylePreset& style, std::uint64_t noise_seed,
                  StereoBuffer& out) {
    switch (event.voice) {
        case Voice::kKick: kick(event, style.kick, noise_seed, out); break;
        case Voice::kSnare: noise_drum(event, style.snare, noise_seed, out); break;
        case Voice::kHat: noise_drum(event, style.hat, noise_seed, out); break;
        case Voice::kOpenHat: noise_drum(event, style.open_hat, noise_seed, out); break;
        case Voice::kCrash: noise_drum(event, style.crash, noise_seed, out); break;
        default: render_chord(&event, 1, style, out); break;
    }
}

void render_chord(const Event* events, std::size_t count, const StylePreset& style, StereoBuffer& out) {
    assert(count >= 1 && count <= kMaxChordNotes);
    tones(events, count, timbre_of(events[0].voice, style), style.tuning_cents, out);
}

}  // namespace minidj::gen
