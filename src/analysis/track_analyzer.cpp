#include "analysis/track_analyzer.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "analysis/beat_features.h"
#include "analysis/frame_grid.h"
#include "analysis/key_estimator.h"
#include "analysis/rhythm.h"
#include "minidj/beat_network.h"

namespace minidj::analysis {
namespace {

// Energy: RMS per second and overall; brightness: energy-weighted spectral centroid.
void summarise_energy(const FrameFeatures& frames, TrackAnalysis& out) {
    double total_sq = 0.0, weighted_centroid = 0.0;
    const auto per_second = std::size_t(std::lround(kFramesPerSecond));
    for (std::size_t start = 0; start < frames.size(); start += per_second) {
        const std::size_t end = std::min(frames.size(), start + per_second);
        double sq = 0.0;
        for (std::size_t f = start; f < end; ++f) {
            const double e = double(frames.rms[f]) * frames.rms[f];
            sq += e;
            weighted_centroid += e * frames.centroid[f];
        }
        total_sq += sq;
        out.energy_curve.push_back(float(std::sqrt(sq / double(end - start))));
    }
    out.energy_rms = frames.size() ? std::sqrt(total_sq / double(frames.size())) : 0.0;
    out.brightness_hz = total_sq > 0 ? weighted_centroid / total_sq : 0.0;
}

}  // namespace

Result<std::unique_ptr<TrackAnalyzer>> TrackAnalyzer::create(int sample_rate, int channels, bool keep_log_mel) {
    if (sample_rate < 1000 || sample_rate > 768000 || channels < 1 || channels > 2) {
        return Error{fmt::format("analyze: unsupported stream ({} Hz, {} channels)", sample_rate, channels)};
    }
    std::unique_ptr<Resampler> to_mono;
    if (sample_rate != kAnalysisRate || channels != 1) {
        auto r = Resampler::create(sample_rate, channels, kAnalysisRate, 1);
        if (!r) return r.error();
        to_mono = std::move(r.value());
    }
    return std::unique_ptr<TrackAnalyzer>(new TrackAnalyzer(sample_rate, channels, keep_log_mel, std::move(to_mono)));
}

TrackAnalyzer::TrackAnalyzer(int sample_rate, int channels, bool keep_log_mel, std::unique_ptr<Resampler> to_mono)
    : sample_rate_(sample_rate),
      channels_(channels),
      loudness_(sample_rate, channels),
      to_mono_(std::move(to_mono)),
      spectral_(keep_log_mel) {}

void TrackAnalyzer::process(const float* interleaved, std::size_t frames) {
    frames_in_ += frames;
    loudness_.process(interleaved, frames);
    if (!to_mono_) {
        feed_mono(interleaved, frames);
        return;
    }
    mono_.clear();
    to_mono_->process(interleaved, frames, mono_);
    feed_mono(mono_.data(), mono_.size());
}

void TrackAnalyzer::feed_mono(const float* mono, std::size_t count) {
    spectral_.process(mono, count);
    chroma_.process(mono, count);
}

void TrackAnalyzer::flush() {
    if (to_mono_) {  // the resampler's delay line still holds the last samples
        mono_.clear();
        to_mono_->process(nullptr, 0, mono_);
        feed_mono(mono_.data(), mono_.size());
    }
}

std::pair<FrameFeatures, ChromaFrames> TrackAnalyzer::finish_frames() {
    flush();
    return {spectral_.finish(), chroma_.finish()};
}

TrackAnalysis TrackAnalyzer::finish(const AnalysisOptions& options) {
    flush();
    const FrameFeatures frames = spectral_.finish();
    const ChromaFrames chroma = chroma_.finish();

    TrackAnalysis out;
    out.duration_s = double(frames_in_) / sample_rate_;
    out.loudness = loudness_.finish();
    const auto rhythm =
        options.rhythm == AnalysisOptions::RhythmReader::kNetwork
            ? read_rhythm_by_network(frames, chroma, options,
                                     options.beat_network ? *options.beat_network : beatnet::Network::shipped(),
                                     out.duration_s)
            : read_rhythm_by_onsets(frames, chroma, options, out.duration_s);
    out.grid = rhythm.grid;
    out.key = estimate_key(chroma);
    out.beat_features = summarise_beats(rhythm.beat_frames, frames, chroma, rhythm.beat_chroma);
    out.timbre = frames.timbre;
    summarise_energy(frames, out);
    out.structure = analyze_structure(out);  // after the energy curve: it reads where the music starts
    return out;
}

}  // namespace minidj::analysis
