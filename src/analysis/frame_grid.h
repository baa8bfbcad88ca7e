#pragma once
// The analysis time grid shared by every frame-based analyser: mono audio at 22050 Hz, STFT
// frames of 1024 samples every 256 samples (11.6 ms), frame n centred on sample n * kHop.

#include <cstddef>

namespace minidj::analysis {

inline constexpr int kAnalysisRate = 22050;
inline constexpr int kHop = 256;
inline constexpr int kFrameSize = 1024;
inline constexpr double kFramesPerSecond = double(kAnalysisRate) / kHop;

inline double frame_to_seconds(double frame) { return frame / kFramesPerSecond; }
inline double seconds_to_frame(double seconds) { return seconds * kFramesPerSecond; }

}  // namespace minidj::analysis
