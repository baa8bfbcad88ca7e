#pragma once
// True peak (ITU-R BS.1770-4 Annex 2): the largest magnitude of the signal oversampled 4x
// (2x at 88.2/96 kHz, none from 176.4 kHz). libebur128's true-peak mode costs three times its
// loudness measurement, so this meter interpolates only where it can matter: around samples
// within 6 dB of the largest peak so far. An inter-sample peak of a band-limited signal sits
// between samples of comparable size, so the skipped stretches cannot hold the maximum.

#include <array>
#include <cstddef>
#include <vector>

namespace minidj::analysis {

class TruePeakMeter {
public:
    static constexpr std::size_t kTaps = 12;  // per phase: 48 taps at 4x, as in BS.1770-4
    using Lanes = float __attribute__((vector_size(16)));  // up to 4 phases side by side

    TruePeakMeter(int sample_rate, int channels);
    void process(const float* interleaved, std::size_t frames);
    /// Measures the last few frames (call once, after the last process()).
    void finish();
    double true_peak() const { return true_peak_; }      ///< linear, max over channels
    double sample_peak() const { return sample_peak_; }  ///< linear

private:
    double interpolated_peak(int channel, std::size_t frame) const;

    int channels_;
    int factor_;                          // oversampling factor: 4, 2 or 1
    std::array<Lanes, kTaps> taps_;       // polyphase FIR: tap k of each phase in lane = phase
    std::vector<float> history_;          // last kTaps frames of the previous block, interleaved
    std::vector<float> window_;           // history + current block, interleaved
    double true_peak_ = 0.0;
    double sample_peak_ = 0.0;
};

}  // namespace minidj::analysis
