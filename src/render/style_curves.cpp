#include "render/style_curves.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace minidj::render {
namespace {

constexpr double kHalfPi = std::numbers::pi / 2.0;

// An equal-power fade sampled every beat over [from, to]: cos (out) or sin (in) of the
// position, so the summed power of two uncorrelated decks stays constant.
Curve equal_power(double from, double to, bool fade_in) {
    Curve c;
    const int steps = std::max(1, int(std::lround(to - from)));
    for (int i = 0; i <= steps; ++i) {
        const double u = double(i) / steps;
        c.push_back(
            {from + u * (to - from), fade_in ? std::sin(kHalfPi * u) : std::cos(kHalfPi * u)});
    }
    return c;
}

Curve constant(double v) { return {{0.0, v}}; }
Curve step(double at, double ramp, double from, double to) { return {{at - ramp, from}, {at, to}}; }

// Estimated power of a deck through its EQ at `beat` (1 with flat bands).
double eq_power(const DeckCurves& d, const BandShares& s, double beat) {
    const double l = evaluate(d.low, beat), m = evaluate(d.mid, beat), h = evaluate(d.high, beat);
    return l * l * s.low + m * m * s.mid + h * h * s.high;
}

// Solves the faders of a beat-matched style (see the header) on every beat and around the
// swap, where the EQ moves.
void solve_faders(TransitionPlan& plan, const DeckProfile& pa, const DeckProfile& pb, double swap,
                  double ramp) {
    const int k = plan.overlap_beats();
    auto power = [](const DeckProfile& p, double beat) {
        if (p.level_db.empty()) return 1.0;
        const auto i = std::size_t(std::clamp(std::lround(beat), 0L, long(p.level_db.size() - 1)));
        return std::pow(10.0, p.level_db[i] / 10.0);
    };
    const double start_db = 10 * std::log10(power(pa, 0)), end_db = 10 * std::log10(power(pb, k));
    // A fill rides within +-3 dB of unity: it evens out loudness, it never drops a deck that the
    // style keeps in (a loud passage of the other deck must not silence it).
    constexpr double kMaxFill = 1.4125, kMinFill = 0.7079;
    std::vector<double> at;
    for (int i = 0; i <= k; ++i) at.push_back(i);
    at.push_back(swap - ramp);
    std::sort(at.begin(), at.end());
    at.erase(std::unique(at.begin(), at.end()), at.end());
    Curve ga, gb;
    for (double beat : at) {
        const double target = std::pow(10.0, (start_db + (end_db - start_db) * beat / k) / 10.0);
        const double qa = std::max(1e-3, eq_power(plan.a, pa.shares, beat) * power(pa, beat));
        const double qb = std::max(1e-3, eq_power(plan.b, pb.shares, beat) * power(pb, beat));
        double a = 0, b = 0;
        if (beat < swap) {
            b = std::sin(kHalfPi * std::min(1.0, beat / std::max(1.0, swap - ramp)));
            a = std::sqrt(
                std::clamp((target - b * b * qb) / qa, kMinFill * kMinFill, kMaxFill * kMaxFill));
        } else {
            a = std::cos(kHalfPi * std::min(1.0, (beat - swap) / std::max(1.0, k - swap)));
            b = std::sqrt(
                std::clamp((target - a * a * qa) / qb, kMinFill * kMinFill, kMaxFill * kMaxFill));
        }
        ga.push_back({beat, a});
        gb.push_back({beat, b});
    }
    ga.front().value = 1.0;  // A as it was before the overlap
    ga.back().value = 0.0;   // A is gone at the end, B fully in at its own level
    gb.back().value = 1.0;
    plan.a.gain = std::move(ga);
    plan.b.gain = std::move(gb);
}

}  // namespace

BandShares band_shares(const TrackAnalysis& track, double from_s, double to_s) {
    const auto& f = track.beat_features;
    const auto& beats = track.grid.beats;
    double low = 0, mid = 0, high = 0;
    for (std::size_t i = 0; i < beats.size() && i < f.rows(); ++i) {
        if (beats[i] < from_s || beats[i] >= to_s) continue;
        low += 1.0 * std::pow(10.0, f.at(i, BeatFeatures::kLow) / 10.0);
        mid += std::pow(10.0, f.at(i, BeatFeatures::kMid) / 10.0);
        high += 1.5 * std::pow(10.0, f.at(i, BeatFeatures::kHigh) / 10.0);
    }
    const double total = low + mid + high;
    if (!(total > 0) || !std::isfinite(total)) return {};
    return {low / total, mid / total, high / total};
}

std::vector<double> levels_at(const TrackAnalysis& track, const std::vector<double>& times,
                              double gain_db, double reference_lufs) {
    const auto& st = track.loudness.short_term_lufs;  // window ending at second i + 1
    std::vector<double> out;
    for (double t : times) {
        if (st.empty()) {
            out.push_back(0.0);
            continue;
        }
        const auto i = std::size_t(std::clamp(std::lround(t + 0.5), 0L, long(st.size() - 1)));
        out.push_back(std::max(double(st[i]), -40.0 + reference_lufs) + gain_db - reference_lufs);
    }
    return out;
}

Curve tempo_ramp(double from_bpm, double to_bpm, int beats) {
    Curve c;
    for (int k = 0; k <= beats; ++k) {
        const double u = beats ? double(k) / beats : 1.0;
        c.push_back({double(k), from_bpm + (to_bpm - from_bpm) *
                                               (0.5 - 0.5 * std::cos(std::numbers::pi * u))});
    }
    return c;
}

void draw_style_curves(TransitionPlan& plan, const DeckProfile& sa, const DeckProfile& sb) {
    const double k = plan.overlap_beats();
    const double m = plan.meter;
    // The middle downbeat: the bass swap and the turn of the filter sweeps.
    const double swap = std::floor(plan.bars / 2.0) * m;
    const double ramp = 0.25;  // beats: short enough to sound like a swap, long enough not to click
    auto& a = plan.a;
    auto& b = plan.b;
    switch (plan.style) {
        case MixStyle::kBassSwap:
            a = {{}, step(swap, ramp, 1, 0), constant(1), constant(1)};
            b = {{}, step(swap, ramp, 0, 1), constant(1), constant(1)};
            solve_faders(plan, sa, sb, swap, ramp);
            break;
        case MixStyle::kFilter:
            // B's mids open over the first half while A's close over the second (a sweep of
            // the upper bands); the basses cross with equal power over the bar before the
            // middle downbeat, so the low end never doubles and never drops out.
            a = {{}, equal_power(swap - m, swap, false), equal_power(swap, k, false), constant(1)};
            b = {{}, equal_power(swap - m, swap, true), equal_power(0, swap, true), constant(1)};
            solve_faders(plan, sa, sb, swap, ramp);
            break;
        case MixStyle::kEchoOut:
            // A's dry signal stops on the cue downbeat (its last bar already feeds the echo);
            // B fades in over the first bar while the echo tail decays.
            a = {step(0, 0.02, 1, 0), constant(1), constant(1), constant(1)};
            b = {equal_power(0, m, true), constant(1), constant(1), constant(1)};
            break;
        case MixStyle::kCut:
            a = {step(0, 0.02, 1, 0), constant(1), constant(1), constant(1)};
            b = {step(0, 0.02, 0, 1), constant(1), constant(1), constant(1)};
            break;
        case MixStyle::kFade:
            a = {equal_power(0, k, false), constant(1), constant(1), constant(1)};
            b = {equal_power(0, k, true), constant(1), constant(1), constant(1)};
            break;
    }
}

}  // namespace minidj::render
