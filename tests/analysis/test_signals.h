#pragma once
// Hand-made test signals with exactly known answers.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <vector>

namespace minidj::test {

/// Stereo clicks at `bpm` starting at `first` seconds: a 2 kHz burst on every beat, plus a
/// low 60 Hz thump on every `meter`-th beat (the downbeat). Returns interleaved stereo.
inline std::vector<float> click_track(double bpm, double seconds, int rate, double first = 0.5, int meter = 4) {
    const auto frames = std::size_t(seconds * rate);
    std::vector<float> out(frames * 2, 0.0f);
    const double period = 60.0 / bpm;
    int beat = 0;
    for (double t = first; t < seconds - 0.1; t += period, ++beat) {
        const auto start = std::size_t(std::lround(t * rate));
        const bool down = beat % meter == 0;
        for (std::size_t i = 0; i < std::size_t(0.08 * rate) && start + i < frames; ++i) {
            const double s = double(i) / rate;
            double v = 0.5 * std::exp(-s * 60.0) * std::sin(2 * std::numbers::pi * 2000.0 * s);
            if (down) v += 0.4 * std::exp(-s * 25.0) * std::sin(2 * std::numbers::pi * 60.0 * s);
            out[2 * (start + i)] += float(v);
            out[2 * (start + i) + 1] += float(v);
        }
    }
    return out;
}

inline std::vector<float> sine(double hz, double amplitude, double seconds, int rate, int channels) {
    const auto frames = std::size_t(seconds * rate);
    std::vector<float> out(frames * std::size_t(channels));
    for (std::size_t i = 0; i < frames; ++i) {
        const float v = float(amplitude * std::sin(2 * std::numbers::pi * hz * double(i) / rate));
        for (int c = 0; c < channels; ++c) out[i * std::size_t(channels) + std::size_t(c)] = v;
    }
    return out;
}

/// Deterministic white noise (xorshift), uniform in [-amplitude, amplitude].
inline std::vector<float> noise(double amplitude, double seconds, int rate, int channels) {
    std::vector<float> out(std::size_t(seconds * rate) * std::size_t(channels));
    std::uint32_t x = 2463534242u;
    for (auto& v : out) {
        x ^= x << 13; x ^= x >> 17; x ^= x << 5;
        v = float(amplitude * (double(x) / 4294967295.0 * 2.0 - 1.0));
    }
    return out;
}

/// Off-beat accents over harmony that moves on the beats, as in reggae or a shuffle's
/// chords: every `period` seconds from `first` a new chord (three sines, a soft 30 ms
/// attack) starts, cycling through C, A minor, F and G; half-way between, a loud burst of
/// high-passed noise with no bass in it. The onsets peak on the off-beats; only the
/// harmony says where the beats are. `on_beat` > 0 adds the same bursts on the beats at that
/// fraction of the off-beats' level. Mono.
inline std::vector<float> offbeat_accents_over_chords(double bpm, double seconds, int rate,
                                                      double first = 0.5, double on_beat = 0.0) {
    std::vector<float> out(std::size_t(seconds * rate), 0.0f);
    const double period = 60.0 / bpm;
    const double chords[4][3] = {{261.63, 329.63, 392.00}, {220.00, 261.63, 329.63},
                                 {174.61, 220.00, 261.63}, {196.00, 246.94, 293.66}};
    const auto noise_burst = noise(1.0, 0.05, rate, 1);
    int beat = 0;
    for (double t = first; t + period < seconds; t += period, ++beat) {
        const auto start = std::size_t(std::lround(t * rate));
        const auto* chord = chords[beat % 4];
        for (std::size_t i = 0; i < std::size_t(period * rate); ++i) {
            const double s = double(i) / rate;
            const double envelope = std::min(1.0, s / 0.03) * std::min(1.0, (period - s) / 0.01);
            double v = 0.0;
            for (int n = 0; n < 3; ++n) v += std::sin(2 * std::numbers::pi * chord[n] * s);
            out[start + i] += float(0.08 * envelope * v);
        }
        // Twice-differenced noise: a hi-hat-like burst without low-frequency energy.
        const auto off = start + std::size_t(std::lround(period / 2 * rate));
        for (std::size_t i = 2; i < noise_burst.size() && off + i < out.size(); ++i) {
            const double hp = noise_burst[i] - 2 * noise_burst[i - 1] + noise_burst[i - 2];
            const double burst = 0.3 * hp * std::exp(-double(i) / rate * 60.0);
            out[off + i] += float(burst);
            out[start + i] += float(on_beat * burst);
        }
    }
    return out;
}

/// A drum loop over one held chord, whose bars are told only by an accent: a kick on every
/// beat, the first of every `meter` beats `accent` times louder with a crash, closed hats on the
/// off-beats, and an A minor pad (A3 C4 E4) held from `first` to the end, so no chord ever
/// changes. The loop starts at `first` seconds (0: on the first sample). Mono.
inline std::vector<float> accented_loop_over_static_chord(double bpm, double seconds, int rate, double first,
                                                          int meter, double accent) {
    std::vector<float> out(std::size_t(seconds * rate), 0.0f);
    const double period = 60.0 / bpm;
    const auto crash = noise(1.0, 0.6, rate, 1);
    int beat = 0;
    for (double t = first; t + period < seconds; t += period, ++beat) {
        const auto start = std::size_t(std::lround(t * rate));
        const double gain = beat % meter == 0 ? accent : 1.0;
        for (std::size_t i = 0; i < std::size_t(0.25 * rate) && start + i < out.size(); ++i) {
            const double s = double(i) / rate;
            // A kick: a sine falling from 120 to 50 Hz with a 60 ms decay.
            const double phase = 2 * std::numbers::pi * (50.0 * s + 70.0 * 0.03 * (1.0 - std::exp(-s / 0.03)));
            out[start + i] += float(0.25 * gain * std::exp(-s / 0.06) * std::sin(phase));
        }
        if (beat % meter == 0) {
            for (std::size_t i = 2; i < crash.size() && start + i < out.size(); ++i) {
                const double hp = crash[i] - 2 * crash[i - 1] + crash[i - 2];
                out[start + i] += float(0.05 * hp * std::exp(-double(i) / rate * 4.0));
            }
        }
        const auto off = start + std::size_t(std::lround(period / 2 * rate));
        for (std::size_t i = 2; i < 2000 && off + i < out.size(); ++i) {
            const double hp = crash[i] - 2 * crash[i - 1] + crash[i - 2];
            out[off + i] += float(0.04 * hp * std::exp(-double(i) / rate * 80.0));
        }
    }
    const double pad[3] = {220.0, 261.63, 329.63};
    for (auto i = std::size_t(first * rate); i < out.size(); ++i) {
        const double s = double(i) / rate - first;
        double v = 0.0;
        for (double hz : pad) v += std::sin(2 * std::numbers::pi * hz * s);
        out[i] += float(0.04 * std::min(1.0, s / 0.5) * v);
    }
    return out;
}

/// A 3+3+2 figure (the tresillo) over quiet kicks: in every half bar of eight sixteenths at
/// `bpm`, a bright stab (A4 and E5, decaying) on sixteenths 1, 4 and 7, a kick (55 Hz) `kick`
/// as loud as the stab's A4 on 1 and 5 (the beats), a noise hat on 3 and 7. The stabs, three
/// sixteenths apart, are the loudest pulse; the beat is the quarter. From 0.5 s. Mono.
inline std::vector<float> tresillo_over_kicks(double bpm, double kick, double seconds, int rate) {
    std::vector<float> out(std::size_t(seconds * rate), 0.0f);
    const double sixteenth = 15.0 / bpm;
    const auto hat = noise(0.1, 0.03, rate, 1);
    auto add = [&](double t, auto&& sample, std::size_t length) {
        const auto start = std::size_t(std::lround(t * rate));
        for (std::size_t i = 0; i < length && start + i < out.size(); ++i) out[start + i] += float(sample(i));
    };
    for (double t = 0.5; t < seconds - 1.0; t += 8 * sixteenth) {
        for (int j : {0, 3, 6}) {
            add(t + j * sixteenth, [&](std::size_t i) {
                const double s = double(i) / rate;
                return std::exp(-8.0 * s) * (0.5 * std::sin(2 * std::numbers::pi * 440.0 * s) +
                                             0.3 * std::sin(2 * std::numbers::pi * 660.0 * s));
            }, std::size_t(0.2 * rate));
        }
        for (int j : {0, 4}) {
            add(t + j * sixteenth, [&](std::size_t i) {
                const double s = double(i) / rate;
                return kick * std::exp(-18.0 * s) * std::sin(2 * std::numbers::pi * 55.0 * s);
            }, std::size_t(0.25 * rate));
        }
        for (int j : {2, 6}) {
            add(t + j * sixteenth, [&](std::size_t i) {
                return hat[i] * std::exp(-150.0 * double(i) / rate);
            }, hat.size());
        }
    }
    float peak = 0.0f;
    for (float v : out) peak = std::max(peak, std::abs(v));
    for (float& v : out) v /= 1.1f * peak;
    return out;
}

}  // namespace minidj::test
