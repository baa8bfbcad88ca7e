#pragma once
// The one-pass pipeline: decoded audio in, every analyser fed from the same blocks
// (loudness at the source rate; the rest on mono 22050 Hz), a TrackAnalysis out.

#include <memory>
#include <vector>

#include "analysis/chroma_analyzer.h"
#include "analysis/loudness_analyzer.h"
#include "analysis/spectral_analyzer.h"
#include "minidj/analysis.h"
#include "minidj/audio.h"

namespace minidj::analysis {

class TrackAnalyzer {
public:
    static Result<std::unique_ptr<TrackAnalyzer>> create(int sample_rate, int channels);
    /// Feeds interleaved audio at the rate and channel count given to create().
    void process(const float* interleaved, std::size_t frames);
    /// Runs the track-level estimators (tempo, beats, bars, key) and assembles the result.
    TrackAnalysis finish(const AnalysisOptions& options);

private:
    TrackAnalyzer(int sample_rate, int channels, std::unique_ptr<Resampler> to_mono);
    void feed_mono(const float* mono, std::size_t count);

    int sample_rate_;
    int channels_;
    std::size_t frames_in_ = 0;
    LoudnessAnalyzer loudness_;
    std::unique_ptr<Resampler> to_mono_;  // null when the input is already mono 22050 Hz
    std::vector<float> mono_;
    SpectralAnalyzer spectral_;
    ChromaAnalyzer chroma_;
};

}  // namespace minidj::analysis
