#include "analysis/beat_tracker.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "analysis/frame_grid.h"

namespace minidj::analysis {
namespace {

constexpr double kTightness = 400.0;       // weight of the period penalty (Ellis' alpha)
constexpr int kSmoothingBeats = 8;         // half-width of the local linear fit, in beats
constexpr double kMaxResidualFrames = 2.5; // beats further than this from the fit are kept raw
constexpr int kAlignSteps = 40;            // alignment search: +-40 steps of 0.1 frame
constexpr double kAlignStepFrames = 0.1;
constexpr int kOffbeatRadius = 3;          // frames searched around a midpoint (swing moves it)
constexpr double kOffbeatRatio = 0.75;     // off-beats this strong make them beats too
constexpr double kLevelWindowBeats = 16;   // window of the steady-grid test, in beats

std::vector<double> dynamic_programme(const std::vector<float>& env, double period) {
    const auto n = std::ptrdiff_t(env.size());
    const auto min_step = std::ptrdiff_t(std::floor(period * 0.5));
    const auto max_step = std::ptrdiff_t(std::ceil(period * 2.0));
    std::vector<double> penalty(std::size_t(max_step + 1), 0.0);
    for (std::ptrdiff_t d = min_step; d <= max_step; ++d) {
        const double r = std::log(double(d) / period);
        penalty[std::size_t(d)] = kTightness * r * r;
    }
    std::vector<double> score(std::size_t(n), 0.0);
    std::vector<std::ptrdiff_t> back(std::size_t(n), -1);
    for (std::ptrdiff_t t = 0; t < n; ++t) {
        double best = 0.0;  // starting a new sequence here scores only the local onset
        std::ptrdiff_t from = -1;
        for (std::ptrdiff_t d = min_step; d <= max_step && d <= t; ++d) {
            const double s = score[std::size_t(t - d)] - penalty[std::size_t(d)];
            if (s > best) {
                best = s;
                from = t - d;
            }
        }
        score[std::size_t(t)] = env[std::size_t(t)] + best;
        back[std::size_t(t)] = from;
    }
    // End on the best-scoring frame within the last period, then follow the links back.
    std::ptrdiff_t end = n - 1;
    for (std::ptrdiff_t t = std::max<std::ptrdiff_t>(0, n - std::ptrdiff_t(period)); t < n; ++t) {
        if (score[std::size_t(t)] > score[std::size_t(end)]) end = t;
    }
    std::vector<double> beats;
    for (std::ptrdiff_t t = end; t >= 0; t = back[std::size_t(t)]) beats.push_back(double(t));
    std::reverse(beats.begin(), beats.end());
    return beats;
}

// Drops beats in the silent (onset-free) lead-in and tail of the track.
void trim_silent_ends(std::vector<double>& beats, const std::vector<float>& env, double period) {
    const auto strong = [&](double b) {
        const auto lo = std::size_t(std::max(0.0, b - period / 2));
        const auto hi = std::min(env.size(), std::size_t(b + period / 2) + 1);
        for (std::size_t i = lo; i < hi; ++i) {
            if (env[i] > 1.0f) return true;
        }
        return false;
    };
    while (!beats.empty() && !strong(beats.front())) beats.erase(beats.begin());
    while (!beats.empty() && !strong(beats.back())) beats.pop_back();
}

// Replaces each beat by a local linear fit of beat index -> frame over nearby beats, unless
// the beat is far from that fit (a real tempo change, which is kept as tracked).
std::vector<double> smooth_beats(const std::vector<double>& beats) {
    const auto n = std::ptrdiff_t(beats.size());
    std::vector<double> out(beats);
    for (std::ptrdiff_t i = 0; i < n; ++i) {
        const std::ptrdiff_t lo = std::max<std::ptrdiff_t>(0, i - kSmoothingBeats);
        const std::ptrdiff_t hi = std::min<std::ptrdiff_t>(n - 1, i + kSmoothingBeats);
        if (hi - lo < 3) continue;
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (std::ptrdiff_t j = lo; j <= hi; ++j) {
            const double x = double(j - i), y = beats[std::size_t(j)];
            sx += x; sy += y; sxx += x * x; sxy += x * y;
        }
        const double m = double(hi - lo + 1);
        const double slope = (m * sxy - sx * sy) / (m * sxx - sx * sx);
        const double fitted = (sy - slope * sx) / m;  // value at x = 0
        if (std::abs(fitted - beats[std::size_t(i)]) < kMaxResidualFrames) out[std::size_t(i)] = fitted;
    }
    return out;
}

// Envelope peak near a (fractional) frame.
double peak_near(const std::vector<float>& env, double frame) {
    const auto c = std::ptrdiff_t(std::lround(frame));
    float best = 0.0f;
    for (std::ptrdiff_t i = c - kOffbeatRadius; i <= c + kOffbeatRadius; ++i) {
        if (i >= 0 && std::size_t(i) < env.size()) best = std::max(best, env[std::size_t(i)]);
    }
    return double(best);
}

// Onset strength on the beats and on the off-beats (midpoints) of a steady grid at `period`,
// summed over windows of kLevelWindowBeats beats; each window finds its own best phase, so a
// drifting tempo does not smear the grid.
std::pair<double, double> beat_and_offbeat_strength(const std::vector<float>& env, double period) {
    double on = 0.0, off = 0.0;
    const double window = kLevelWindowBeats * period;
    for (double start = 0.0; start + window <= double(env.size()); start += window / 2) {
        double best = -1.0, best_off = 0.0;
        for (double phase = 0.0; phase < period; phase += 1.0) {
            double sum = 0.0, sum_off = 0.0;
            for (double t = start + phase; t < start + window; t += period) {
                sum += peak_near(env, t);
                sum_off += peak_near(env, t + period / 2);
            }
            if (sum > best) {
                best = sum;
                best_off = sum_off;
            }
        }
        on += best;
        off += best_off;
    }
    return {on, off};
}

}  // namespace

double choose_metrical_level(const std::vector<float>& envelope, double bpm, double max_bpm) {
    if (bpm <= 0 || 2 * bpm > max_bpm) return bpm;
    const auto [on, off] = beat_and_offbeat_strength(envelope, 60.0 * kFramesPerSecond / bpm);
    return on > 0 && off >= kOffbeatRatio * on ? 2 * bpm : bpm;
}

void align_beats_to_attacks(std::vector<double>& beats, const std::vector<float>& env) {
    if (beats.empty() || env.size() < 2) return;
    const auto value = [&](double frame) {
        if (frame < 0 || frame >= double(env.size() - 1)) return 0.0;
        const auto i = std::size_t(frame);
        const double f = frame - double(i);
        return env[i] * (1 - f) + env[i + 1] * f;
    };
    double best_shift = 0.0, best_score = -1.0;
    for (int step = -kAlignSteps; step <= kAlignSteps; ++step) {
        const double shift = step * kAlignStepFrames;
        double score = 0.0;
        for (double b : beats) score += value(b + shift);
        // Prefer the smallest shift among equals, so a flat envelope moves nothing.
        if (score > best_score + 1e-9 || (std::abs(score - best_score) <= 1e-9 && std::abs(shift) < std::abs(best_shift))) {
            best_score = score;
            best_shift = shift;
        }
    }
    for (double& b : beats) b += best_shift;
}

std::vector<double> track_beats(const std::vector<float>& envelope, double bpm) {
    if (bpm <= 0 || envelope.empty()) return {};
    const double period = 60.0 * kFramesPerSecond / bpm;
    auto beats = dynamic_programme(envelope, period);
    trim_silent_ends(beats, envelope, period);
    if (beats.size() < 4) return {};
    return smooth_beats(beats);
}

}  // namespace minidj::analysis
