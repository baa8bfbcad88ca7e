#pragma once
/// @file brain.h
/// The Brain: how well track B follows track A, as a score 0..1 that explains itself.
///
/// Two parts, one network (LibTorch, hidden in src/brain):
///  - rule feasibility: the DJ rulebook (tempo within ±6 % or half/double time, compatible keys
///    on the Camelot wheel), learned from track-level features;
///  - continuity: how naturally A's outgoing phrase flows into B's incoming phrase, learned from
///    real music (phrase i -> i+1 inside a track against phrases of two different tracks).
/// score = sqrt(rule × continuity). The objective, the features and the figures: docs/brain.md.
///
/// Feature rows (TrackFeatures) are computed once per track from its TrackAnalysis and can be
/// kept; scoring a seed against many rows is one batched network pass.
///
/// Thread safety: feature functions are reentrant. A Model is immutable after load and may be
/// used from several threads; train() is one call per thread.

#include <array>
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "minidj/analysis.h"
#include "minidj/result.h"

namespace minidj::brain {

/// Bumped whenever a feature's definition changes. A model file records the version its
/// features had; a model of another version is refused, never misread.
inline constexpr int kFeatureVersion = 2;  ///< 2: seam sides at the structure's cues

/// Bars in a phrase (the unit of a seam): the structure's (minidj/structure.h).
using minidj::kPhraseBars;

/// One side of a seam: a phrase summarised compactly. Layout (see docs/brain.md):
/// [0,12) mean chroma of the phrase (unit length), [12] mean energy (dB), [13..15] low/mid/high
/// band energy (dB), [16] mean onset strength, [17,29) chroma of the bar at the seam (the
/// phrase's last bar for an outgoing side, its first for an incoming side), [29] that bar's
/// energy (dB).
inline constexpr int kSeamDims = 30;
using SeamVector = std::array<float, kSeamDims>;

struct SeamSide {
    SeamVector values{};
    bool present = false;  ///< false for a track without a beat grid (values are zeros)
};

/// The per-track row every score uses.
struct TrackFeatures {
    std::string path;
    std::string artist;          ///< the artist tag (identity, not a feature); empty: unknown
    double bpm = 0.0;            ///< 0: no steady beat
    int camelot_number = 0;      ///< 1..12; 0: no key
    bool minor = false;          ///< Camelot letter A (minor) or B (major)
    double loudness_lufs = -70.0;
    double energy_db = -120.0;   ///< 20·log10 of the track's RMS
    double brightness_hz = 0.0;
    double onset_density = 0.0;  ///< mean per-beat onset strength × beats per second
    std::array<float, 13> mfcc{};
    /// The phrase that ends at the structure's mix-out cue: what plays as a DJ starts leaving
    /// this track (without a cue, the last whole phrase before the fade-out; bars more than
    /// 20 dB below the loudest bar are skipped).
    SeamSide outgoing;
    /// The phrase from the structure's mix-in cue: where a DJ enters this track (without a
    /// cue, the first whole phrase after the fade-in).
    SeamSide incoming;
};

/// The feature row of an analysed track.
TrackFeatures track_features(const TrackAnalysis& analysis);

/// A feature row as bytes, without its path and artist (the library keeps a row per track,
/// stored with the kFeatureVersion it was computed by), and back; nullopt for bytes that are
/// not a row of this layout.
std::string encode_features(const TrackFeatures& row);
std::optional<TrackFeatures> decode_features(std::string_view bytes);

/// A seam inside one track: phrase i flowing into phrase i + 1.
struct InnerSeam {
    SeamVector outgoing;
    SeamVector incoming;
};

/// Seams inside a track at every `step_bars` bars where a full phrase lies on both sides, at
/// most `max_seams` of them, evenly spread. Empty without a beat grid or for short tracks.
std::vector<InnerSeam> inner_seams(const TrackAnalysis& analysis, int step_bars = 2,
                                   std::size_t max_seams = 24);

// ---- the rulebook -----------------------------------------------------------------------

/// How B's tempo relates to A's.
enum class TempoRelation { kSame, kDouble, kHalf, kOff, kUnknown };
/// How B's key relates to A's on the Camelot wheel.
enum class KeyRelation {
    kSame,           ///< 8A -> 8A
    kUp,             ///< 8A -> 9A (+1: a fifth up)
    kDown,           ///< 8A -> 7A (-1: a fifth down)
    kRelative,       ///< 8A <-> 8B (relative major/minor)
    kBoostSemitone,  ///< 8A -> 3A (+7: a semitone up, energy boost)
    kBoostTone,      ///< 8A -> 10A (+2: a whole tone up, energy boost)
    kClash,          ///< anything else
    kUnknown,        ///< one of the two has no key
};
std::string to_string(TempoRelation relation);  ///< "same", "double", "half", "off", "unknown"
std::string to_string(KeyRelation relation);    ///< "same", "+1", "-1", "relative", ...

struct Tempo {
    TempoRelation relation = TempoRelation::kUnknown;
    double ratio = 1.0;      ///< B's bpm / A's bpm (1 when unknown)
    double deviation = 0.0;  ///< |ratio / nearest of 1, 2, 1/2 - 1|: 0.03 is 3 %
};
Tempo tempo_relation(double bpm_a, double bpm_b);
KeyRelation key_relation(const TrackFeatures& a, const TrackFeatures& b);
int camelot_distance(const TrackFeatures& a, const TrackFeatures& b);  ///< 0..6 steps, -1 unknown

/// Key moves a seam may make (`minidj set --harmonic`): strict: the same key, +-1 or the
/// relative major/minor; loose: also the energy boosts (+7, +2), which is the rulebook the
/// shipped model was trained on; off: any key.
enum class HarmonicRule { kStrict, kLoose, kOff };
bool key_move_allowed(KeyRelation key, HarmonicRule rule);  ///< unknown keys fit any rule

/// The DJ rulebook: the one definition of which seams are allowed, shared by the Brain (its
/// training labels, and the pair inputs its rule part scores) and the planner's hard
/// constraints. The default is the rulebook the Brain was trained on: tempo within ±6 % (or
/// half/double time), the loose key moves.
inline constexpr double kTempoTolerance = 0.06;
struct Rulebook {
    double max_tempo_change = kTempoTolerance;  ///< |B / A - 1| after half/double-time matching
    HarmonicRule harmonic = HarmonicRule::kLoose;
};
/// A track without a beat fits any tempo, one without a key any key.
bool rulebook_allows(const Tempo& tempo, KeyRelation key, const Rulebook& rules);
bool rulebook_compatible(const TrackFeatures& a, const TrackFeatures& b, const Rulebook& rules = {});
/// The tempos that rulebook_allows after a track at `bpm`, for a pre-filter (a SQL query): B
/// within max_tempo_change of A, 2A or A/2, each range a hair wider so that no allowed tempo
/// falls outside. Empty for bpm 0: any tempo fits.
std::vector<std::pair<double, double>> allowed_tempo_ranges(double bpm, const Rulebook& rules = {});
/// The Camelot codes ("8A") of the keys rulebook_allows after `a`. Empty when any key fits (`a`
/// has no key, or the rule is off).
std::vector<std::string> allowed_camelot_codes(const TrackFeatures& a, const Rulebook& rules = {});
/// The Camelot relation of two analysed keys (unknown when either is missing).
KeyRelation key_relation(const std::optional<MusicalKey>& a, const std::optional<MusicalKey>& b);

// ---- the model ----------------------------------------------------------------------------

/// The figures a model was trained to, stored in the model file.
struct TrainingFigures {
    double rule_val_accuracy = 0.0;  ///< rulebook accuracy on pairs of held-out tracks
    double continuity_auc = 0.0;     ///< ROC-AUC of continuity on seams of held-out tracks
    double baseline_auc = 0.0;       ///< same seams, cosine similarity of the same features
    int train_tracks = 0;
    int val_tracks = 0;
    int epochs = 0;
    std::int64_t rule_pairs = 0;     ///< training pairs (rulebook)
    std::int64_t seams = 0;          ///< training seams (positives + negatives, before augmentation)
    double seconds = 0.0;            ///< training wall time
    std::string trained_on;          ///< free text: what the data was
};

/// Why a score is what it is.
struct ScoreParts {
    Tempo tempo;
    KeyRelation key = KeyRelation::kUnknown;
    std::string key_a, key_b;       ///< Camelot codes ("8A") or empty
    double energy_jump_db = 0.0;    ///< B's incoming phrase energy - A's outgoing phrase energy
    double timbre_distance = 0.0;   ///< Euclidean distance of the MFCC means (0 = same timbre)
    double harmonic_continuity = 0.0;  ///< cosine of the two seam phrases' chroma, 0..1
    double rule = 0.0;              ///< network: rule feasibility 0..1
    double continuity = 0.0;        ///< network: learned continuity 0..1
};

struct PairScore {
    double score = 0.0;  ///< 0..1
    ScoreParts parts;
};

class Model {
  public:
    /// Reads a model file (format: docs/brain.md). Refuses a file of another format, of another
    /// feature version, or truncated, with "brain: <file>: <reason>".
    static Result<std::unique_ptr<Model>> load(const std::filesystem::path& file);
    /// The model shipped inside minidj (models/default.brain at build time).
    static Result<std::unique_ptr<Model>> load_default();
    /// Parses model bytes; `name` appears in error messages.
    static Result<std::unique_ptr<Model>> parse(std::string_view bytes, const std::string& name);
    ~Model();
    Model(const Model&) = delete;
    Model& operator=(const Model&) = delete;

