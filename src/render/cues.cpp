#include "render/cues.h"

#include <algorithm>
#include <cmath>
#include <limits>

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

// Downbeats that start a phrase (index a multiple of `phrase` bars) and satisfy `fits`; the
// phrase length halves down to single bars when none does. A downbeat the grid places before
// the audio starts (the onset latency can put the first one a few ms before 0) is no cue.
template <class Fits>
std::vector<double> phrase_starts(const BeatGrid& grid, Fits fits) {
    for (int phrase : {8, 4, 1}) {
        std::vector<double> out;
        for (std::size_t i = 0; i < grid.downbeats.size(); i += std::size_t(phrase)) {
            if (grid.downbeats[i] >= 0 && fits(grid.downbeats[i])) out.push_back(grid.downbeats[i]);
        }
        if (!out.empty()) return out;
    }
    return {};
}

double median_period(const BeatGrid& grid) { return grid.bpm > 0 ? 60.0 / grid.bpm : 0.5; }


}  // namespace

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

CuePair choose_cues(const TrackAnalysis& a, const TrackAnalysis& b, int beats, double b_scale,
                    std::optional<double> out_at, std::optional<double> in_at) {
    const double len_a = beats * median_period(a.grid);            // overlap, A seconds
    const double len_b = beats * median_period(b.grid) / b_scale;  // overlap, B seconds
    std::vector<double> outs, ins;
    if (out_at) {
        outs = {snap_to_downbeat(a.grid, *out_at)};
    } else {
        const double end = a.duration_s - len_a;
        outs = phrase_starts(a.grid, [&](double t) { return t >= 0.4 * a.duration_s && t <= end; });
        if (outs.empty()) outs = phrase_starts(a.grid, [&](double t) { return t <= end; });
        if (outs.empty()) outs = {first_downbeat(a.grid, std::max(0.0, end))};
    }
    if (in_at) {
        ins = {snap_to_downbeat(b.grid, *in_at)};
    } else {
        const double latest = std::max(0.35 * b.duration_s, first_downbeat(b.grid, 0.0));
        ins = phrase_starts(b.grid,
                            [&](double t) { return t <= latest && t + len_b <= b.duration_s; });
        if (ins.empty()) ins = {first_downbeat(b.grid, 0.0)};
    }
    CuePair best{outs.back(), ins.front()};
    double best_score = -std::numeric_limits<double>::infinity();
    for (double o : outs) {
        const double e_out = energy_db(a, o, o + len_a);
        const double rise = e_out - energy_db(a, o - len_a, o);  // A should fall or stay steady
        const double unsteady_out = energy_spread_db(a, o, o + len_a);
        for (double i : ins) {
            const double e_in = energy_db(b, i, i + len_b);
            const double score = -std::abs(e_out - e_in) - 2.0 * std::max(0.0, rise - 1.0) -
                                 1.0 * (unsteady_out + energy_spread_db(b, i, i + len_b)) +
                                 3.0 * o / std::max(1.0, a.duration_s) -
                                 3.0 * i / std::max(1.0, b.duration_s);
            if (score > best_score) {
                best_score = score;
                best = {o, i};
            }
        }
    }
    return best;
}

}  // namespace minidj::render
