#pragma once
/// @file set_planner.h
/// The Planner, set side: which tracks a set plays, in which order.
///
/// The order maximises the mean seam score (how well each track follows the previous one, from
/// the Brain) plus the fit of the tracks' energy to a requested arc, under hard constraints:
/// no track twice, a tempo-change limit per seam, a harmonic rule, artist spacing, fixed first
/// and last tracks. The search is a beam search over orders followed by simulated annealing on
/// the order (swap, reverse a stretch, replace a track by an unused one); greedy next-best and a
/// random walk are kept as baselines for the benchmark.
///
/// The planner knows tracks only as SetCandidate rows and seams only through a SeamScorer, so
/// it is tested and benchmarked without decoding audio. Thread safety: plan_set() is
/// reentrant; the scorer is called from the calling thread only.

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "minidj/analysis.h"
#include "minidj/brain.h"
#include "minidj/result.h"

namespace minidj::planner {

/// The energy curve over the set: warmup rises throughout; peak rises to a climax two thirds
/// in and comes down; wave rises and falls twice; flat stays in the middle.
enum class EnergyArc { kWarmup, kPeak, kWave, kFlat };
std::string arc_name(EnergyArc arc);
std::optional<EnergyArc> parse_arc(const std::string& name);
/// Target energy (0..1, as a rank within the candidates) at `position` (0 = start, 1 = end).
double arc_target(EnergyArc arc, double position);

/// The key moves a set allows: the Brain's rule, so that the planner and the Brain agree.
using HarmonicRule = brain::HarmonicRule;
std::optional<HarmonicRule> parse_harmonic_rule(const std::string& name);

struct SetCandidate {
    std::string path;
    std::string artist;                 ///< empty: unknown (never conflicts)
    double bpm = 0.0;                   ///< 0: no beat (fits any tempo)
    std::optional<MusicalKey> key;      ///< empty: no key (fits any key)
    double energy = 0.0;                ///< any scale; ranked within the candidates
    double play_seconds = 0.0;          ///< how long the track sounds in a set (transitions excluded)
};

/// Scores seams from track `from` into each of `to` (indices into the candidates), writing one
/// value 0..1 per target into `out` (same length). Called in batches (once per `from` whose
/// successors the search walks), and with single targets by the local search.
using SeamScorer = std::function<void(std::size_t from, std::span<const std::size_t> to, std::span<float> out)>;

struct SetRequest {
    std::optional<std::size_t> tracks;    ///< play this many tracks, or
    std::optional<double> length_s;       ///< ... at least this long (one of the two)
    std::optional<std::size_t> first;     ///< candidate index that opens the set
    std::optional<std::size_t> last;      ///< candidate index that closes it
    EnergyArc arc = EnergyArc::kPeak;
    brain::Rulebook rules;                ///< tempo limit per seam and key moves (hard constraints)
    /// No seam scored under this while an order of the same length without one exists; when
    /// none does, the set keeps its length and a note names the seams under it.
    double min_seam_score = 0.2;
    int no_repeat_artist = 0;             ///< no artist twice within this many tracks (0: off)
    std::uint64_t seed = 1;
    double arc_weight = 1.0;              ///< weight of the arc fit against the seam score
    int beam_width = 24;
    int anneal_steps = 20000;
    Status validate(std::size_t candidates) const;  ///< "set: ..." for a bad request
};

/// The objective and its parts: both means, 0..1.
struct SetObjective {
    double seam = 0.0;    ///< mean seam score over the set's seams
    double arc = 0.0;     ///< mean of 1 - |energy rank - arc target| over the tracks
    double total = 0.0;   ///< seam + arc_weight * arc
};

struct PlannedSet {
    std::vector<std::size_t> order;    ///< candidate indices, in play order
    std::vector<float> seam_scores;    ///< order.size() - 1 values
    std::vector<double> energy_rank;   ///< per track in order, 0..1
    std::vector<double> arc_targets;   ///< per track in order
    SetObjective objective;
    double seconds = 0.0;              ///< estimated length (sum of play_seconds)
    /// Plain-language notes: a shorter set than asked for, and why.
    std::vector<std::string> notes;
};

enum class SearchMethod { kBeamAnneal, kGreedy, kRandom };
std::string method_name(SearchMethod method);

/// Plans a set. Fails only on an invalid request or when not even two candidates can follow
/// one another ("set: no two tracks can follow each other within 6 % tempo change and the
/// harmonic rule"); a library too
/// small for the requested length gives the best shorter set with a note.
Result<PlannedSet> plan_set(std::span<const SetCandidate> candidates, const SeamScorer& scorer,
                            const SetRequest& request, SearchMethod method = SearchMethod::kBeamAnneal);

/// Each candidate's energy as its rank among all of them, 0 (quietest) .. 1 (most energetic):
/// what the arc is measured on.
std::vector<double> energy_ranks(std::span<const SetCandidate> candidates);

/// The live player's next track after `from`: the same objective as plan_set() one step at a
/// time: the best seam score plus arc_weight x the fit of the track's energy rank to
/// `energy_target`, among the `available` tracks that keep the rulebook (any available track
/// when none does, marked so). Nothing when no track is available.
struct NextTrackRequest {
    std::size_t from = 0;
    std::vector<bool> available;  ///< per candidate; shorter: the rest are available
    double energy_target = 0.5;   ///< energy rank wanted, 0..1
    brain::Rulebook rules;
    double arc_weight = 1.0;
};
struct NextTrack {
    std::size_t index = 0;
    float seam_score = 0.0f;
    double energy_rank = 0.0;
    bool within_rules = true;
    std::string reason;  ///< one line: "seam 0.83, energy 0.62 for 0.70 wanted, 124 -> 126 BPM, 8A -> 9A"
};
std::optional<NextTrack> choose_next_track(std::span<const SetCandidate> candidates, const SeamScorer& scorer,
                                           const NextTrackRequest& request);

}  // namespace minidj::planner
