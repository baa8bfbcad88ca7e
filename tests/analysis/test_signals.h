#pragma once
// Hand-made test signals with exactly known answers.

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

}  // namespace minidj::test
