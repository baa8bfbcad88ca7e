#pragma once
/// @file analysis.h
/// The Ears: one decode, one pass, every feature of a track.
///
/// Units: every time is in seconds from the first sample of the file; tempo in BPM; loudness in
/// LUFS / LU / dBTP; brightness in Hz. Thread safety: analyze_file() is reentrant; run one call
/// per thread for parallel analysis.

#include <atomic>
#include <cmath>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "minidj/audio.h"
#include "minidj/result.h"
#include "minidj/structure.h"

namespace minidj {

namespace beatnet {
class Network;
}

/// Bumped whenever a change alters any analysis result; stored with each analysis so that a
/// library re-analyses tracks analysed by an older version.
inline constexpr int kAnalyzerVersion = 10;

/// One of the 24 major/minor keys.
struct MusicalKey {
    int tonic = 0;      ///< pitch class, 0 = C ... 11 = B
    bool minor = false;

    std::string name() const;     ///< "A minor", "Db major" (spelling as the eval labels)
    std::string camelot() const;  ///< "8A" (minor) / "8B" (major)
    int camelot_number() const;   ///< 1..12, the number of camelot(): 8 for A minor and C major
    /// Parses full names: "A minor", "C# minor", "Bb major"; nullopt otherwise.
    static std::optional<MusicalKey> parse(const std::string& name);
    bool operator==(const MusicalKey&) const = default;
};

struct BeatGrid {
    double bpm = 0.0;                ///< median tempo; 0 when no beat was found
    std::vector<double> beats;       ///< every beat
    std::vector<double> downbeats;   ///< the first beat of every bar (a subset of beats)
    int meter = 4;                   ///< beats per bar (4, 3, or 2 since analyser v6)
    double confidence = 0.0;         ///< 0..1: how sure the beats are (beat-network.md, "Confidence")
};

/// Below this `BeatGrid::confidence` the beats are a guess (the analyser's two beat readers
/// part): mixes fade rather than beat-match, and `info` says so.
inline constexpr double kMinBeatMatchConfidence = 0.35;

struct KeyEstimate {
    std::optional<MusicalKey> key;   ///< empty for unpitched or silent audio
    double confidence = 0.0;         ///< 0..1
    double tuning_cents = 0.0;       ///< deviation of the chroma from A440
};

struct LoudnessStats {
    double integrated_lufs = -70.0;   ///< EBU R128; -70 for silence
    double range_lu = 0.0;            ///< loudness range (LRA)
    double true_peak_dbtp = -120.0;   ///< max over channels
    double sample_peak_dbfs = -120.0;
    std::vector<float> short_term_lufs;  ///< 3 s window, one value per second
};

struct Timbre {
    static constexpr int kCoefficients = 13;
    std::vector<float> mfcc_mean;   ///< kCoefficients values
    std::vector<float> mfcc_cov;    ///< kCoefficients^2 values, row-major
};

/// One row per beat: the per-beat summary later stages reuse without decoding again.
struct BeatFeatures {
    enum Column : int {
        kOnset = 0,    ///< mean onset strength over the beat
        kEnergy,       ///< RMS (linear) over the beat
        kLow,          ///< band energies (dB) below 200 Hz, 200 Hz-2.5 kHz, above 2.5 kHz
        kMid,
        kHigh,
        kChroma0,      ///< 12 chroma values (C..B), normalised to max 1
        /// Level (dB) of the beat's tonal peaks (notes, not drums): falls where a lead or bass
        /// line stops under drums that go on. NaN in rows stored before analyser version 7.
        kTonal = kChroma0 + 12,
        /// The same from middle C up, the melody's register: falls where a lead stops over
        /// chords and a bass that go on. NaN in rows stored before analyser version 8.
        kMelody,
        kColumns
    };
    std::vector<float> values;  ///< rows x kColumns, row-major; rows == grid.beats.size()
    std::size_t rows() const { return values.size() / kColumns; }
    float at(std::size_t row, int column) const { return values[row * kColumns + column]; }
    /// False for a matrix stored before analyser version 7 (its tonal column is NaN).
    bool has_tonal_level() const { return rows() == 0 || !std::isnan(at(0, kTonal)); }
    /// False for a matrix stored before analyser version 8 (its melody column is NaN).
    bool has_melody_level() const { return rows() == 0 || !std::isnan(at(0, kMelody)); }
};

struct TrackAnalysis {
    int analyzer_version = kAnalyzerVersion;
    std::string path;
    AudioInfo source;
    double duration_s = 0.0;
    BeatGrid grid;
    KeyEstimate key;
    LoudnessStats loudness;
    double energy_rms = 0.0;           ///< RMS of the whole track (linear, full scale = 1)
    std::vector<float> energy_curve;   ///< RMS per second
    double brightness_hz = 0.0;        ///< mean spectral centroid, energy weighted
    Timbre timbre;
    BeatFeatures beat_features;
    TrackStructure structure;          ///< sections, phrases and cues (minidj/structure.h)
    double seconds_spent = 0.0;        ///< wall time of the analysis, decode included
};

struct AnalysisOptions {
    double min_bpm = 60.0;    ///< tempo search range; must satisfy 30 <= min < max <= 300
    double max_bpm = 200.0;
    double preferred_bpm = 120.0;  ///< centre of the tempo prior (octave choice)
    /// analyze_file() stops with "analyze: <path>: longer than N s ..." once it has decoded
    /// more audio than this. The analysis keeps about 45 KB per second of audio until
    /// finish() (chroma and spectral frames, 86 a second), about 0.65 GB for 4 h, and a file of
    /// a few MiB can decode to days (a FLAC of constant frames): without a limit the file, not
    /// the user, would decide how much memory and time a run takes. Must be > 0.
    double max_duration_s = kDefaultMaxDurationS;
    static constexpr double kDefaultMaxDurationS = 4 * 3600.0;
    /// How tempo, beats and bars are read: by the beat network (minidj/beat_network.h,
    /// docs/beat-network.md), or from onsets by hand-set rules (the analyser before v6, kept
    /// for comparison).
    enum class RhythmReader { kNetwork, kOnsets };
    RhythmReader rhythm = RhythmReader::kNetwork;
    /// The network read by kNetwork; null (the default): the one shipped with minidj. Not
    /// owned: it must outlive the analysis.
    const beatnet::Network* beat_network = nullptr;
    Status validate() const;
};

/// Decodes and analyses one file. `cancel`, when set to true by another thread, stops the work
/// early with an error. Fails with a one-line reason ("decode: ...", "analyze: ...").
Result<TrackAnalysis> analyze_file(const std::filesystem::path& path,
                                   const AnalysisOptions& options = {},
                                   const std::atomic<bool>* cancel = nullptr);

/// Analyses decoded samples (interleaved, 1 or 2 channels) directly; used by the generator
/// tests and analyze_file().
Result<TrackAnalysis> analyze_samples(const float* interleaved, std::size_t frames,
                                      int sample_rate, int channels,
                                      const AnalysisOptions& options = {});

}  // namespace minidj
