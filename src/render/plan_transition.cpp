// plan_transition(): tempo decision (with half/double time and the fallbacks), cue points,
// loudness matching and the style's curves.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "minidj/render.h"
#include "render/cues.h"
#include "render/style_curves.h"

namespace minidj {
namespace {

// Bars of 2 and of 4 beats line up (a 4-beat bar is two of 2: the analyser reads 2/4 where a
// bar's two halves sound alike); other differing meters do not.
constexpr int kShortestDropSafeBars = 4;  // the shortest blend worth keeping to avoid two drops at once

bool meters_blend(int a, int b) { return a == b || (std::min(a, b) == 2 && std::max(a, b) == 4); }

constexpr double kNominalBpm = 120.0;  // the clock of a fade between tracks without a beat

bool has_grid(const TrackAnalysis& t) { return t.grid.bpm > 0 && t.grid.downbeats.size() >= 2; }

// Below kMinBeatMatchConfidence the analyser's grid is a guess (its two beat readers part; noise
// reads about 0.05, generated music with drums 0.79 and more): beat-matching to it would be
// worse than a plain blend.
bool has_beat(const TrackAnalysis& t) {
    return has_grid(t) && t.grid.confidence >= kMinBeatMatchConfidence;
}

// Why a track's beats are not matched, for the plan's note.
std::string why_no_beat(const TrackAnalysis& t, const char* name) {
    if (!has_grid(t)) return fmt::format("{} has no steady beat", name);
    return fmt::format("{}'s beats are a guess (confidence {:.2f} < {:.2f}: its two beat readers part)",
                       name, t.grid.confidence, kMinBeatMatchConfidence);
}

// B's beats counted at 1x, 2x or 0.5x: the reading closest to A's tempo.
double best_beat_scale(double bpm_a, double bpm_b) {
    double best = 1.0;
    for (double s : {1.0, 0.5, 2.0}) {
        if (std::abs(std::log(bpm_b * s / bpm_a)) < std::abs(std::log(bpm_b * best / bpm_a)))
            best = s;
    }
    return best;
}

// B is brought to A's integrated loudness (A stays as it is), within +-12 dB.
double loudness_gain_db(const TrackAnalysis& a, const TrackAnalysis& b) {
    const double la = a.loudness.integrated_lufs, lb = b.loudness.integrated_lufs;
    if (la <= -69.0 || lb <= -69.0) return 0.0;
    return std::clamp(la - lb, -12.0, 12.0);
}

// A deck's band shares and own loudness at each master beat of the overlap (its beats
// counted at its own tempo), relative to A's integrated loudness.
render::DeckProfile deck_profile(const TrackAnalysis& t, double cue, const TransitionPlan& plan,
                                 double own_bpm, double gain_db, const TrackAnalysis& a) {
    std::vector<double> times;
    const double period = 60.0 / (own_bpm > 0 ? own_bpm : kNominalBpm);
    for (int k = 0; k <= plan.overlap_beats(); ++k) times.push_back(cue + k * period);
    return {render::band_shares(t, times.front(), times.back()),
            render::levels_at(t, times, gain_db, a.loudness.integrated_lufs + plan.gain_a_db)};
}

// The cue points (render/cues.h) of a plan whose style, meter and bars are set. Two drops at
// once is the one thing a blend must not do: a shorter overlap (halved, down to 4 bars) that
// avoids it is taken instead. A track without a beat gets a nominal cue.
void place_cues(const TrackAnalysis& a, const TrackAnalysis& b, const PlanOptions& options, bool beat_a, bool beat_b,
                TransitionPlan& plan) {
    const double nominal_out = options.out_at_s.value_or(std::max(0.0, a.duration_s - 30.0));
    const double nominal_in = options.in_at_s.value_or(0.0);
    if (!beat_a && !beat_b) {
        plan.cue_out_s = nominal_out;
        plan.cue_in_s = nominal_in;
        return;
    }
    auto cues_for = [&](int bars) {
        return render::choose_cues(a, b, bars * plan.meter, plan.b_beat_scale, options.out_at_s, options.in_at_s);
    };
    auto cues = cues_for(plan.bars);
    for (int bars = plan.bars / 2; cues.drops_overlap && plan.stretch && bars >= kShortestDropSafeBars; bars /= 2) {
        auto shorter = cues_for(bars);
        if (shorter.drops_overlap) continue;
        plan.notes.push_back(fmt::format(
            "overlap shortened to {} bars: at {} A's drop (or chorus) and B's would sound together", bars, plan.bars));
        plan.bars = bars;
        cues = std::move(shorter);
    }
    plan.cue_out_s = beat_a ? cues.out_s : nominal_out;
    plan.cue_in_s = beat_b ? cues.in_s : nominal_in;
    if (beat_a) plan.cue_out_why = cues.out_why;
    if (beat_b) plan.cue_in_why = cues.in_why;
    if (cues.drops_overlap) {
        plan.notes.push_back("A's drop (or chorus) and B's overlap: no cues or shorter overlap avoid it");
    }
}

}  // namespace

Status PlanOptions::validate() const {
    if (bars < 1 || bars > 64) return Error{fmt::format("mix: --bars {} outside 1..64", bars)};
    if (!(max_tempo_change > 0 && max_tempo_change <= 0.5)) {
        return Error{"mix: max tempo change must be in (0, 0.5]"};
    }
    if ((out_at_s && !(*out_at_s >= 0)) || (in_at_s && !(*in_at_s >= 0))) {
        return Error{"mix: --out-at/--in-at must be >= 0 seconds"};
    }
    return Ok{};
}

Result<TransitionPlan> plan_transition(const TrackAnalysis& a, const TrackAnalysis& b,
                                       const PlanOptions& options) {
    if (auto s = options.validate(); !s) return s.error();
    TransitionPlan plan;
    plan.track_a = a.path;
    plan.track_b = b.path;
    plan.bars = options.bars;
    plan.style = options.style;
    plan.before_s = options.full ? -1.0 : options.before_s;
    plan.after_s = options.full ? -1.0 : options.after_s;
    plan.gain_b_db = loudness_gain_db(a, b);

    const bool beat_a = has_beat(a), beat_b = has_beat(b);
    if (!beat_a || !beat_b) {
        const std::string why = !beat_a && !beat_b && !has_grid(a) && !has_grid(b)
                                    ? "neither track has a steady beat"
                                : !beat_a && !beat_b
                                    ? why_no_beat(a, "A") + "; " + why_no_beat(b, "B")
                                    : why_no_beat(!beat_a ? a : b, !beat_a ? "A" : "B");
        // Without B's beat there is nothing to sync; without A's there is no clock: a plain
        // crossfade at a nominal tempo, or an echo-out when A still has a beat.
        plan.style = beat_a && !beat_b && plan.style != MixStyle::kCut ? MixStyle::kEchoOut
                     : plan.style == MixStyle::kCut                    ? MixStyle::kCut
                                                                       : MixStyle::kFade;
        plan.notes.push_back(
            fmt::format("{}: no beat-matched blend; fallback {}", why, style_name(plan.style)));
    } else if (!meters_blend(a.grid.meter, b.grid.meter) &&
               (plan.style == MixStyle::kBassSwap || plan.style == MixStyle::kFilter)) {
        plan.notes.push_back(fmt::format("meters differ ({}/4 into {}/4): fallback echo-out",
                                         a.grid.meter, b.grid.meter));
        plan.style = MixStyle::kEchoOut;
    }
    plan.meter = !beat_a                                             ? 4
                 : beat_b && meters_blend(a.grid.meter, b.grid.meter) ? std::max(a.grid.meter, b.grid.meter)
                                                                      : a.grid.meter;
    plan.bpm_a = beat_a ? a.grid.bpm : kNominalBpm;
    if (beat_a && beat_b) {
        plan.b_beat_scale = best_beat_scale(a.grid.bpm, b.grid.bpm);
        plan.bpm_b = b.grid.bpm * plan.b_beat_scale;
        const double change = std::abs(plan.bpm_b / plan.bpm_a - 1.0);
        if (change > options.max_tempo_change &&
            (plan.style == MixStyle::kBassSwap || plan.style == MixStyle::kFilter)) {
            plan.notes.push_back(fmt::format(
                "tempo change {:.1f}% ({:.1f} -> {:.1f} BPM) exceeds {:.0f}%: fallback echo-out",
                100 * change, plan.bpm_a, plan.bpm_b, 100 * options.max_tempo_change));
            plan.style = MixStyle::kEchoOut;
        }
        if (plan.b_beat_scale != 1.0) {
            plan.notes.push_back(fmt::format("B ({:.1f} BPM) matched at {} time", b.grid.bpm,
                                             plan.b_beat_scale < 1 ? "half" : "double"));
        }
    } else {
        plan.bpm_b = beat_b ? b.grid.bpm : plan.bpm_a;
    }
    plan.stretch = plan.style == MixStyle::kBassSwap || plan.style == MixStyle::kFilter;
    if (plan.style == MixStyle::kEchoOut) plan.bars = std::min(plan.bars, 2);
    if (plan.style == MixStyle::kCut) plan.bars = 1;
    if (plan.style == MixStyle::kFade) plan.bars = std::min(plan.bars, 4);

    place_cues(a, b, options, beat_a, beat_b, plan);
    plan.tempo = plan.stretch ? render::tempo_ramp(plan.bpm_a, plan.bpm_b, plan.overlap_beats())
                              : Curve{{0.0, plan.bpm_a}};
    render::draw_style_curves(
        plan, deck_profile(a, plan.cue_out_s, plan, plan.bpm_a, plan.gain_a_db, a),
        deck_profile(b, plan.cue_in_s, plan, plan.bpm_b / plan.b_beat_scale, plan.gain_b_db, a));
    if (auto s = plan.validate(); !s) return s.error();
    return plan;
}

}  // namespace minidj
