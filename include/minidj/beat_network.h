#pragma once
// The beat and downbeat network: a small temporal convolutional network (TCN, after Böck &
// Davies 2020) that reads log mel bands and the harmony chroma on the analysis grid (86 frames
// a second) and gives, per frame, the probability that a beat and that a downbeat falls there.
// It runs in plain C++ at analysis time (the default rhythm reader since analyser v6,
// src/analysis/rhythm_by_network.cpp); eval/train_beats.cpp trains it with LibTorch and writes
// the weights in the format read here (docs/beat-network.md).

#include <array>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "minidj/result.h"

namespace minidj::beatnet {

inline constexpr double kFramesPerSecond = 22050.0 / 256.0;  ///< the analysis grid's frame rate
inline constexpr int kMelBands = 40;
inline constexpr int kChromaRows = 12;
/// Standardised log mel bands, their rises, and the harmony chroma (pitch classes, each frame
/// scaled to its strongest): mel bands this coarse carry no chords, and bars begin where the
/// chords change.
inline constexpr int kInputs = 2 * kMelBands + kChromaRows;
inline constexpr int kChannels = 24;
inline constexpr int kKernel = 5;
inline constexpr int kBlocks = 8;   ///< dilations 1, 2, 4 ... 128: 5.9 s of context either side
inline constexpr int kOutputs = 2;  ///< beat, downbeat
inline constexpr std::array<char, 8> kMagic = {'M', 'D', 'J', 'T', 'C', 'N', '0', '2'};

/// Number of floats in a weight file after its header, in the order written by the trainer:
/// input 1x1 conv (weights [C][I], bias [C]); per block the dilated conv ([C][C][K], [C]) and
/// the 1x1 mix ([C][C], [C]); the output 1x1 conv ([O][C], [O]).
constexpr std::size_t parameter_count() {
    return std::size_t(kChannels) * kInputs + kChannels +
           std::size_t(kBlocks) * (std::size_t(kChannels) * kChannels * kKernel + kChannels +
                                   std::size_t(kChannels) * kChannels + kChannels) +
           std::size_t(kOutputs) * kChannels + kOutputs;
}

/// Frames either side that one output reads: the kernel's half-width times the dilations.
inline constexpr std::size_t kReachFrames =
    std::size_t(kKernel / 2) * ((std::size_t(1) << kBlocks) - 1);
inline constexpr std::size_t kChunkFrames = 16384;  ///< about 190 s

/// Harmony chroma frames (C..B, one every `chroma_seconds` from 0 s) for input_from_frames().
struct ChromaRows {
    const std::vector<std::array<float, 12>>* frames = nullptr;
    double chroma_seconds = 0.0;
};

/// Network input of a whole track: kInputs rows of `frames` values each (channel-major).
struct Input {
    std::size_t frames = 0;
    std::vector<float> values;  ///< kInputs x frames
};

/// Per-frame probabilities on the analysis grid.
struct Activations {
    std::vector<float> beat;
    std::vector<float> downbeat;
};

class Network {
  public:
    /// Parses a weight file's bytes (header + parameter_count() little-endian floats).
    static Result<Network> parse(std::string_view bytes);
    /// Reads and parses a weight file; errors name the file ("beat network: <path>: ...").
    static Result<Network> load(const std::filesystem::path& path);
    /// The network shipped with minidj (models/beats.tcn, compiled in).
    static const Network& shipped();
    Activations run(const Input& input) const;
    /// The same activations for a whole track, built and run a chunk of `chunk_frames` at a time
    /// (each with the network's reach of context on either side), so memory does not grow with
    /// the track: the analysis's way.
    Activations run_track(const std::vector<float>& log_mel, ChromaRows chroma,
                          std::size_t chunk_frames = kChunkFrames) const;
    const std::vector<float>& parameters() const { return params_; }

  private:
    std::vector<float> params_;
};

/// A weight file's bytes: the header, then `parameters` as written in memory (the trainer's
/// output; parse() accepts it when it holds parameter_count() finite floats).
std::string file_bytes(const std::vector<float>& parameters);

/// Decodes a file and computes its network input (used by the trainer and the tests).
Result<Input> input_of_file(const std::filesystem::path& path);

/// Log mel frames (kMelBands per frame, natural log of power, frame-major) and the harmony
/// chroma of the same audio to network input.
Input input_from_frames(const std::vector<float>& log_mel, ChromaRows chroma);

}  // namespace minidj::beatnet
