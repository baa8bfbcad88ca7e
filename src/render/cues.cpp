#include "render/cues.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include <fmt/format.h>

namespace minidj::render {
namespace {

// Mean energy (dB RMS) of a track over [t0, t1), from its per-second energy curve.
double energy_db(const TrackAnalysis& t, double t0, double t1) {
    const auto& e = t.energy_curve;
    if (e.empty()) return -60.0;
    const auto lo = std::size_t(std::clamp(t0, 0.0, double(e.size() - 1)));
    const auto hi = std::size_t(std::clamp(t1, double(lo + 1), double(e.size())));
    double sum = 0.0;
    for (std::size_t i = lo; i < hi; ++i) sum += double(e[i]) * e[i];
    return 10.0 * std::log10(sum / double(hi - lo) + 1e-12);
}

// How unsteady a track is over [t0, t1): the spread (dB) of its per-second energy there. A
// transition laid over a breakdown or a build swings in loudness whatever the faders do.
double energy_spread_db(const TrackAnalysis& t, double t0, double t1) {
    const auto& e = t.energy_curve;
    if (e.empty()) return 0.0;
    const auto lo = std::size_t(std::clamp(t0, 0.0, double(e.size() - 1)));
    const auto hi = std::size_t(std::clamp(t1, double(lo + 1), double(e.size())));
    double sum = 0.0, sum2 = 0.0;
    for (std::size_t i = lo; i < hi; ++i) {
        const double db = 20.0 * std::log10(double(e[i]) + 1e-6);
        sum += db;
        sum2 += db * db;
    }
    const double n = double(hi - lo);
    return std::sqrt(std::max(0.0, sum2 / n - (sum / n) * (sum / n)));
}

const SongSection* section_at(const TrackStructure& s, double t) {
    for (const SongSection& x : s.sections) {
        if (x.start_s <= t + 1e-6 && t < x.end_s - 1e-6) return &x;
    }
    return nullptr;
}

// Whether a drop (or chorus) of `s` sounds for more than a bar within [t0, t1).
bool drop_within(const TrackStructure& s, double t0, double t1, double bar_s) {
    for (const SongSection& x : s.sections) {
        if (is_peak(x.label) && std::min(t1, x.end_s) - std::max(t0, x.start_s) > bar_s + 1e-6) return true;
    }
    return false;
}

// A track's first drop (or chorus), if it has one.
const SongSection* first_drop(const TrackStructure& s) {
    for (const SongSection& x : s.sections) {
        if (is_peak(x.label)) return &x;
    }
    return nullptr;
}

double median_period(const BeatGrid& grid) { return grid.bpm > 0 ? 60.0 / grid.bpm : 0.5; }


}  // namespace

std::vector<double> phrase_starts_in(const TrackAnalysis& t, double lo, double hi) {
    for (int phrase : {kPhraseBars, 4, 1}) {
        std::vector<double> out;
        for (double p : phrase_starts(t.structure.sections, t.grid.downbeats, phrase)) {
            if (p >= std::max(lo, 0.0) && p <= hi) out.push_back(p);
        }
        if (!out.empty()) return out;
    }
    return {};
}

std::vector<double> overlap_beats(const BeatGrid& grid, double start_s, int count, double scale) {
    const auto& beats = grid.beats;
    if (beats.size() < 2 || count < 0) return {};
    // Index of the beat nearest start_s.
    const auto it = std::lower_bound(beats.begin(), beats.end(), start_s);
    std::size_t i = std::size_t(it - beats.begin());
    if (i == beats.size() || (i > 0 && start_s - beats[i - 1] < beats[i] - start_s))
        i = i ? i - 1 : 0;
    const double last_period = beats.back() - beats[beats.size() - 2];
    auto beat_at = [&](double index) {  // fractional index; extrapolated past the end
        const double n = double(beats.size() - 1);
        if (index >= n) return beats.back() + (index - n) * last_period;
        const auto k = std::size_t(index);
        return beats[k] + (index - double(k)) * (beats[k + 1] - beats[k]);
    };
    std::vector<double> out;
    out.reserve(std::size_t(count) + 1);
    for (int k = 0; k <= count; ++k) out.push_back(beat_at(double(i) + double(k) / scale));
    return out;
}

double first_downbeat(const BeatGrid& grid, double fallback) {
    const auto it = std::lower_bound(grid.downbeats.begin(), grid.downbeats.end(), 0.0);
    return it == grid.downbeats.end() ? fallback : *it;
}

double snap_to_downbeat(const BeatGrid& grid, double t) {
    const auto& d = grid.downbeats;
    const auto start = std::lower_bound(d.begin(), d.end(), 0.0);  // none before the audio
    if (start == d.end()) return std::max(t, 0.0);
    const auto it = std::lower_bound(start, d.end(), t);
    if (it == d.end()) return d.back();
    if (it != start && t - *(it - 1) < *it - t) return *(it - 1);
    return *it;
}

namespace {

constexpr double kSuggestedCueBonus = 4.0;  // the structure's own mix-out / mix-in (about 4 dB of energy mismatch)
constexpr double kSectionBonus = 2.0;       // A leaving from its outro, B entering in its intro
constexpr double kDropClashPenalty = 30.0;  // two drops over each other: only when nothing else fits
constexpr double kDropMissPerBar = 1.0;     // B's first drop a bar away from the overlap's end
constexpr double kDropMissBars = 16.0;      // beyond this far it no longer matters how far

// A candidate overlap: the cues, its length in each track's seconds, and a bar of each.
struct Overlap {
    double out_s, in_s, len_a, len_b, bar_a, bar_b;
};

bool is_cue(const std::optional<CuePoint>& cue, double t) { return cue && std::fabs(cue->time_s - t) < 1e-6; }

bool drops_clash(const TrackAnalysis& a, const TrackAnalysis& b, const Overlap& o) {
    return drop_within(a.structure, o.out_s, o.out_s + o.len_a, o.bar_a) &&
           drop_within(b.structure, o.in_s, o.in_s + o.len_b, o.bar_b);
}

// What the structure says about an overlap: the suggested cues, A in its outro, B in its intro,
// B's first drop landing where the overlap (and so A) ends, and never two drops at once.
double structure_score(const TrackAnalysis& a, const TrackAnalysis& b, const Overlap& o) {
    double score = 0.0;
    if (is_cue(a.structure.mix_out, o.out_s)) score += kSuggestedCueBonus;
    if (is_cue(b.structure.mix_in, o.in_s)) score += kSuggestedCueBonus;
    if (const SongSection* x = section_at(a.structure, o.out_s); x && x->label == SectionLabel::kOutro) score += kSectionBonus;
    if (const SongSection* x = section_at(b.structure, o.in_s); x && x->label == SectionLabel::kIntro) score += kSectionBonus;
    if (const SongSection* drop = first_drop(b.structure)) {
        score -= kDropMissPerBar * std::min(kDropMissBars, std::fabs(o.in_s + o.len_b - drop->start_s) / o.bar_b);
    }
    if (drops_clash(a, b, o)) score -= kDropClashPenalty;
    return score;
}

// Energy: A's and B's parts as close in energy as possible, each steady, A not rising; late
// in A, early in B.
double energy_score(const TrackAnalysis& a, const TrackAnalysis& b, const Overlap& o) {
    const double e_out = energy_db(a, o.out_s, o.out_s + o.len_a);
    const double rise = e_out - energy_db(a, o.out_s - o.len_a, o.out_s);  // A should fall or stay steady
    const double e_in = energy_db(b, o.in_s, o.in_s + o.len_b);
    return -std::abs(e_out - e_in) - 2.0 * std::max(0.0, rise - 1.0) -
           1.0 * (energy_spread_db(a, o.out_s, o.out_s + o.len_a) + energy_spread_db(b, o.in_s, o.in_s + o.len_b)) +
           3.0 * o.out_s / std::max(1.0, a.duration_s) - 3.0 * o.in_s / std::max(1.0, b.duration_s);
}

// The structure's reason for a suggested cue, else the section the phrase lies in.
std::string cue_reason(const TrackStructure& s, const std::optional<CuePoint>& suggested, double t) {
    if (is_cue(suggested, t)) return suggested->reason;
    if (const SongSection* x = section_at(s, t)) {
        return fmt::format("a phrase in its {} (from {})", section_label_name(x->label), clock_time(x->start_s));
    }
    return "a phrase start";
}

std::string in_reason(const TrackAnalysis& b, const Overlap& o) {
    std::string why = cue_reason(b.structure, b.structure.mix_in, o.in_s);
    if (const SongSection* drop = first_drop(b.structure)) {
        const double miss = o.in_s + o.len_b - drop->start_s;
        const std::string name = section_label_name(drop->label);
        why += std::fabs(miss) < 0.05 * o.len_b
                   ? fmt::format("; its first {} ({}) lands as the overlap ends", name, clock_time(drop->start_s))
                   : fmt::format("; its first {} ({}) comes {:.0f} s {} the overlap ends", name,
                                 clock_time(drop->start_s), std::fabs(miss), miss > 0 ? "before" : "after");
    }
    return why;
}

}  // namespace

CuePair choose_cues(const TrackAnalysis& a, const TrackAnalysis& b, int beats, double b_scale,
                    std::optional<double> out_at, std::optional<double> in_at) {
    const double len_a = beats * median_period(a.grid);            // overlap, A seconds
    const double len_b = beats * median_period(b.grid) / b_scale;  // overlap, B seconds
    std::vector<double> outs, ins;
    if (out_at) {
        outs = {snap_to_downbeat(a.grid, *out_at)};
    } else {
        const double end = a.duration_s - len_a;
        outs = phrase_starts_in(a, 0.4 * a.duration_s, end);
        if (outs.empty()) outs = phrase_starts_in(a, 0.0, end);
        if (outs.empty()) outs = {first_downbeat(a.grid, std::max(0.0, end))};
    }
    if (in_at) {
        ins = {snap_to_downbeat(b.grid, *in_at)};
    } else {
        // B enters near its start and no later than its first drop: a mix that skips B's first
        // drop into a breakdown starts B in its middle.
        const SongSection* drop = first_drop(b.structure);
        const double latest = std::min(std::max(0.35 * b.duration_s, first_downbeat(b.grid, 0.0)),
                                       drop ? drop->start_s : b.duration_s);
        ins = phrase_starts_in(b, 0.0, std::min(latest + 1e-6, b.duration_s - len_b));
        if (ins.empty()) ins = {first_downbeat(b.grid, 0.0)};
    }
    const double bar_a = median_period(a.grid) * std::max(1, a.grid.meter);
    const double bar_b = median_period(b.grid) / b_scale * std::max(1, b.grid.meter);
    Overlap best{outs.back(), ins.front(), len_a, len_b, bar_a, bar_b};
    double best_score = -std::numeric_limits<double>::infinity();
    for (double o : outs) {
        for (double i : ins) {
            const Overlap candidate{o, i, len_a, len_b, bar_a, bar_b};
            const double score = energy_score(a, b, candidate) + structure_score(a, b, candidate);
            if (score > best_score) {
                best_score = score;
                best = candidate;
            }
        }
    }
    CuePair out{best.out_s, best.in_s,
                out_at ? "given (--out-at)" : cue_reason(a.structure, a.structure.mix_out, best.out_s),
                in_at ? "given (--in-at)" : in_reason(b, best), drops_clash(a, b, best)};
    return out;
}

}  // namespace minidj::render
