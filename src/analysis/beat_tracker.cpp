#include "analysis/beat_tracker.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "analysis/envelope_peak.h"
#include "analysis/frame_grid.h"
#include "analysis/steady_grid.h"

namespace minidj::analysis {
namespace {

constexpr double kTightness = 400.0;       // weight of the period penalty (Ellis' alpha)
constexpr int kSmoothingBeats = 8;         // half-width of the local linear fit, in beats
constexpr double kMaxResidualFrames = 2.5; // beats further than this from the fit are kept raw
constexpr int kAlignSteps = 40;            // alignment search: +-40 steps of 0.1 frame
constexpr double kAlignStepFrames = 0.1;
constexpr int kPeakRadius = 3;            // frames searched around a beat or an off-beat (swing moves it)
constexpr double kOffbeatRatio = 0.75;     // off-beats this strong make them beats too
constexpr double kAccentContrast = 1.5;  // accents this much above the off-beats make a backbeat
constexpr double kMaxDoubledBpm = 180.0;   // half-time feel (drum & bass, jungle) tops out here
constexpr double kLevelWindowBeats = 16;   // window of the steady-grid test, in beats

// `log_period[t]`: log of the expected beat period (frames) at frame t.
std::vector<double> dynamic_programme(const std::vector<float>& env, const std::vector<double>& log_period) {
    const auto n = std::ptrdiff_t(env.size());
    const double longest = std::exp(*std::max_element(log_period.begin(), log_period.end()));
    std::vector<double> log_step(std::size_t(std::ceil(longest * 2.0)) + 2, 0.0);
    for (std::size_t d = 1; d < log_step.size(); ++d) log_step[d] = std::log(double(d));
    std::vector<double> score(std::size_t(n), 0.0);
    std::vector<std::ptrdiff_t> back(std::size_t(n), -1);
    for (std::ptrdiff_t t = 0; t < n; ++t) {
        double best = 0.0;  // starting a new sequence here scores only the local onset
        std::ptrdiff_t from = -1;
        const double lp = log_period[std::size_t(t)];
        const double period = std::exp(lp);
        const auto min_step = std::max<std::ptrdiff_t>(1, std::ptrdiff_t(std::floor(period * 0.5)));
        const auto max_step = std::ptrdiff_t(std::ceil(period * 2.0));
        for (std::ptrdiff_t d = min_step; d <= max_step && d <= t; ++d) {
            const double r = log_step[std::size_t(d)] - lp;
            const double s = score[std::size_t(t - d)] - kTightness * r * r;
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
    for (std::ptrdiff_t t = std::max<std::ptrdiff_t>(0, n - std::ptrdiff_t(std::exp(log_period.back()))); t < n; ++t) {
        if (score[std::size_t(t)] > score[std::size_t(end)]) end = t;
    }
    std::vector<double> beats;
    for (std::ptrdiff_t t = end; t >= 0; t = back[std::size_t(t)]) beats.push_back(double(t));
    std::reverse(beats.begin(), beats.end());
    return beats;
}

// Drops beats at the start and end that do not sit on an onset: the tracker carries on
// through a silent lead-in or a decaying tail, where the music has no beat.
void trim_silent_ends(std::vector<double>& beats, const std::vector<float>& env) {
    const auto strong = [&](double b) {
        const auto lo = std::size_t(std::max(0.0, b - kPeakRadius));
        const auto hi = std::min(env.size(), std::size_t(b + kPeakRadius) + 1);
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

// Attack and bass onset strength on the beats and on the off-beats (midpoints) of a steady
// grid at `period` whose phase follows `phase_by` (the bass, or the attacks): summed over
// windows of kLevelWindowBeats beats, each with its own best phase, so a drifting tempo does
// not smear the grid.
struct GridStrength {
    double attack_on = 0, attack_off = 0, bass_on = 0, bass_off = 0;
    GridStrength& operator+=(const GridStrength& o) {
        attack_on += o.attack_on, attack_off += o.attack_off, bass_on += o.bass_on, bass_off += o.bass_off;
        return *this;
    }
};

GridStrength grid_strength(const std::vector<float>& attack, const std::vector<float>& bass, double period,
                           const std::vector<float>& phase_by) {
    GridStrength total;
    const double window = kLevelWindowBeats * period;
    for (double start = 0.0; start + window <= double(attack.size()); start += window / 2) {
        double best = -1.0;
        GridStrength best_sums;
        for (double phase = 0.0; phase < period; phase += 1.0) {
            double guide = 0.0;
            GridStrength sums;
            for (double t = start + phase; t < start + window; t += period) {
                guide += peak_near(phase_by, t, kPeakRadius);
                sums.attack_on += peak_near(attack, t, kPeakRadius);
                sums.attack_off += peak_near(attack, t + period / 2, kPeakRadius);
                sums.bass_on += peak_near(bass, t, kPeakRadius);
                sums.bass_off += peak_near(bass, t + period / 2, kPeakRadius);
            }
            if (guide > best) {
                best = guide;
                best_sums = sums;
            }
        }
        total += best_sums;
    }
    return total;
}

// Per frame, the log of the median beat period of the nearby beats.
std::vector<double> local_log_period(const std::vector<double>& beats, std::size_t frames) {
    std::vector<double> out(frames);
    std::vector<double> window;
    std::size_t beat = 0;
    for (std::size_t t = 0; t < frames; ++t) {
        while (beat + 1 < beats.size() && beats[beat + 1] < double(t)) ++beat;
        const std::size_t lo = beat > std::size_t(kSmoothingBeats) ? beat - std::size_t(kSmoothingBeats) : 0;
        const std::size_t hi = std::min(beats.size() - 1, beat + std::size_t(kSmoothingBeats));
        window.clear();
        for (std::size_t i = lo; i < hi; ++i) window.push_back(beats[i + 1] - beats[i]);
        std::nth_element(window.begin(), window.begin() + std::ptrdiff_t(window.size() / 2), window.end());
        out[t] = std::log(window[window.size() / 2]);
    }
    return out;
}

}  // namespace

double choose_metrical_level(const std::vector<float>& envelope, const std::vector<float>& bass_envelope, double bpm,
                             double max_bpm) {
    if (bpm <= 0 || 2 * bpm > std::min(max_bpm, kMaxDoubledBpm)) return bpm;
    const double period = 60.0 * kFramesPerSecond / bpm;
    // Off-beats as strong as the beats, on a grid phased by the kicks: the beats are eighths.
    const auto by_bass = grid_strength(envelope, bass_envelope, period, bass_envelope);
    if (by_bass.attack_on > 0 && by_bass.attack_off >= kOffbeatRatio * by_bass.attack_on) return 2 * bpm;
    // A backbeat: on a grid phased by the accents, the kicks fall between them. Those accents
    // are snares on 2 and 4 of the doubled tempo (drum & bass with a syncopated kick, whose
    // strongest bass onset is not on a beat, passes only this test).
    const auto by_accent = grid_strength(envelope, bass_envelope, period, envelope);
    const bool clear_accents = by_accent.attack_on >= kAccentContrast * by_accent.attack_off;
    if (clear_accents && by_accent.bass_off > by_accent.bass_on) return 2 * bpm;
    return bpm;
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
    auto beats = dynamic_programme(envelope, std::vector<double>(envelope.size(), std::log(period)));
    trim_silent_ends(beats, envelope);
    if (beats.size() < 4) return {};
    // Second pass: expect the local tempo of the first pass rather than the global one, so
    // weak passages of a drifting track continue the tempo around them.
    beats = dynamic_programme(envelope, local_log_period(smooth_beats(beats), envelope.size()));
    trim_silent_ends(beats, envelope);
    if (beats.size() < 4) return {};
    if (auto grid = fit_steady_grid(envelope, beats)) return *grid;
    return smooth_beats(beats);
}

}  // namespace minidj::analysis
