// The rhythm read by the beat network (rhythm.h, minidj/beat_network.h).
#include <algorithm>
#include <cmath>

#include "analysis/beat_agreement.h"
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

// The network was trained on the beat as the music is written. Where it hears beats between
// the tracked ones nearly as strongly as on them, the beat is twice as fast: the tempo's comb
// cannot tell a tempo from its half, and its prior takes whichever lies nearer 120 BPM
// (cross-validated by package, docs/beat-network.md).
constexpr double kBetweenOverOn = 0.85;
// And where every other tracked beat is less than half as likely as the ones between, the
// beat is half as fast (four-on-the-floor at 70 BPM with hats on the eighths, read at 140).
constexpr double kWeakOverStrong = 0.5;
// A network's probability is never flat, so it finds a tempo in noise too. No beat when the
// onsets have no periodicity at all (the onset reader's test) and the network's own
// probability at the beats it was followed on is this low (white noise: 0.19).
constexpr double kNoBeatConfidence = 0.25;
// Two tempi this close are the same tempo (the 4 % of the field's Acc1).
constexpr double kSameTempo = 0.04;
constexpr int kPeakRadius = 2;  // frames: the network's peaks may sit a frame or two off the grid
constexpr int kGridPhases = 16;  // phases tried for a regular grid, each 1/16 of its period

// The network's mean probability at every `step`th of `frames` from `from`.
double mean_probability_at(const std::vector<float>& activation, const std::vector<double>& frames,
                           std::size_t from = 0, std::size_t step = 1) {
    double sum = 0.0;
    std::size_t count = 0;
    for (std::size_t i = from; i < frames.size(); i += step) {
        sum += peak_near(activation, frames[i], kPeakRadius);
        ++count;
    }
    return count ? sum / double(count) : 0.0;
}

bool beats_between_as_strong(const std::vector<float>& activation,
                             const std::vector<double>& beats) {
    if (beats.size() < 8) return false;
    std::vector<double> between;
    for (std::size_t i = 1; i < beats.size(); ++i)
        between.push_back(0.5 * (beats[i - 1] + beats[i]));
    return mean_probability_at(activation, between) >
           kBetweenOverOn * mean_probability_at(activation, beats);
}

bool every_other_beat_weak(const std::vector<float>& activation, const std::vector<double>& beats) {
    if (beats.size() < 8) return false;
    const double even = mean_probability_at(activation, beats, 0, 2);
    const double odd = mean_probability_at(activation, beats, 1, 2);
    return std::min(even, odd) < kWeakOverStrong * std::max(even, odd);
}

// The network's mean probability on the regular grid of `period` frames, at its best phase.
double best_grid_probability(const std::vector<float>& activation, double period) {
    double best = 0.0;
    for (int k = 0; k < kGridPhases; ++k) {
        std::vector<double> grid;
        for (double f = period * k / kGridPhases; f < double(activation.size()) - 1.0; f += period)
            grid.push_back(f);
        best = std::max(best, mean_probability_at(activation, grid));
    }
    return best;
}

// Tracked beats four for every three of the music's (a tracker following a 3+3+2 figure of
// sixteenths): the network hears more beat on the grid at 3/4 of their tempo than on theirs.
// Returns that grid's tempo in BPM, or 0 where their own grid holds more.
double four_for_three_tempo(const std::vector<float>& activation, const std::vector<double>& beats) {
    if (beats.size() < 8) return 0.0;
    const double period = median_interval(beats), slower = period * 4.0 / 3.0;
    return best_grid_probability(activation, slower) > best_grid_probability(activation, period)
               ? 60.0 * kFramesPerSecond / slower
               : 0.0;
}

