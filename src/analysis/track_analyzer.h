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
    /// `keep_log_mel`: keep the log mel bands the beat network reads (FrameFeatures::log_mel).
    static Result<std::unique_ptr<TrackAnalyzer>> create(int sample_rate, int channels, bool keep_log_mel = false);
    /// Feeds interleaved audio at the rate and channel count given to create().
    void process(const float* interleaved, std::size_t frames);
    /// Runs the track-level estimators (tempo, beats, bars, key) and assembles the result.
    TrackAnalysis finish(const AnalysisOptions& options);
    /// Only the frames, instead of finish() (the beat network's trainer).
    std::pair<FrameFeatures, ChromaFrames> finish_frames();

private:
    TrackAnalyzer(int sample_rate, int channels, bool keep_log_mel, std::unique_ptr<Resampler> to_mono);
    void feed_mono(const float* mono, std::size_t count);
    void flush();

    int sample_rate_;
    int channels_;
    std::size_t frames_in_ = 0;
    LoudnessAnalyzer loudness_;
    std::unique_ptr<Resampler> to_mono_;  // null when the input is already mono 22050 Hz
    std::vector<float> mono_;
    SpectralAnalyzer spectral_;
    ChromaAnalyzer chroma_;
};

/// analyze_file()'s decoding: `path` decoded and fed to a new analyzer, nothing finished yet.
/// `source` receives the stream's description. Fails as analyze_file() does (decode errors,
/// cancel, longer than options.max_duration_s, no samples).
Result<std::unique_ptr<TrackAnalyzer>> decode_into_analyzer(const std::filesystem::path& path,
                                                            const AnalysisOptions& options,
                                                            const std::atomic<bool>* cancel, bool keep_log_mel,
                                                            AudioInfo& source);

}  // namespace minidj::analysis
