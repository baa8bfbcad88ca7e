#include "analysis/steady_grid.h"

#include <algorithm>
#include <cmath>

namespace minidj::analysis {
namespace {

constexpr double kPeriodSearch = 0.005;     // +-0.5 % around the tracked mean period
constexpr int kPeriodSteps = 100;           // 1e-4 relative resolution
constexpr double kCoarsePhaseStep = 0.5;    // frames
constexpr double kFinePhaseStep = 0.05;     // frames
constexpr double kKeepRatio = 0.6;  // steady tracks score 0.67-0.95 of the tracked beats, drifting ones < 0.4

// The envelope smoothed by a 3-tap kernel, so that a grid a frame off still scores.
std::vector<float> tolerant(const std::vector<float>& env) {
    std::vector<float> out(env.size(), 0.0f);
    for (std::size_t i = 0; i < env.size(); ++i) {
        const float left = i > 0 ? env[i - 1] : 0.0f, right = i + 1 < env.size() ? env[i + 1] : 0.0f;
        out[i] = 0.5f * env[i] + 0.25f * (left + right);
    }
    return out;
}

double sample(const std::vector<float>& env, double frame) {
    if (frame < 0 || frame >= double(env.size() - 1)) return 0.0;
    const auto i = std::size_t(frame);
    const double f = frame - double(i);
    return env[i] * (1 - f) + env[i + 1] * f;
}

double grid_score(const std::vector<float>& env, double first, double last, double period, double phase) {
    double sum = 0.0;
    const double start = phase + std::ceil((first - 0.5 * period - phase) / period) * period;
    for (double t = start; t <= last + 0.5 * period; t += period) sum += sample(env, t);
    return sum;
}

}  // namespace

std::optional<std::vector<double>> fit_steady_grid(const std::vector<float>& envelope,
                                                   const std::vector<double>& beats) {
    if (beats.size() < 8 || envelope.size() < 2) return std::nullopt;
    const auto env = tolerant(envelope);
    const double first = beats.front(), last = beats.back();
    // The mean interval, unlike any single one, is not quantised to whole frames.
    const double mean_interval = (last - first) / double(beats.size() - 1);

    double best_score = -1.0, best_period = mean_interval, best_phase = 0.0;
    for (int step = -kPeriodSteps / 2; step <= kPeriodSteps / 2; ++step) {
        const double period = mean_interval * (1.0 + kPeriodSearch * 2.0 * step / kPeriodSteps);
        for (double phase = 0.0; phase < period; phase += kCoarsePhaseStep) {
            const double s = grid_score(env, first, last, period, phase);
            if (s > best_score) {
                best_score = s;
                best_period = period;
                best_phase = phase;
            }
        }
    }
    for (double phase = best_phase - kCoarsePhaseStep; phase <= best_phase + kCoarsePhaseStep; phase += kFinePhaseStep) {
        const double s = grid_score(env, first, last, best_period, phase);
        if (s > best_score) {
            best_score = s;
            best_phase = phase;
        }
    }
    double tracked = 0.0;
    for (double b : beats) tracked += sample(env, b);
    // Grids may differ in beat count by one or two; compare means, not sums.
    std::vector<double> grid;
    const double start = best_phase + std::ceil((first - 0.5 * best_period - best_phase) / best_period) * best_period;
    for (double t = start; t <= last + 0.5 * best_period; t += best_period) grid.push_back(t);
    if (grid.empty()) return std::nullopt;
    const double grid_mean = best_score / double(grid.size()), tracked_mean = tracked / double(beats.size());
    if (grid_mean < kKeepRatio * tracked_mean) return std::nullopt;
    return grid;
}

}  // namespace minidj::analysis
