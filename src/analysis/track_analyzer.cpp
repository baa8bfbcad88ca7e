#include "analysis/track_analyzer.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "analysis/beat_features.h"
#include "analysis/beat_phase.h"
#include "analysis/beat_tracker.h"
#include "analysis/downbeats.h"
#include "analysis/frame_grid.h"
#include "analysis/key_estimator.h"
#include "analysis/tempo.h"

namespace minidj::analysis {
namespace {

double median_interval(const std::vector<double>& times) {
    if (times.size() < 2) return 0.0;
    std::vector<double> d;
    for (std::size_t i = 1; i < times.size(); ++i) d.push_back(times[i] - times[i - 1]);
    std::nth_element(d.begin(), d.begin() + std::ptrdiff_t(d.size() / 2), d.end());
    return d[d.size() / 2];
}

// Share of beats that sit on a clear onset: a plain-language confidence for the grid.
double grid_confidence(const std::vector<double>& beat_frames, const std::vector<float>& env) {
    if (beat_frames.empty()) return 0.0;
    std::size_t hits = 0;
    for (double b : beat_frames) {
        const auto c = std::ptrdiff_t(std::lround(b));
        float peak = 0.0f;
        for (std::ptrdiff_t i = c - 2; i <= c + 2; ++i) {
            if (i >= 0 && std::size_t(i) < env.size()) peak = std::max(peak, env[std::size_t(i)]);
        }
        if (peak > 1.0f) ++hits;
    }
    return double(hits) / double(beat_frames.size());
}

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

// Beats in frames, and the envelope they were tracked on.
struct Rhythm {
    std::vector<double> beat_frames;
    std::vector<float> envelope;
};

Rhythm track_rhythm(const FrameFeatures& frames, const ChromaFrames& chroma, const AnalysisOptions& options) {
    Rhythm out;
    // Kick and bass onsets count twice: in the all-band flux they are a few bands of forty.
    std::vector<float> onset(frames.onset);
    for (std::size_t i = 0; i < onset.size(); ++i) onset[i] += frames.low_onset[i];
    out.envelope = normalise_onset_envelope(onset);
    const auto tempo = estimate_tempo(out.envelope, options);
    const auto attacks = normalise_onset_envelope(frames.onset);
    const auto bass = normalise_onset_envelope(frames.low_onset);
    const double bpm = choose_metrical_level(attacks, bass, tempo.bpm, options.max_bpm);
    out.beat_frames = choose_beat_phase(track_beats(out.envelope, bpm), attacks, bass, chroma);
    align_beats_to_attacks(out.beat_frames, attacks);
    return out;
}

BeatGrid make_grid(const Rhythm& rhythm, const FrameFeatures& frames,
                   const std::vector<std::array<float, 12>>& beat_chroma) {
    BeatGrid grid;
    if (rhythm.beat_frames.empty()) return grid;
    const auto bars = estimate_bars(rhythm.beat_frames, frames, beat_chroma);
    for (double f : rhythm.beat_frames) grid.beats.push_back(frame_to_seconds(f) - kOnsetLatencySeconds);
    for (std::size_t i = std::size_t(bars.phase); i < grid.beats.size(); i += std::size_t(bars.meter)) {
        grid.downbeats.push_back(grid.beats[i]);
    }
    grid.meter = bars.meter;
    const double ibi = median_interval(grid.beats);
    grid.bpm = ibi > 0 ? std::round(6000.0 / ibi) / 100.0 : 0.0;
    grid.confidence = grid_confidence(rhythm.beat_frames, rhythm.envelope);
    return grid;
}

}  // namespace

Result<std::unique_ptr<TrackAnalyzer>> TrackAnalyzer::create(int sample_rate, int channels) {
    if (sample_rate < 1000 || sample_rate > 768000 || channels < 1 || channels > 2) {
        return Error{fmt::format("analyze: unsupported stream ({} Hz, {} channels)", sample_rate, channels)};
    }
    std::unique_ptr<Resampler> to_mono;
    if (sample_rate != kAnalysisRate || channels != 1) {
        auto r = Resampler::create(sample_rate, channels, kAnalysisRate, 1);
        if (!r) return r.error();
        to_mono = std::move(r.value());
    }
    return std::unique_ptr<TrackAnalyzer>(new TrackAnalyzer(sample_rate, channels, std::move(to_mono)));
}

TrackAnalyzer::TrackAnalyzer(int sample_rate, int channels, std::unique_ptr<Resampler> to_mono)
    : sample_rate_(sample_rate),
      channels_(channels),
      loudness_(sample_rate, channels),
      to_mono_(std::move(to_mono)) {}

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

TrackAnalysis TrackAnalyzer::finish(const AnalysisOptions& options) {
    if (to_mono_) {  // the resampler's delay line still holds the last samples
        mono_.clear();
        to_mono_->process(nullptr, 0, mono_);
        feed_mono(mono_.data(), mono_.size());
    }
    const FrameFeatures frames = spectral_.finish();
    const ChromaFrames chroma = chroma_.finish();

    TrackAnalysis out;
    out.duration_s = double(frames_in_) / sample_rate_;
    out.loudness = loudness_.finish();
    const Rhythm rhythm = track_rhythm(frames, chroma, options);
    const auto beat_chroma = chroma_per_beat(rhythm.beat_frames, chroma);
    out.grid = make_grid(rhythm, frames, beat_chroma);
    out.key = estimate_key(chroma);
    out.beat_features = summarise_beats(rhythm.beat_frames, frames, beat_chroma);
    out.timbre = frames.timbre;
    summarise_energy(frames, out);
    return out;
}

}  // namespace minidj::analysis
