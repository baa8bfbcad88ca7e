#pragma once
// Small signal measurements shared by the generator tests: RMS in a window and a Goertzel
// chroma. Deliberately independent of the generator's own DSP code.
#include <algorithm>
#include <array>
#include <cmath>
#include <complex>
#include <cstddef>
#include <vector>

#include "minidj/generator.h"

namespace minidj::gen::test {

inline minidj::gen::SongSpec short_spec(Style style, double bpm = 124.0, int bars = 16) {
    SongSpec spec;
    spec.style = style;
    spec.bpm = bpm;
    spec.bars = bars;
    return spec;
}

/// RMS of the mid (L+R)/2 signal over [t0, t1) seconds.
inline double rms(const Song& song, double t0, double t1) {
    const auto sr = static_cast<double>(song.sample_rate);
    const auto a = static_cast<std::size_t>(std::max(0.0, std::round(t0 * sr)));
    const auto b = std::min(song.frames(), static_cast<std::size_t>(std::max(0.0, std::round(t1 * sr))));
    if (b <= a) return 0.0;
    double sum = 0.0;
    for (std::size_t i = a; i < b; ++i) {
        const double m = 0.5 * (song.samples[2 * i] + song.samples[2 * i + 1]);
        sum += m * m;
    }
    return std::sqrt(sum / static_cast<double>(b - a));
}

/// RMS of the first difference of the mid signal over [t0, t1): a crude high-pass that keeps
/// attacks and drops sustained bass, pads and kick tails.
inline double rms_diff(const Song& song, double t0, double t1) {
    const auto sr = static_cast<double>(song.sample_rate);
    const auto a = static_cast<std::size_t>(std::max(1.0, std::round(t0 * sr)));
    const auto b = std::min(song.frames(), static_cast<std::size_t>(std::max(0.0, std::round(t1 * sr))));
    if (b <= a) return 0.0;
    double sum = 0.0;
    for (std::size_t i = a; i < b; ++i) {
        const double d = (song.samples[2 * i] + song.samples[2 * i + 1]) -
                         (song.samples[2 * i - 2] + song.samples[2 * i - 1]);
        sum += d * d;
    }
    return std::sqrt(sum / static_cast<double>(b - a));
}

/// Fraction of `times` where the 5 ms after t are clearly brighter-louder than the 10 ms before
/// it (an attack starts at t).
inline double onset_rate(const Song& song, const std::vector<double>& times) {
    if (times.empty()) return 0.0;
    int rises = 0;
    for (double t : times) {
        if (rms_diff(song, t, t + 0.005) > 1.5 * rms_diff(song, t - 0.010, t)) ++rises;
    }
    return static_cast<double>(rises) / static_cast<double>(times.size());
}

/// In-place radix-2 FFT (size a power of two); enough for a test, no library needed.
inline void fft(std::vector<std::complex<double>>& a) {
    const std::size_t n = a.size();
    for (std::size_t i = 1, j = 0; i < n; ++i) {
        std::size_t bit = n >> 1;
        for (; j & bit; bit >>= 1) j ^= bit;
        j ^= bit;
        if (i < j) std::swap(a[i], a[j]);
    }
    const double pi = std::acos(-1.0);
    for (std::size_t len = 2; len <= n; len <<= 1) {
        const std::complex<double> w(std::cos(-2.0 * pi / len), std::sin(-2.0 * pi / len));
        for (std::size_t i = 0; i < n; i += len) {
            std::complex<double> wk(1.0, 0.0);
            for (std::size_t k = 0; k < len / 2; ++k) {
                const auto u = a[i + k], v = a[i + k + len / 2] * wk;
                a[i + k] = u + v;
                a[i + k + len / 2] = u - v;
                wk *= w;
            }
        }
    }
}

/// Tonal energy per pitch class (C = 0) between 80 Hz and 2 kHz (above the bass, whose fundamentals sit with the kick): power spectra of 0.75 s
/// Hann frames (mid signal decimated by 4), each bin minus the mean power within a semitone
/// around it, so broadband sound (kicks, noise) cancels and spectral peaks remain; each peak
/// counts for the pitch class of its nearest equal-tempered note.
inline std::array<double, 12> chroma(const Song& song, double t0, double t1) {
    constexpr int kDecim = 4;
    constexpr std::size_t kFrame = 8192;
    const double sr = static_cast<double>(song.sample_rate) / kDecim;
    std::vector<double> mid;
    const auto a = static_cast<std::size_t>(t0 * song.sample_rate);
    const auto b = std::min(song.frames(), static_cast<std::size_t>(t1 * song.sample_rate));
    for (std::size_t i = a; i + kDecim <= b; i += kDecim) {
        double s = 0.0;  // box-filter decimation: fine below 2 kHz
        for (int k = 0; k < kDecim; ++k) s += song.samples[2 * (i + k)] + song.samples[2 * (i + k) + 1];
        mid.push_back(s);
    }
    const double pi = std::acos(-1.0);
    const double bin_hz = sr / kFrame;
    std::array<double, 12> energy{};
    std::vector<std::complex<double>> buf(kFrame);
    std::vector<double> power(kFrame / 2);
    for (std::size_t start = 0; start + kFrame <= mid.size(); start += kFrame / 2) {
        for (std::size_t i = 0; i < kFrame; ++i) {
            buf[i] = mid[start + i] * (0.5 - 0.5 * std::cos(2.0 * pi * static_cast<double>(i) / kFrame));
        }
        fft(buf);
        for (std::size_t k = 0; k < kFrame / 2; ++k) power[k] = std::norm(buf[k]);
        for (auto k = static_cast<std::size_t>(80.0 / bin_hz); k < static_cast<std::size_t>(2000.0 / bin_hz); ++k) {
            const double hz = static_cast<double>(k) * bin_hz;
            const auto w = static_cast<std::size_t>(std::max(2.0, hz * 0.0595 / bin_hz));  // +-1 semitone
            double mean = 0.0;
            for (std::size_t j = k - w; j <= k + w; ++j) mean += power[j];
            mean /= static_cast<double>(2 * w + 1);
            const double note = 69.0 + 12.0 * std::log2(hz / 440.0);
            const int pc = (static_cast<int>(std::lround(note)) % 12 + 12) % 12;
            energy[pc] += std::max(0.0, power[k] - 2.0 * mean);
        }
    }
    return energy;
}

/// Pearson correlation of `chroma` with the Krumhansl-Kessler profile of `key` (what key
/// finders compute).
inline double key_correlation(const std::array<double, 12>& chroma, const MusicalKey& key) {
    static constexpr double kMajor[12] = {6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88};
    static constexpr double kMinor[12] = {6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17};
    const double* profile = key.minor ? kMinor : kMajor;
    double mx = 0.0, my = 0.0;
    for (int i = 0; i < 12; ++i) {
        mx += chroma[(key.tonic + i) % 12] / 12.0;
        my += profile[i] / 12.0;
    }
    double sxy = 0.0, sxx = 0.0, syy = 0.0;
    for (int i = 0; i < 12; ++i) {
        const double x = chroma[(key.tonic + i) % 12] - mx, y = profile[i] - my;
        sxy += x * y;
        sxx += x * x;
        syy += y * y;
    }
    return sxy / std::sqrt(sxx * syy + 1e-30);
}

/// The relative key: same notes, other mode (A minor <-> C major).
inline MusicalKey relative_of(const MusicalKey& key) {
    return key.minor ? MusicalKey{(key.tonic + 3) % 12, false} : MusicalKey{(key.tonic + 9) % 12, true};
}

/// Rank of pitch class `pc` in `chroma` (0 = strongest).
inline int rank_of(const std::array<double, 12>& chroma, int pc) {
    int rank = 0;
    for (double v : chroma) rank += v > chroma[pc];
    return rank;
}

}  // namespace minidj::gen::test
