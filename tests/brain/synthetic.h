#pragma once
// Made-up inputs for the brain's tests and benchmarks: analyses with a known bar layout, and
// random feature rows (no audio, so they are cheap to make by the hundred thousand).

#include <fmt/format.h>

#include <cmath>
#include <random>

#include "minidj/analysis.h"
#include "minidj/brain.h"

namespace minidj::test {

/// A 4/4 track of `bars` bars at `bpm` whose beats all have chroma peaking at `tonic`, with a
/// per-bar energy ramp (so phrases differ).
inline TrackAnalysis synthetic_analysis(int bars, double bpm, int tonic, bool minor = true) {
    TrackAnalysis a;
    a.path = fmt::format("/music/synthetic/{}-{}-{}.flac", bars, bpm, tonic);
    a.grid.bpm = bpm;
    a.key.key = MusicalKey{tonic, minor};
    const double beat = 60.0 / bpm;
    const int beats = bars * 4 + 2;  // two beats of a last, unfinished bar
    for (int i = 0; i < beats; ++i) {
        a.grid.beats.push_back(1.0 + i * beat);
        if (i % 4 == 0) a.grid.downbeats.push_back(1.0 + i * beat);
        std::vector<float> row(BeatFeatures::kColumns, 0.0f);
        row[BeatFeatures::kOnset] = i % 2 ? 0.5f : 1.0f;
        row[BeatFeatures::kEnergy] = 0.05f + 0.01f * float(i / 4 % 8);
        row[BeatFeatures::kLow] = -20.0f;
        row[BeatFeatures::kMid] = -25.0f;
        row[BeatFeatures::kHigh] = -30.0f;
        row[BeatFeatures::kChroma0 + tonic] = 1.0f;
        row[BeatFeatures::kChroma0 + (tonic + 7) % 12] = 0.5f;
        a.beat_features.values.insert(a.beat_features.values.end(), row.begin(), row.end());
    }
    a.duration_s = 2.0 + beats * beat;
    a.energy_rms = 0.1;
    a.loudness.integrated_lufs = -12.0;
    a.brightness_hz = 2000.0;
    a.timbre.mfcc_mean.assign(Timbre::kCoefficients, 1.0f);
    return a;
}

/// A random seam side: a chroma profile around `tonic`, energies and bands around `level`.
inline brain::SeamVector random_side(std::mt19937& rng, int tonic, float level, float noise) {
    std::normal_distribution<float> n(0.0f, noise);
    brain::SeamVector v{};
    for (int c = 0; c < 12; ++c) {
        const float base = c == tonic ? 1.0f : c == (tonic + 7) % 12 ? 0.6f : c == (tonic + 3) % 12 ? 0.4f : 0.1f;
        v[std::size_t(c)] = std::max(0.0f, base + n(rng));
        v[std::size_t(17 + c)] = std::max(0.0f, base + n(rng));
    }
    v[12] = level + 3 * n(rng);
    for (int b = 0; b < 3; ++b) v[std::size_t(13 + b)] = level - 5.0f * float(b) + 3 * n(rng);
    v[16] = 1.0f + n(rng);
    v[29] = level + 3 * n(rng);
    return v;
}

/// A random library row: the kind of spread a real library has.
inline brain::TrackFeatures random_row(std::mt19937& rng, int index) {
    std::uniform_real_distribution<double> u(0.0, 1.0);
    brain::TrackFeatures f;
    f.path = fmt::format("/music/artist{}/track{}.flac", index % 500, index);
    f.bpm = 70.0 + 110.0 * u(rng);
    f.camelot_number = 1 + int(12 * u(rng)) % 12;
    f.minor = u(rng) < 0.5;
    f.loudness_lufs = -20.0 + 12.0 * u(rng);
    f.energy_db = f.loudness_lufs - 3.0;
    f.brightness_hz = 800.0 + 3000.0 * u(rng);
    f.onset_density = 2.0 * u(rng);
    std::normal_distribution<float> n(0.0f, 10.0f);
    for (auto& m : f.mfcc) m = n(rng);
    const int tonic = int(12 * u(rng)) % 12;
    const auto level = float(-30.0 + 20.0 * u(rng));
    f.outgoing = {random_side(rng, tonic, level, 0.2f), true};
    f.incoming = {random_side(rng, tonic, level, 0.2f), true};
    return f;
}

/// A random training track: a row and `seams` inner seams that share the track's character.
inline brain::TrainingTrack random_training_track(std::mt19937& rng, int index, int seams) {
    brain::TrainingTrack t{random_row(rng, index), {}};
    std::uniform_real_distribution<double> u(0.0, 1.0);
    const int tonic = int(12 * u(rng)) % 12;
    const auto level = float(-30.0 + 20.0 * u(rng));
    for (int s = 0; s < seams; ++s) {
        t.seams.push_back({random_side(rng, tonic, level, 0.2f), random_side(rng, tonic, level, 0.2f)});
    }
    return t;
}

}  // namespace minidj::test
