// The transition plan as data: style names, curve evaluation, validation, JSON both ways.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <utility>

#include "minidj/json_text.h"
#include "minidj/render.h"

namespace minidj {
namespace {

constexpr std::array<std::pair<MixStyle, const char*>, 5> kStyles = {
    {{MixStyle::kBassSwap, "bass-swap"},
     {MixStyle::kFilter, "filter"},
     {MixStyle::kEchoOut, "echo-out"},
     {MixStyle::kCut, "cut"},
     {MixStyle::kFade, "fade"}}};

nlohmann::json curve_json(const Curve& curve) {
    auto points = nlohmann::json::array();
    for (const auto& p : curve) points.push_back({p.beat, p.value});
    return points;
}

// Bounds of what a plan may say, whoever wrote it: beyond them the numbers are not a transition
// (and would overflow the conversion to sample counts).
constexpr double kMaxSeconds = 24 * 3600.0;  // a cue, before/after: a day
constexpr double kMaxCurveBeat = 4096.0;     // curves span the overlap: 64 bars of 12 at most

Error plan_error(const std::string& field, const std::string& reason) {
    return Error{fmt::format("plan: {}: {}", field, reason)};
}

Status check_curve(const Curve& curve, const std::string& name, double lo, double hi) {
    if (curve.empty()) return plan_error(name, "needs at least one point");
    for (std::size_t i = 0; i < curve.size(); ++i) {
        const auto& p = curve[i];
        if (!std::isfinite(p.beat) || !std::isfinite(p.value))
            return plan_error(name, "not a number");
        if (std::abs(p.beat) > kMaxCurveBeat)
            return plan_error(name, fmt::format("beat {} outside -{}..{}", p.beat, kMaxCurveBeat, kMaxCurveBeat));
        if (p.value < lo || p.value > hi)
            return plan_error(name, fmt::format("value {} outside {}..{}", p.value, lo, hi));
        if (i && p.beat < curve[i - 1].beat)
            return plan_error(name, "points must be in beat order");
    }
    return Ok{};
}

Result<Curve> read_curve(const nlohmann::json& json, const std::string& name) {
    if (!json.is_array()) return plan_error(name, "expected an array of [beat, value] pairs");
    Curve curve;
    for (const auto& p : json) {
        if (!p.is_array() || p.size() != 2 || !p[0].is_number() || !p[1].is_number()) {
            return plan_error(name, "expected an array of [beat, value] pairs");
        }
        curve.push_back({p[0].get<double>(), p[1].get<double>()});
    }
    return curve;
}

}  // namespace

std::string style_name(MixStyle style) {
    for (const auto& [s, name] : kStyles) {
        if (s == style) return name;
    }
    return "bass-swap";
}

std::optional<MixStyle> parse_mix_style(const std::string& name) {
    for (const auto& [s, n] : kStyles) {
        if (name == n) return s;
    }
    return std::nullopt;
}

double evaluate(const Curve& curve, double beat) {
    if (curve.empty()) return 1.0;
    if (beat <= curve.front().beat) return curve.front().value;
    if (beat >= curve.back().beat) return curve.back().value;
    const auto it = std::upper_bound(curve.begin(), curve.end(), beat,
                                     [](double b, const CurvePoint& p) { return b < p.beat; });
    const auto& hi = *it;
    const auto& lo = *(it - 1);
    if (hi.beat <= lo.beat) return hi.value;
    return lo.value + (hi.value - lo.value) * (beat - lo.beat) / (hi.beat - lo.beat);
}

Status TransitionPlan::validate() const {
    if (track_a.empty() || track_b.empty())
        return plan_error("tracks", "track_a and track_b are required");
    if (bars < 1 || bars > 64) return plan_error("bars", fmt::format("{} outside 1..64", bars));
    if (meter < 2 || meter > 12) return plan_error("meter", fmt::format("{} outside 2..12", meter));
    for (auto [value, name] : {std::pair{cue_out_s, "cue_out"}, std::pair{cue_in_s, "cue_in"}}) {
        if (!(value >= 0 && value <= kMaxSeconds)) {
            return plan_error(name, fmt::format("{} s outside 0..{} s", value, kMaxSeconds));
        }
    }
    for (auto [value, name] : {std::pair{before_s, "before"}, std::pair{after_s, "after"}}) {
        if (!(std::isfinite(value) && value <= kMaxSeconds)) {
            return plan_error(name, fmt::format("{} s: expected at most {} s (negative: all)", value, kMaxSeconds));
        }
    }
    if (!(bpm_a >= 0 && bpm_a <= 400 && bpm_b >= 0 && bpm_b <= 400)) {
        return plan_error("bpm", "tempos must be in 0..400 BPM");
    }
    if (stretch && !(bpm_a >= 20 && bpm_a <= 400 && bpm_b >= 20 && bpm_b <= 400)) {
        return plan_error("bpm", "a stretched transition needs both tempos in 20..400 BPM");
    }
    if (b_beat_scale != 1.0 && b_beat_scale != 0.5 && b_beat_scale != 2.0) {
        return plan_error("b_beat_scale", "must be 0.5, 1 or 2");
    }
    if (!(std::abs(gain_a_db) <= 24 && std::abs(gain_b_db) <= 24))
        return plan_error("gain_db", "outside -24..24 dB");
    if (!(echo_beats > 0 && echo_beats <= 4)) return plan_error("echo_beats", "outside (0, 4]");
    if (!(echo_feedback >= 0 && echo_feedback <= 0.9))
        return plan_error("echo_feedback", "outside 0..0.9");
    if (stretch) {
        if (auto s = check_curve(tempo, "tempo", 20, 400); !s) return s;
    }
    const std::pair<const DeckCurves*, const char*> decks[] = {{&a, "a"}, {&b, "b"}};
    for (const auto& [deck, name] : decks) {
        const std::pair<const Curve*, const char*> curves[] = {{&deck->gain, "gain"},
                                                               {&deck->low, "eq_low"},
                                                               {&deck->mid, "eq_mid"},
                                                               {&deck->high, "eq_high"}};
        for (const auto& [curve, cname] : curves) {
            if (auto s = check_curve(*curve, fmt::format("deck_{}.{}", name, cname), 0, 4); !s)
                return s;
        }
    }
    return Ok{};
}

Status TransitionPlan::check_cues(double duration_a_s, double duration_b_s) const {
    if (cue_out_s > duration_a_s) {
        return plan_error("cue_out", fmt::format("{} s is past the end of track_a ({:.3f} s)", cue_out_s, duration_a_s));
    }
    if (cue_in_s > duration_b_s) {
        return plan_error("cue_in", fmt::format("{} s is past the end of track_b ({:.3f} s)", cue_in_s, duration_b_s));
    }
    return Ok{};
}

nlohmann::json to_json(const TransitionPlan& plan) {
    auto deck = [](const DeckCurves& d, double gain_db) {
        return nlohmann::json{{"gain_db", gain_db},
                              {"gain", curve_json(d.gain)},
                              {"eq_low", curve_json(d.low)},
                              {"eq_mid", curve_json(d.mid)},
                              {"eq_high", curve_json(d.high)}};
    };
    nlohmann::json j{{"minidj_plan", TransitionPlan::kVersion},
                          {"cue_out", plan.cue_out_s},
                          {"cue_in", plan.cue_in_s},
                          {"bars", plan.bars},
                          {"meter", plan.meter},
                          {"bpm_a", plan.bpm_a},
                          {"bpm_b", plan.bpm_b},
                          {"b_beat_scale", plan.b_beat_scale},
                          {"style", style_name(plan.style)},
                          {"stretch", plan.stretch},
                          {"tempo", curve_json(plan.tempo)},
                          {"deck_a", deck(plan.a, plan.gain_a_db)},
                          {"deck_b", deck(plan.b, plan.gain_b_db)},
                          {"echo_beats", plan.echo_beats},
                          {"echo_feedback", plan.echo_feedback},
                          {"before", plan.before_s},
                          {"after", plan.after_s},
                          {"notes", plan.notes},
                          {"cue_out_why", plan.cue_out_why},
                          {"cue_in_why", plan.cue_in_why}};
    put_path(j, "track_a", plan.track_a);
    put_path(j, "track_b", plan.track_b);
    return j;
}

Result<TransitionPlan> plan_from_json(const nlohmann::json& json) {
    if (!json.is_object()) return plan_error("json", "expected an object");
    if (!json.contains("minidj_plan") || !json["minidj_plan"].is_number_integer()) {
        return plan_error("minidj_plan", "missing: not a minidj plan");
    }
    if (json["minidj_plan"].get<int>() > TransitionPlan::kVersion) {
        return plan_error("minidj_plan", "written by a newer minidj");
    }
    TransitionPlan plan;
    try {
        for (auto [key, track] : {std::pair{"track_a", &plan.track_a}, std::pair{"track_b", &plan.track_b}}) {
            auto path = get_path(json, key);
            if (!path) return Error{"plan: " + path.error().message};
            *track = std::move(path.value());
        }
        plan.cue_out_s = json.at("cue_out").get<double>();
        plan.cue_in_s = json.at("cue_in").get<double>();
        for (auto [key, target] : {std::pair{"bars", &plan.bars}, std::pair{"meter", &plan.meter}}) {
            if (!json.contains(key)) {
                if (target == &plan.bars) return plan_error(key, "missing");
                continue;
            }
            // get<int>() of 1e10 or 2^63 would overflow: only small whole numbers are read.
            const auto& v = json[key];
            const bool small = v.is_number_unsigned()  ? v.get<std::uint64_t>() <= 1000
                               : v.is_number_integer() ? std::abs(v.get<std::int64_t>()) <= 1000
                                                       : false;
            if (!small) {
                return plan_error(key, fmt::format("{}: expected a whole number", dump_json(v)));
            }
            *target = int(v.get<std::int64_t>());
        }
        plan.bpm_a = json.value("bpm_a", 0.0);
        plan.bpm_b = json.value("bpm_b", 0.0);
        plan.b_beat_scale = json.value("b_beat_scale", 1.0);
        const auto style = parse_mix_style(json.value("style", std::string("bass-swap")));
        if (!style) return plan_error("style", "expected bass-swap, filter, echo-out, cut or fade");
        plan.style = *style;
        plan.stretch = json.value("stretch", true);
        plan.echo_beats = json.value("echo_beats", plan.echo_beats);
        plan.echo_feedback = json.value("echo_feedback", plan.echo_feedback);
        plan.before_s = json.value("before", plan.before_s);
        plan.after_s = json.value("after", plan.after_s);
        plan.notes = json.value("notes", std::vector<std::string>{});
        plan.cue_out_why = json.value("cue_out_why", std::string());
        plan.cue_in_why = json.value("cue_in_why", std::string());
        if (json.contains("tempo")) {
            auto tempo = read_curve(json["tempo"], "tempo");
            if (!tempo) return tempo.error();
            plan.tempo = std::move(tempo.value());
        }
        const std::pair<const char*, std::pair<DeckCurves*, double*>> decks[] = {
            {"deck_a", {&plan.a, &plan.gain_a_db}}, {"deck_b", {&plan.b, &plan.gain_b_db}}};
        for (const auto& [name, target] : decks) {
            const auto& d = json.at(name);
            *target.second = d.value("gain_db", 0.0);
            const std::pair<const char*, Curve*> curves[] = {{"gain", &target.first->gain},
                                                             {"eq_low", &target.first->low},
                                                             {"eq_mid", &target.first->mid},
                                                             {"eq_high", &target.first->high}};
            for (const auto& [key, curve] : curves) {
                auto c = read_curve(d.at(key), fmt::format("{}.{}", name, key));
                if (!c) return c.error();
                *curve = std::move(c.value());
            }
        }
    } catch (const nlohmann::json::exception& e) {
        return plan_error("json", e.what());
    }
    if (auto s = plan.validate(); !s) return s.error();
    return plan;
}

}  // namespace minidj
