// plan_set_transitions(): one transition per neighbouring pair, fitted to the tracks' lengths
// so that every track plays its minimum between its mix-in and its mix-out, at one loudness
// for the whole set. A pair that does not fit with the requested overlap gets a shorter one
// (whole phrases, down to 4 bars), then a cut on a downbeat; a track that fits none is named.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "minidj/set.h"
#include "render/cues.h"

namespace minidj {
namespace {

constexpr double kLoudestTarget = -10.0;  // LUFS: louder masters are turned down to this
constexpr double kMaxGainDb = 24.0;       // as TransitionPlan::validate allows
constexpr int kShortestBlend = 4;         // bars: below this a transition is a cut
constexpr double kLongestShare = 0.75;    // of a short track's length, the most it must play
constexpr double kSlack = 1.0;            // seconds: estimated against rendered track starts

double median(std::vector<double> v) {
    std::nth_element(v.begin(), v.begin() + std::ptrdiff_t(v.size() / 2), v.end());
    return v[v.size() / 2];
}

std::string name_of(const TrackAnalysis& t) { return std::filesystem::path(t.path).filename().string(); }

// The overlap lengths to try: the requested one, halved while it stays a blend, then a cut.
std::vector<PlanOptions> fallbacks(const PlanOptions& requested) {
    std::vector<PlanOptions> out{requested};
    if (requested.style == MixStyle::kCut) return out;
    for (int bars = requested.bars / 2; bars >= kShortestBlend; bars /= 2) {
        out.push_back(requested);
        out.back().bars = bars;
    }
    out.push_back(requested);
    out.back().style = MixStyle::kCut;
    return out;
}

// Where a transition puts its tracks, in their own time and in the mix.
struct Span {
    double a_end_s;      // A's audio is needed up to here
    double b_in_end_s;   // B plays natively from here: its incoming transition is over
    double overlap_s;    // the overlap's length in the mix
};

Span span_of(const TransitionPlan& p) {
    const double bpm_a = p.bpm_a > 0 ? p.bpm_a : 120.0;
    return {p.cue_out_s + p.overlap_beats() * 60.0 / bpm_a, incoming_end_s(p), mix_overlap_s(p)};
}

// The downbeat of `t` in [lo, hi] that a DJ would pick: the latest phrase start, else 4-bar
// start, else downbeat there (render::phrase_starts_in); a track without downbeats may go out
// anywhere.
std::optional<double> latest_downbeat(const TrackAnalysis& t, double lo, double hi) {
    if (t.grid.downbeats.empty()) return hi >= std::max(lo, 0.0) ? std::optional(hi) : std::nullopt;
    const auto starts = render::phrase_starts_in(t, lo, hi);
    return starts.empty() ? std::nullopt : std::optional(starts.back());
}

// One transition A -> B under the set's constraints: A plays natively from `a_in_end` (where
// its own incoming transition ended; none for the first track, which starts the mix) and must
// sound at least `need_a` seconds in the mix until the overlap ends; B must keep `need_b`
// seconds after its mix-in. Both are asked a second more than their minimum, for the
// difference between this estimate and the rendered tracklist.
class PairFitter {
public:
    PairFitter(const TrackAnalysis& a, const TrackAnalysis& b, std::optional<double> a_in_end, double need_a,
               double need_b, bool b_last, double earliest_out = 0.0)
        : a_(a), b_(b), a_in_end_(a_in_end), need_a_(need_a + kSlack),
          b_room_(need_b + kSlack + (b_last ? 0.0 : 2 * bar_s(b))), need_b_(need_b), earliest_out_(earliest_out) {}

    // The first of the fallbacks that fits, with the cues plan_transition chooses, else with
    // the failing side's cue moved to where it fits.
    std::optional<TransitionPlan> fit(const PlanOptions& requested) const {
        for (const auto& po : fallbacks(requested)) {
            auto plan = plan_transition(a_, b_, po);
            if (plan && fits(plan.value())) return std::move(plan.value());
            auto moved = po;
            if (!plan || !a_fits(plan.value())) {
                moved.out_at_s = out_cue_for(po);
                if (!moved.out_at_s) continue;
            }
            if (!plan || !b_fits(plan.value())) moved.in_at_s = render::first_downbeat(b_.grid, 0.0);
            plan = plan_transition(a_, b_, moved);
            if (plan && fits(plan.value())) return std::move(plan.value());
        }
        return std::nullopt;
    }

    // Whether B itself is too short: even entered with a cut on its first downbeat it could not
    // play its minimum.
    bool b_is_too_short() const { return b_.duration_s - render::first_downbeat(b_.grid, 0.0) < need_b_; }

private:
    bool a_fits(const TransitionPlan& p) const {
        const Span s = span_of(p);
        if (p.cue_out_s < std::max(0.0, earliest_out_) || s.a_end_s > a_.duration_s + 1e-3) return false;
        const double from = a_in_end_.value_or(0.0);
        if (a_in_end_ && p.cue_out_s < from + bar_s(a_)) return false;  // mix-out after mix-in, a bar apart
        return p.cue_out_s - from + s.overlap_s >= need_a_ - 1e-6;
    }
    bool b_fits(const TransitionPlan& p) const {
        // B needs its minimum after its mix-in, and (unless it closes the set) a bar or two
        // more to find a downbeat for its own mix-out.
        return p.cue_in_s >= 0 && span_of(p).b_in_end_s <= b_.duration_s - b_room_ + 1e-6;
    }
    bool fits(const TransitionPlan& p) const { return a_fits(p) && b_fits(p); }

