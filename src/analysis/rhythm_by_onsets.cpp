// The rhythm read from onsets: the analyser's default (rhythm.h).
#include "analysis/beat_features.h"
#include "analysis/beat_phase.h"
#include "analysis/beat_tracker.h"
#include "analysis/downbeats.h"
#include "analysis/envelope_peak.h"
#include "analysis/frame_grid.h"
#include "analysis/rhythm.h"
#include "analysis/rhythm_common.h"
#include "analysis/tempo.h"

namespace minidj::analysis {
namespace {

// Share of beats that sit on a clear onset: a plain-language confidence for the grid.
double grid_confidence(const std::vector<double>& beat_frames, const std::vector<float>& env) {
    if (beat_frames.empty()) return 0.0;
    std::size_t hits = 0;
    for (double b : beat_frames) hits += peak_near(env, b, 2) > 1.0;
    return double(hits) / double(beat_frames.size());
}

}  // namespace

RhythmReading read_rhythm_by_onsets(const FrameFeatures& frames, const ChromaFrames& chroma,
                                    const AnalysisOptions& options, double duration_s) {
    RhythmReading out;
    const auto envelope = tracking_onset_envelope(frames);
    const auto tempo = estimate_tempo(envelope, options);
    const auto attacks = normalise_onset_envelope(frames.onset);
    const auto bass = normalise_onset_envelope(frames.low_onset);
    const double bpm = choose_metrical_level(attacks, bass, tempo.bpm, options.max_bpm);
    out.beat_frames = choose_beat_phase(track_beats(envelope, bpm), attacks, bass, chroma);
    align_beats_to_attacks(out.beat_frames, attacks);
    keep_beats_within_audio(out.beat_frames, -kOnsetLatencySeconds, duration_s);
    out.beat_chroma = chroma_per_beat(out.beat_frames, chroma);
    if (out.beat_frames.empty()) return out;

    const auto bars = estimate_bars(out.beat_frames, frames, out.beat_chroma);
    for (double f : out.beat_frames)
        out.grid.beats.push_back(frame_to_seconds(f) - kOnsetLatencySeconds);
    out.grid.downbeats = downbeats_of(out.grid.beats, bars);
    out.grid.meter = bars.meter;
    out.grid.bpm = bpm_of(out.grid.beats);
    out.grid.confidence = grid_confidence(out.beat_frames, envelope);
    return out;
}

}  // namespace minidj::analysis
