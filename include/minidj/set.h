#pragma once
/// @file set.h
/// Sets: a whole continuous mix. A SetPlan is the tracks in play order and the transition
/// between each neighbouring pair (the Hands' TransitionPlan, one list of them), with every
/// track brought to one loudness. It is data: written as JSON beside the mix, edited, and
/// rendered again. The renderer streams the set into one file and measures every seam.
///
/// Thread safety: every function is reentrant.

#include <atomic>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "minidj/analysis.h"
#include "minidj/render.h"
#include "minidj/result.h"

namespace minidj {

struct SetPlan {
    static constexpr int kVersion = 1;
    std::vector<std::string> tracks;            ///< paths, in play order
    std::vector<TransitionPlan> transitions;    ///< tracks.size() - 1: tracks[i] -> tracks[i + 1]
    double target_lufs = -14.0;                 ///< every track is brought to this loudness
    std::vector<double> gain_db;                ///< per track: target_lufs - its integrated loudness

    /// How the order was chosen (informational: for the report and the plot).
    std::string arc;                   ///< "peak", ... ; empty for a hand-made plan
    std::vector<double> energy_rank;   ///< per track, 0..1
    std::vector<double> arc_target;    ///< per track, 0..1
    std::vector<double> seam_score;    ///< per transition, the Brain's score 0..1
    double objective_seam = 0.0, objective_arc = 0.0, objective_total = 0.0;
    std::vector<std::string> notes;

