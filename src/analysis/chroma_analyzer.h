#pragma once
// Chroma (pitch-class energy) frames for key estimation and per-beat harmony, from a long
// STFT (8192 samples at 22050 Hz, 2.7 Hz bins, so bass notes a semitone apart are resolved),
// at a third-of-a-semitone resolution so the tuning can be estimated and corrected.

#include <array>
#include <vector>

#include "analysis/fft.h"

namespace minidj::analysis {

inline constexpr int kChromaWindow = 8192;
inline constexpr int kChromaHop = 2048;

struct ChromaFrames {
    std::vector<std::array<float, 12>> frames;  ///< tuned chroma, C..B; frame i centred at i*hop
    double tuning_cents = 0.0;                   ///< estimated deviation from A440
    double seconds_per_frame() const;
};

class ChromaAnalyzer {
public:
    ChromaAnalyzer();
    void process(const float* mono, std::size_t count);
    ChromaFrames finish();

private:
    void analyse_frame();

    RealFft fft_;
    std::vector<float> window_;
    std::vector<float> pending_;
    std::vector<float> power_;
    std::vector<int> bin_to_third_;   // -1 outside the pitched range
    std::vector<std::array<float, 36>> thirds_;
};

}  // namespace minidj::analysis
