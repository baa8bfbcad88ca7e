#pragma once
// Chroma (pitch-class energy) frames for key estimation and per-beat harmony. A long STFT
// (8192 samples at 22050 Hz: 2.7 Hz bins, so bass notes a semitone apart are resolved) is
// reduced to its spectral peaks; each peak's exact pitch feeds a tuning estimate and a
// 60-bins-per-octave pitch-class histogram, folded to 12 classes around the estimated tuning.

#include <array>
#include <complex>
#include <vector>

#include "analysis/fft.h"
#include "analysis/frame_slicer.h"

namespace minidj::analysis {

inline constexpr int kChromaWindow = 8192;
inline constexpr int kChromaHop = 2048;
inline constexpr int kChromaBinsPerSemitone = 5;
inline constexpr int kFineChromaBins = 12 * kChromaBinsPerSemitone;

/// Mean chord change between neighbouring beats (cosine distance of their harmony chroma)
/// below which a track has too little harmony for its changes to mean anything (drums,
/// clicks); music with harmony measures 0.04-0.2.
inline constexpr double kMeaningfulChordChange = 0.02;

struct ChromaFrames {
    std::vector<std::array<float, 12>> frames;  ///< tuned chroma, C..B; frame i centred at i*hop
    /// Tuned chroma of all spectral energy, not only of clear tonal peaks: blurrier as to
    /// pitch, but present in every frame with harmony (the peak chroma is empty in frames of
    /// reverberant or distorted sound), so it shows where chords change. Same frames.
    std::vector<std::array<float, 12>> harmony;
    /// Power of the frame's tonal peaks (notes, not drum noise) from 110 Hz to 1.5 kHz.
    std::vector<float> tonal_power;
    /// The same from middle C (262 Hz) up: the melody's register, above the bass's harmonics
    /// and the chords' body that fill the band below and hide a melody stopping in its sum.
    std::vector<float> melody_power;
    double tuning_cents = 0.0;                   ///< estimated deviation from A440
    double seconds_per_frame() const;
};

class ChromaAnalyzer {
public:
    ChromaAnalyzer();
    void process(const float* mono, std::size_t count);
    ChromaFrames finish();

private:
    void analyse_frame(const float* frame);

    WindowedPowerSpectrum spectrum_;
    FrameSlicer slicer_;
    std::vector<std::array<float, kFineChromaBins>> fine_;         // tonal peaks
    std::vector<std::array<float, kFineChromaBins>> fine_energy_;  // every bin's power
    std::vector<float> tonal_power_;
    std::vector<float> melody_power_;
    std::vector<std::size_t> bin_to_fine_;  // spectrum bin -> fine chroma bin
    std::size_t harmony_lo_ = 0;            // first spectrum bin of the harmony chroma
    std::complex<double> tuning_phasor_{0.0, 0.0};  // magnitude-weighted mean of e^(2 pi i dev)
};

}  // namespace minidj::analysis
