#pragma once
// Short-time spectral features on the analysis grid (frame_grid.h): onset strength, band
// energies, brightness, loudness-free energy, and MFCC statistics. One FFT per frame feeds all.

#include <memory>
#include <vector>

#include "analysis/fft.h"
#include "analysis/frame_slicer.h"
#include "minidj/analysis.h"

namespace minidj::analysis {

/// Per-frame feature columns, all of the same length (one value per frame).
struct FrameFeatures {
    std::vector<float> onset;      ///< spectral flux of log mel bands (all bands)
    std::vector<float> low_onset;  ///< spectral flux of the bands below ~150 Hz (kick, bass)
    std::vector<float> rms;        ///< RMS of the hop around the frame centre
    std::vector<float> low;        ///< power below 200 Hz
    std::vector<float> mid;        ///< power 200 Hz - 2.5 kHz
    std::vector<float> high;       ///< power above 2.5 kHz
    std::vector<float> centroid;   ///< spectral centroid, Hz
    /// beatnet::kMelBands log mel powers per frame, frame-major; only when asked for (the beat
    /// network reads them; the onset reader does not, and they are 14 KB per second of audio).
    std::vector<float> log_mel;
    Timbre timbre;
    std::size_t size() const { return onset.size(); }
};

class SpectralAnalyzer {
public:
    explicit SpectralAnalyzer(bool keep_log_mel = false);
    ~SpectralAnalyzer();
    /// Feeds mono samples at kAnalysisRate.
    void process(const float* mono, std::size_t count);
    /// Flushes the last frames and returns every column.
    FrameFeatures finish();

private:
    void analyse_frame(const float* frame);

    bool keep_log_mel_;
    WindowedPowerSpectrum spectrum_;
    FrameSlicer slicer_;
    std::vector<float> mel_;
    std::vector<float> previous_log_mel_;
    std::vector<float> log_mel_;
    std::vector<double> mfcc_sum_, mfcc_outer_sum_;
    std::size_t mfcc_frames_ = 0;
    FrameFeatures out_;
    struct MelBank;
    std::unique_ptr<MelBank> mel_bank_;
};

}  // namespace minidj::analysis