    /// Writes the model (temporary file, then rename).
    Status save(const std::filesystem::path& file) const;
    const TrainingFigures& figures() const;

    /// Scores A -> B for every candidate in one batched pass, the rule part against `rules`
    /// (see score_values()).
    std::vector<PairScore> score(const TrackFeatures& a, std::span<const TrackFeatures> candidates,
                                 const Rulebook& rules = {}) const;
    /// Only the scores (no explanation), for ranking many candidates; same values as score().
    /// The rule part judges each pair against `rules` (a set's own tempo limit and key rule):
    /// the pair's tempo deviation is given to the network in units of the rulebook's limit,
    /// and its key relation as a clash when the rule forbids it, as unknown when the rule
    /// allows any key.
    std::vector<float> score_values(const TrackFeatures& a, std::span<const TrackFeatures* const> candidates,
                                    const Rulebook& rules = {}) const;

    /// The network and its preprocessing; defined inside src/brain (LibTorch).
    struct Impl;
    explicit Model(std::unique_ptr<Impl> impl);
    Impl& impl() const { return *impl_; }

  private:
    std::unique_ptr<Impl> impl_;
};

/// LibTorch's intra-op threads for training (0 keeps its default; scoring runs in plain C++ on
/// the calling thread). Process-wide; defined in the training library (minidj_brain_train).
void set_compute_threads(int threads);

// ---- training -----------------------------------------------------------------------------

/// What training needs from one track: its feature row and its inner seams.
struct TrainingTrack {
    TrackFeatures features;
    std::vector<InnerSeam> seams;
};
TrainingTrack training_track(const TrackAnalysis& analysis);

/// The fewest tracks train() accepts.
inline constexpr std::size_t kMinTrainingTracks = 20;

struct TrainOptions {
    int epochs = 30;
    double validation_share = 0.2;  ///< of the tracks, held out (split by track)
    std::uint32_t seed = 1;
    int rule_pairs_per_track = 200;  ///< rulebook pairs drawn per training track
    int augment = 6;                 ///< transposed/gain-shifted copies of each training seam
    int threads = 0;                 ///< LibTorch intra-op threads; 0 keeps its default
    std::string trained_on;          ///< recorded in the figures
    Status validate() const;
};

struct EpochReport {
    int epoch = 0;  ///< 1-based
    int epochs = 0;
    double rule_loss = 0.0;
    double continuity_loss = 0.0;
};

/// Trains a model on the tracks (split into training and validation by track) and measures it
/// on the held-out ones. Fails with "train: ..." for fewer than kMinTrainingTracks tracks, bad
/// options, or when `cancel` is set.
Result<std::unique_ptr<Model>> train(std::span<const TrainingTrack> tracks, const TrainOptions& options,
                                     const std::function<void(const EpochReport&)>& on_epoch = {},
                                     const std::atomic<bool>* cancel = nullptr);

}  // namespace minidj::brain