    static double bar_s(const TrackAnalysis& t) { return 4 * 60.0 / std::max(60.0, t.grid.bpm); }

    // A mix-out late enough for A's minimum and early enough for the overlap to end in A.
    std::optional<double> out_cue_for(const PlanOptions& po) const {
        const double bpm = a_.grid.bpm > 0 ? a_.grid.bpm : 120.0;
        const int bars = po.style == MixStyle::kCut ? 1 : po.bars;
        const double overlap = bars * std::max(1, a_.grid.meter) * 60.0 / bpm;
        const double from = a_in_end_.value_or(0.0);
        const double lo = std::max({a_in_end_ ? from + bar_s(a_) : 0.0, from + need_a_ - overlap, earliest_out_});
        return latest_downbeat(a_, lo, a_.duration_s - overlap);
    }

    const TrackAnalysis& a_;
    const TrackAnalysis& b_;
    std::optional<double> a_in_end_;
    double need_a_, b_room_, need_b_, earliest_out_;
};

// The first downbeat at or after `t` that starts a phrase of `phrase_bars` (counted from each
// section's start), else the first downbeat there; t itself for a track without downbeats.
std::optional<double> first_phrase_downbeat(const TrackAnalysis& track, double t, int phrase_bars) {
    if (track.grid.downbeats.empty()) return t;
    for (int phrase : {std::max(1, phrase_bars), 1}) {
        for (double start : phrase_starts(track.structure.sections, track.grid.downbeats, phrase)) {
            if (start >= t) return start;
        }
    }
    return std::nullopt;
}

}  // namespace

Result<TransitionPlan> plan_live_transition(const TrackAnalysis& a, const TrackAnalysis& b,
                                            const SetTransitionOptions& options, const LiveTransitionRequest& request) {
    PlanOptions po = options.transition;
    po.full = true;
    if (auto s = po.validate(); !s) return s.error();
    std::optional<TransitionPlan> plan;
    if (request.out_from_s) {  // the user asked: the first phrase (or bar) start from there
        const auto cue = first_phrase_downbeat(a, *request.out_from_s, request.phrase_bars);
        if (!cue) return Error{fmt::format("{}: no downbeat left to leave it on", name_of(a))};
        for (auto tried : fallbacks(po)) {
            tried.out_at_s = *cue;
            tried.in_at_s = render::first_downbeat(b.grid, 0.0);
            auto p = plan_transition(a, b, tried);
            if (p && span_of(p.value()).a_end_s <= a.duration_s + 1e-3 && p->cue_out_s >= *request.out_from_s - 1e-3) {
                plan = std::move(p.value());
                break;
            }
        }
    } else {
        const PairFitter fitter(a, b, request.a_in_end_s, options.need_s(a.duration_s), options.need_s(b.duration_s),
                                false, request.earliest_out_s);
        plan = fitter.fit(po);
    }
    if (!plan) return Error{fmt::format("{} -> {}: no room left in {} for a transition", name_of(a), name_of(b), name_of(a))};
    plan->gain_a_db = request.gain_a_db;
    plan->gain_b_db = request.gain_b_db;
    return std::move(*plan);
}

double incoming_end_s(const TransitionPlan& p) {
    if (!p.stretch || p.bpm_b <= 0) return p.cue_in_s;
    return p.cue_in_s + p.overlap_beats() * 60.0 / p.bpm_b;
}

double mix_overlap_s(const TransitionPlan& p) {
    const double mean_bpm = p.stretch ? 0.5 * (p.bpm_a + p.bpm_b) : p.bpm_a;
    return mean_bpm > 0 ? p.overlap_beats() * 60.0 / mean_bpm : 0.0;
}

double SetTransitionOptions::need_s(double duration_s) const {
    return std::min(min_play_s, kLongestShare * duration_s);
}

Result<SetPlan> plan_set_transitions(const std::vector<const TrackAnalysis*>& tracks,
                                     const SetTransitionOptions& options, std::vector<std::size_t>* unplayable) {
    if (tracks.size() < 2) return Error{"set: a set needs at least 2 tracks"};
    if (!(options.min_play_s >= 0)) return Error{"set: --min-play must be >= 0 seconds"};
    PlanOptions po = options.transition;
    po.full = true;
    if (auto s = po.validate(); !s) return s.error();
    std::vector<std::size_t> kept{0}, dropped;
    std::vector<TransitionPlan> transitions;
    std::vector<std::string> notes;
    for (std::size_t next = 1; next < tracks.size();) {
        const TrackAnalysis& a = *tracks[kept.back()];
        const TrackAnalysis& b = *tracks[next];
        const std::optional<double> a_in_end =
            transitions.empty() ? std::nullopt : std::optional(incoming_end_s(transitions.back()));
        const PairFitter fitter(a, b, a_in_end, options.need_s(a.duration_s), options.need_s(b.duration_s),
                                next + 1 == tracks.size());
        if (auto plan = fitter.fit(po)) {
            if (plan->style == MixStyle::kCut && po.style != MixStyle::kCut) {
                notes.push_back(fmt::format("{} -> {}: too short for a blend, a cut on a downbeat", name_of(a), name_of(b)));
            } else if (plan->bars < po.bars && plan->style == po.style) {
                notes.push_back(fmt::format("{} -> {}: overlap shortened to {} bars (short track)", name_of(a),
                                            name_of(b), plan->bars));
            }
            transitions.push_back(std::move(*plan));
            kept.push_back(next++);
            continue;
        }
        // Nothing fits: B is too short to play its minimum at all, or A has no room left
        // after its mix-in. That track is left out.
        if (fitter.b_is_too_short()) {
            dropped.push_back(next++);
        } else {
            dropped.push_back(kept.back());
            kept.pop_back();
            if (!transitions.empty()) transitions.pop_back();
            if (kept.empty()) kept.push_back(next++);  // A opened the set: B opens it now
        }
    }
    if (unplayable) *unplayable = dropped;
    if (!dropped.empty()) {
        std::string names;
        for (std::size_t i : dropped) {
            names += fmt::format("{}{} ({:.0f} s)", names.empty() ? "" : ", ", name_of(*tracks[i]), tracks[i]->duration_s);
        }
        return Error{fmt::format("set: too short to play {:.0f} s between their transitions: {}", options.min_play_s,
                                 names)};
    }
    SetPlan set;
    for (const auto* t : tracks) set.tracks.push_back(t->path);
    set.transitions = std::move(transitions);
    set.notes = std::move(notes);
    // One loudness for the set: the median of the tracks, no louder than kLoudestTarget.
    std::vector<double> lufs;
    for (const auto* t : tracks) {
        if (t->loudness.integrated_lufs > -69.0) lufs.push_back(t->loudness.integrated_lufs);
    }
    set.target_lufs = lufs.empty() ? -14.0 : std::min(kLoudestTarget, median(lufs));
    for (const auto* t : tracks) {
        const double l = t->loudness.integrated_lufs;
        set.gain_db.push_back(l > -69.0 ? std::clamp(set.target_lufs - l, -kMaxGainDb, kMaxGainDb) : 0.0);
    }
    for (std::size_t i = 0; i < set.transitions.size(); ++i) {
        set.transitions[i].gain_a_db = set.gain_db[i];
        set.transitions[i].gain_b_db = set.gain_db[i + 1];
    }
    return set;
}

Status SetPlan::validate() const {
    const auto err = [](const std::string& field, const std::string& why) {
        return Error{fmt::format("set plan: {}: {}", field, why)};
    };
    if (tracks.size() < 2) return err("tracks", "a set needs at least 2 tracks");
    if (transitions.size() + 1 != tracks.size()) {
        return err("transitions", fmt::format("{} tracks need {} transitions, not {}", tracks.size(), tracks.size() - 1,
                                              transitions.size()));
    }
    if (gain_db.size() != tracks.size()) return err("gain_db", "one gain per track");
    for (std::size_t i = 0; i < gain_db.size(); ++i) {
        if (!(std::abs(gain_db[i]) <= kMaxGainDb)) {
            return err(fmt::format("gain_db[{}]", i), fmt::format("{} outside -{}..{} dB", gain_db[i], kMaxGainDb, kMaxGainDb));
        }
    }
    if (!(target_lufs >= -70 && target_lufs <= 0)) return err("target_lufs", fmt::format("{} outside -70..0 LUFS", target_lufs));
    // Informational, but drawn by the plot: finite and 0..1 like the planner writes them.
    for (const auto& [values, name] : {std::pair{&energy_rank, "energy_rank"}, std::pair{&arc_target, "arc_target"},
                                       std::pair{&seam_score, "seam_score"}}) {
        for (std::size_t i = 0; i < values->size(); ++i) {
            if (!((*values)[i] >= 0 && (*values)[i] <= 1)) {
                return err(fmt::format("{}[{}]", name, i), fmt::format("{} outside 0..1", (*values)[i]));
            }
        }
    }
    for (std::size_t i = 0; i < transitions.size(); ++i) {
        const auto& t = transitions[i];
        const std::string at = fmt::format("transitions[{}]", i);
        if (auto s = t.validate(); !s) return err(at, s.error().message);
        if (t.track_a != tracks[i]) return err(at + ".track_a", fmt::format("must be tracks[{}]", i));
        if (t.track_b != tracks[i + 1]) return err(at + ".track_b", fmt::format("must be tracks[{}]", i + 1));
        if (i > 0 && t.cue_out_s <= incoming_end_s(transitions[i - 1])) {
            return err(at + ".cue_out_s", fmt::format("{:.2f} s comes before the track's mix-in ends ({:.2f} s)",
                                                      t.cue_out_s, incoming_end_s(transitions[i - 1])));
        }
    }
    return Ok{};
}

}  // namespace minidj