    /// Ok, or an Error naming the field at fault: "set plan: transitions[2].track_a: ...".
    Status validate() const;
};

/// How a set's transitions are fitted to its tracks.
struct SetTransitionOptions {
    PlanOptions transition;  ///< bars, style and tempo limit of every transition
    /// Every track sounds at least this long in the mix (from its tracklist start to the
    /// next one's), or three quarters of its length when that is less (room for overlaps).
    double min_play_s = 60.0;
    double need_s(double duration_s) const;  ///< the minimum for a track of this length
};

/// The transitions of a set in this order: each pair planned by plan_transition() (cue points,
/// tempo ramp, EQ curves), with the set's loudness gains, fitted so that every track plays its
/// minimum between its mix-in and its mix-out. A pair that does not fit with the requested
/// overlap gets a shorter one (halved while at least 4 bars), then a cut on a downbeat, with a
/// note. When a track fits none (too short for its transitions), the error names it and
/// `unplayable` (when given) receives the indices of such tracks, so the caller can plan the
/// set again without them. `tracks` are the analyses in play order.
Result<SetPlan> plan_set_transitions(const std::vector<const TrackAnalysis*>& tracks,
                                     const SetTransitionOptions& options, std::vector<std::size_t>* unplayable = nullptr);

/// One transition planned on its own, as a live player plans them one at a time.
struct LiveTransitionRequest {
    /// Where A's own incoming transition ended (A time); none when A opened the night.
    std::optional<double> a_in_end_s;
    /// A leaves no earlier than this (A time): what is already played, plus the time to prepare.
    double earliest_out_s = 0.0;
    /// Set: leave A on the first phrase start (every `phrase_bars` bars from each of its
    /// sections' starts; else the first downbeat) from here on, instead of where the set's rules would, and enter B
    /// on its first downbeat (a DJ's "mix now").
    std::optional<double> out_from_s;
    int phrase_bars = kPhraseBars;
    double gain_a_db = 0.0, gain_b_db = 0.0;  ///< loudness matching, as SetPlan::gain_db
};
/// The transition A -> B under the set's rules (plan_set_transitions' fitting: A plays its
/// minimum, B keeps its minimum after its mix-in, shorter overlaps and a cut as fallbacks),
/// or, with `out_from_s`, at the phrase asked for. Errors when A has no room left.
Result<TransitionPlan> plan_live_transition(const TrackAnalysis& a, const TrackAnalysis& b,
                                            const SetTransitionOptions& options, const LiveTransitionRequest& request);

/// Where track B's incoming overlap ends, in B's own time: its cue plus the overlap's master
/// beats counted at B's matched tempo (the cue itself for an unstretched transition).
double incoming_end_s(const TransitionPlan& transition);
/// The overlap's length in the mix, at the mean of the two tempos (A's for an unstretched one).
double mix_overlap_s(const TransitionPlan& transition);

/// JSON (docs/sets.md) and back. set_plan_from_json() fails with the field at fault.
nlohmann::json to_json(const SetPlan& plan);
Result<SetPlan> set_plan_from_json(const nlohmann::json& json);
/// Reads a plan file; a JSON syntax error names its line and column.
Result<SetPlan> read_set_plan(const std::filesystem::path& file);

/// Where each track starts in the mix: 0 for the first; for the others, the time in the mix
/// of the track's first downbeat after its incoming transition ends.
struct TracklistEntry {
    std::string path;
    double start_s = 0.0;
};
/// The tracklist the plan implies (before rendering; render_set() reports the exact one).
std::vector<TracklistEntry> estimated_tracklist(const SetPlan& plan);

/// Each track's time in the mix: from its tracklist start to the next track's, the last one's
/// to the end of the mix. The one definition of a track's play time, for the report, the plot
/// and the minimum play time.
struct TrackSpan {
    double start_s = 0.0, end_s = 0.0;
    double play_s() const { return end_s - start_s; }
};
std::vector<TrackSpan> track_spans(const std::vector<TracklistEntry>& tracklist, double duration_s);
/// A time in the mix as people read it: "16:03", "1:02:07".
std::string mix_time(double seconds);

struct SetRenderOptions {
    std::filesystem::path output;  ///< extension picks the format; written to .part, then renamed
    StretchEngine engine = StretchEngine::kFinerShort;
    const std::atomic<bool>* cancel = nullptr;
};

/// What was rendered, and what was measured on the written file.
struct SetReport {
    std::string output;
    double duration_s = 0.0;
    std::vector<TracklistEntry> tracklist;
    std::vector<MixReport> seams;   ///< per transition: the Hands' figures, measured on the mix
    double integrated_lufs = -70.0; ///< the whole mix (EBU R128)
    double true_peak_dbtp = -120.0;
    std::size_t clipped_samples = 0;
    double render_seconds = 0.0;
};

/// Renders the set into one file, streaming: only the current transition's stretched
/// overlap is held in memory. `tracks` are the analyses of plan.tracks. When a track's audio
/// fails to decode, the error names it ("set: track 3 (<path>): decode: ...") and
/// `failed_track` (when given) receives its index, so the caller can plan around it.
Result<SetReport> render_set(const std::vector<const TrackAnalysis*>& tracks, const SetPlan& plan,
                             const SetRenderOptions& options, std::size_t* failed_track = nullptr);

/// The report as JSON; each tracklist entry has its "start" and "play" (its span) in seconds.
nlohmann::json to_json(const SetReport& report);
/// [{"path", "start", "play"}] of a mix `duration_s` long (track_spans).
nlohmann::json tracklist_json(const std::vector<TracklistEntry>& tracklist, double duration_s);

/// Draws the set over time: tempo, energy against the arc, the key path on the Camelot wheel,
/// each seam's score and each track's sections (minidj/structure.h), each track over its span
/// (track_spans of the report's tracklist and duration). `analyses` are the plan's tracks, in
/// order. Errors: "plot: <path>: <reason>".
Status plot_set(const SetPlan& plan, const SetReport& report, const std::vector<TrackAnalysis>& analyses,
                const std::filesystem::path& png);
/// A CUE sheet for `audio` (FILE line with its name) and an M3U8 playlist of the tracks.
std::string cue_sheet(const std::string& audio, const std::vector<TracklistEntry>& entries);
std::string m3u8_playlist(const std::vector<TracklistEntry>& entries, const std::vector<double>& durations_s);

}  // namespace minidj
