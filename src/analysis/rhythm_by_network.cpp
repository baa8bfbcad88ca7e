// The rhythm read by the beat network (rhythm.h, minidj/beat_network.h).
#include "analysis/beat_features.h"
#include "analysis/beat_tracker.h"
#include "analysis/downbeats.h"
#include "analysis/envelope_peak.h"
#include "analysis/frame_grid.h"
#include "analysis/rhythm.h"
#include "analysis/rhythm_common.h"
#include "analysis/tempo.h"
#include "minidj/beat_network.h"

namespace minidj::analysis {
namespace {

// The network's mean probability at the beats (its peaks may sit a frame or two off the grid).
double mean_probability_at(const std::vector<float>& activation, const std::vector<double>& beats) {
    double sum = 0.0;
    for (double b : beats) sum += peak_near(activation, b, 2);
    return beats.empty() ? 0.0 : sum / double(beats.size());
}

}  // namespace

RhythmReading read_rhythm_by_network(const FrameFeatures& frames, const ChromaFrames& chroma,
                                     const AnalysisOptions& options,
                                     const beatnet::Network& network, double duration_s) {
    RhythmReading out;
    const auto activations = network.run(beatnet::input_from_log_mel(frames.log_mel));
    const auto envelope = normalise_onset_envelope(activations.beat);
    out.beat_frames = track_beats(envelope, estimate_tempo(envelope, options).bpm);
    keep_beats_within_audio(out.beat_frames, 0.0, duration_s);
    out.beat_chroma = chroma_per_beat(out.beat_frames, chroma);
    if (out.beat_frames.empty()) return out;

    for (double f : out.beat_frames) out.grid.beats.push_back(frame_to_seconds(f));
    // Bars from the kick and the chord changes on the network's beats, as the onset reader
    // reads them: the network's own downbeat output did worse on unseen packages, alone or
    // added to this evidence (docs/beat-network.md).
    const auto bars = estimate_bars(out.beat_frames, frames, out.beat_chroma);
    out.grid.downbeats = downbeats_of(out.grid.beats, bars);
    out.grid.meter = bars.meter;
    out.grid.bpm = bpm_of(out.grid.beats);
    // How sure the network is of the beats it was followed on: its mean probability there.
    out.grid.confidence = mean_probability_at(activations.beat, out.beat_frames);
    return out;
}

}  // namespace minidj::analysis
