#pragma once
// Test signals and file helpers for the audio tests: sines, a hand-written WAV writer (so the
// decoder can be tested without the encoder) and simple measurements with known answers.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <string>
#include <vector>

#include "support/temp_dir.h"

namespace minidj::test {

namespace fs = std::filesystem;

/// `seconds` of a sine at `freq` Hz and amplitude `amp`, written to every channel listed in
/// `on` (others silent); interleaved with `channels` channels.
inline std::vector<float> sine(int rate, int channels, double seconds, double freq = 1000.0,
                               double amp = 0.5, std::vector<int> on = {}) {
    if (on.empty()) {
        for (int c = 0; c < channels; ++c) on.push_back(c);
    }
    const auto frames = std::size_t(std::llround(seconds * rate));
    std::vector<float> out(frames * std::size_t(channels), 0.0f);
    for (std::size_t i = 0; i < frames; ++i) {
        const auto v = float(amp * std::sin(2.0 * std::numbers::pi * freq * double(i) / rate));
        for (int c : on) out[i * std::size_t(channels) + std::size_t(c)] = v;
    }
    return out;
}

inline void write_bytes(const fs::path& path, const std::string& bytes) {
    std::ofstream f(path, std::ios::binary);
    f.write(bytes.data(), std::streamsize(bytes.size()));
}

inline std::string read_bytes(const fs::path& path) {
    std::ifstream f(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(f), {});
}

/// A 16-bit PCM WAV, written by hand. More than two channels use WAVE_FORMAT_EXTENSIBLE with
/// the standard mask (6 channels = FL FR FC LFE BL BR, i.e. 5.1).
inline void write_wav16(const fs::path& path, const std::vector<float>& samples, int rate,
                        int channels) {
    std::string b;
    const auto u16 = [&](unsigned v) {
        b += char(v & 0xFF);
        b += char((v >> 8) & 0xFF);
    };
    const auto u32 = [&](std::uint32_t v) {
        u16(v & 0xFFFF);
        u16(v >> 16);
    };
    const bool ext = channels > 2;
    const auto data_bytes = std::uint32_t(samples.size() * 2);
    const std::uint32_t fmt_size = ext ? 40 : 16;
    b += "RIFF";
    u32(4 + 8 + fmt_size + 8 + data_bytes);
    b += "WAVEfmt ";
    u32(fmt_size);
    u16(ext ? 0xFFFE : 1);
    u16(unsigned(channels));
    u32(std::uint32_t(rate));
    u32(std::uint32_t(rate * channels * 2));
    u16(unsigned(channels * 2));
    u16(16);
    if (ext) {
        u16(22);
        u16(16);
        u32(channels == 6 ? 0x3F : (1u << channels) - 1);  // 0x3F: FL FR FC LFE BL BR
        // KSDATAFORMAT_SUBTYPE_PCM GUID
        const unsigned char guid[16] = {0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00,
                                        0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71};
        b.append(reinterpret_cast<const char*>(guid), 16);
    }
    b += "data";
    u32(data_bytes);
    for (float s : samples) {
        const long v = std::lround(std::clamp(double(s), -1.0, 1.0) * 32767.0);
        u16(unsigned(v) & 0xFFFF);
    }
    write_bytes(path, b);
}

/// Frequency of a clean tone on one channel, from interpolated rising zero crossings over the
/// middle half (codec edges have pre-echo and fades that add spurious crossings).
inline double tone_frequency(const std::vector<float>& x, int channels, int channel, int rate) {
    double first = -1, last = -1;
    int crossings = 0;
    const std::size_t frames = x.size() / std::size_t(channels);
    for (std::size_t i = frames / 4 + 1; i < frames * 3 / 4; ++i) {
        const float a = x[(i - 1) * std::size_t(channels) + std::size_t(channel)];
        const float b = x[i * std::size_t(channels) + std::size_t(channel)];
        if (a < 0 && b >= 0) {
            const double t = double(i - 1) + double(a / (a - b));
            if (first < 0) first = t;
            last = t;
            ++crossings;
        }
    }
    return crossings > 1 ? (crossings - 1) * rate / (last - first) : 0.0;
}

/// RMS of one channel over the middle half (away from codec edges).
inline double rms(const std::vector<float>& x, int channels, int channel) {
    const std::size_t frames = x.size() / std::size_t(channels);
    double sum = 0;
    std::size_t n = 0;
    for (std::size_t i = frames / 4; i < frames * 3 / 4; ++i, ++n) {
        const double v = x[i * std::size_t(channels) + std::size_t(channel)];
        sum += v * v;
    }
    return n ? std::sqrt(sum / double(n)) : 0.0;
}

/// True if `s` is well-formed UTF-8 (checked independently of the code under test).
inline bool valid_utf8(const std::string& s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        const int n = c < 0x80         ? 0
                      : (c >> 5) == 6  ? 1
                      : (c >> 4) == 14 ? 2
                      : (c >> 3) == 30 ? 3
                                       : -1;
        if (n < 0 || (n == 1 && c < 0xC2) || i + std::size_t(n) >= s.size()) return false;
        for (int k = 1; k <= n; ++k) {
            if ((static_cast<unsigned char>(s[i + std::size_t(k)]) >> 6) != 2) return false;
        }
        i += std::size_t(n) + 1;
    }
    return true;
}

}  // namespace minidj::test
