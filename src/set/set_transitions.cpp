// plan_set_transitions(): one transition per neighbouring pair, chained so that every track
// plays its mix-in before its mix-out, at one loudness for the whole set.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "minidj/set.h"

namespace minidj {
namespace {

constexpr double kLoudestTarget = -10.0;  // LUFS: louder masters are turned down to this
constexpr double kMaxGainDb = 24.0;       // as TransitionPlan::validate allows

double median(std::vector<double> v) {
    std::nth_element(v.begin(), v.begin() + std::ptrdiff_t(v.size() / 2), v.end());
    return v[v.size() / 2];
}

}  // namespace

double incoming_end_s(const TransitionPlan& p) {
    if (!p.stretch || p.bpm_b <= 0) return p.cue_in_s;
    return p.cue_in_s + p.overlap_beats() * 60.0 / p.bpm_b;
}

Result<SetPlan> plan_set_transitions(const std::vector<const TrackAnalysis*>& tracks, const PlanOptions& options) {
    if (tracks.size() < 2) return Error{"set: a set needs at least 2 tracks"};
    SetPlan set;
    for (const auto* t : tracks) set.tracks.push_back(t->path);
    PlanOptions po = options;
    po.full = true;
    for (std::size_t i = 0; i + 1 < tracks.size(); ++i) {
        auto plan = plan_transition(*tracks[i], *tracks[i + 1], po);
        if (!plan) return plan.error();
        // A track's mix-out must come after its mix-in has ended (short tracks, long overlaps):
        // move the mix-out to the first downbeat a bar after it.
        if (i > 0) {
            const double in_end = incoming_end_s(set.transitions.back());
            if (plan.value().cue_out_s < in_end + 1.0) {
                PlanOptions later = po;
                later.out_at_s = in_end + 240.0 / std::max(60.0, tracks[i]->grid.bpm);
                plan = plan_transition(*tracks[i], *tracks[i + 1], later);
                if (!plan) return plan.error();
                set.notes.push_back(fmt::format("track {} is short: its mix-out moved to {:.1f} s, after its mix-in",
                                                i + 1, plan.value().cue_out_s));
            }
        }
        set.transitions.push_back(std::move(plan.value()));
    }
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