// Where, after the level checks, the network still hears beats half-way between its tracked
// ones as strongly as on them, it cannot tell the beat from the off-beat and its tracker took
// one of the two. The onset reader, which weighs the bass and the chord changes, settles it
// when it follows the same tempo (docs/beat-network.md, "How the decoding was chosen").
bool phase_left_open(const std::vector<float>& activation, const std::vector<double>& network_beats,
                     const std::vector<double>& onset_beats) {
    if (onset_beats.size() < 8 || !beats_between_as_strong(activation, network_beats)) return false;
    const double ratio = median_interval(onset_beats) / median_interval(network_beats);
    return std::abs(ratio - 1.0) < kSameTempo;
}

std::vector<double> log_odds_at(const std::vector<float>& activation,
                                const std::vector<double>& frames) {
    std::vector<double> out;
    out.reserve(frames.size());
    for (double f : frames) {
        const double p = std::clamp(peak_near(activation, f, kPeakRadius), 1e-4, 1.0 - 1e-4);
        out.push_back(std::log(p / (1.0 - p)));
    }
    return out;
}

}  // namespace

RhythmReading read_rhythm_by_network(const FrameFeatures& frames, const ChromaFrames& chroma,
                                     const AnalysisOptions& options,
                                     const beatnet::Network& network, double duration_s) {
    RhythmReading out;
    const auto activations =
        network.run_track(frames.log_mel, {&chroma.harmony, chroma.seconds_per_frame()});
    const auto envelope = normalise_onset_envelope(activations.beat);
    const double bpm = estimate_tempo(envelope, options).bpm;
    out.beat_frames = track_beats(envelope, bpm);
    if (2 * bpm <= options.max_bpm && beats_between_as_strong(activations.beat, out.beat_frames)) {
        out.beat_frames = track_beats(envelope, 2 * bpm);
    } else if (bpm / 2 >= options.min_bpm &&
               every_other_beat_weak(activations.beat, out.beat_frames)) {
        out.beat_frames = track_beats(envelope, bpm / 2);
    }
    if (const double slower = four_for_three_tempo(activations.beat, out.beat_frames);
        slower >= options.min_bpm) {
        out.beat_frames = track_beats(envelope, slower);
    }
    keep_beats_within_audio(out.beat_frames, 0.0, duration_s);
    // The onset reader, built another way, reads the same audio: it settles a phase the network
    // leaves open, and the confidence below is how far the two agree.
    const auto by_onsets = read_rhythm_by_onsets(frames, chroma, options, duration_s);
    if (phase_left_open(activations.beat, out.beat_frames, by_onsets.beat_frames)) {
        out.beat_frames = by_onsets.beat_frames;
    }
    // How sure the network is of the beats it was followed on: its mean probability there.
    const double confidence = mean_probability_at(activations.beat, out.beat_frames);
    if (confidence < kNoBeatConfidence &&
        estimate_tempo(tracking_onset_envelope(frames), options).bpm <= 0.0) {
        out.beat_frames.clear();
    }
    out.beat_chroma = chroma_per_beat(out.beat_frames, chroma);
    if (out.beat_frames.empty()) return out;

    for (double f : out.beat_frames) out.grid.beats.push_back(frame_to_seconds(f));
    // Bars from the kick and the chord changes on the network's beats, with the network's own
    // downbeat output beside them (alone it did worse on unseen packages).
    const auto bars = estimate_bars(out.beat_frames, frames, out.beat_chroma,
                                    log_odds_at(activations.downbeat, out.beat_frames));
    out.grid.downbeats = downbeats_of(out.grid.beats, bars);
    out.grid.meter = bars.meter;
    out.grid.bpm = bpm_of(out.grid.beats);
    // The confidence a user and the renderer read: the network's probability at its beats,
    // times how far the onset reader, built another way, finds the same beats. The probability
    // alone barely tells a usable grid from a guessed phase on the development corpus; with the
    // second reader it does better. Where the two part, one of them is wrong and the renderer
    // should not bet a beat-match on either (docs/beat-network.md, "Confidence").
    out.grid.confidence = confidence * beat_agreement(out.grid.beats, by_onsets.grid.beats);
    return out;
}

}  // namespace minidj::analysis
