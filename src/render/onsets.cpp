#include "render/onsets.h"

#include "render/eq.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace minidj::render {

OnsetEnvelope::OnsetEnvelope(const float* stereo, std::size_t frames, int sample_rate,
                             double start_s)
    : sample_rate_(sample_rate), start_s_(start_s) {
    const std::size_t hops = frames / kHop;
    // Energy of the first difference: it weights each frequency by itself, so an attack's
    // broadband click stands out and a kick's or bass's low body (whose energy per hop swings
    // with its waveform's phase) does not.
    std::vector<double> raw(hops);
    double previous = frames ? 0.5 * (double(stereo[0]) + stereo[1]) : 0.0;
    for (std::size_t h = 0; h < hops; ++h) {
        double e = 0.0;
        for (std::size_t i = h * kHop; i < (h + 1) * kHop; ++i) {
            const double m = 0.5 * (double(stereo[2 * i]) + stereo[2 * i + 1]);
            e += (m - previous) * (m - previous);
            previous = m;
        }
        raw[h] = e;
    }
    energy_.resize(hops);
    for (std::size_t h = 0; h < hops; ++h) {
        // Amplitude, not energy: a squared scale lets a loud tail outrank the attack before it.
        energy_[h] = std::sqrt(raw[h] + (h ? raw[h - 1] : 0.0) + (h + 1 < hops ? raw[h + 1] : 0.0));
    }
}

double OnsetEnvelope::level_at(double t) const {
    const double x = (t - start_s_) / hop_s() - 0.5;
    const long h = long(std::floor(x));
    auto at = [&](long i) {
        return i < 0 || i >= long(energy_.size()) ? 0.0 : energy_[std::size_t(i)];
    };
    const double f = x - double(h);
    return (1.0 - f) * at(h) + f * at(h + 1);
}

namespace {

// Log-domain rises of `env` read at time_at(i) for i in [first, last]; the floor is 5 % of the
// loudest level there, so silence and hiss do not count as attacks.
template <class TimeAt>
std::vector<double> log_rises(const OnsetEnvelope& env, TimeAt time_at, long first, long last) {
    std::vector<double> level(std::size_t(last - first + 3));
    double loudest = 0.0;
    for (long i = first - 1; i <= last + 1; ++i) {
        level[std::size_t(i - first + 1)] = env.level_at(time_at(i));
        loudest = std::max(loudest, level[std::size_t(i - first + 1)]);
    }
    const double floor = 0.05 * loudest + 1e-9;
    std::vector<double> rises(std::size_t(last - first + 1));
    for (long i = first; i <= last; ++i) {
        const double before = level[std::size_t(i - first)],
                     after = level[std::size_t(i - first + 2)];
        rises[std::size_t(i - first)] = std::max(0.0, std::log((after + floor) / (before + floor)));
    }
    return rises;
}

// The shift of `rb` (hops -half-reach..half+reach) that best matches `ra` (hops -half..half):
// cross-correlation, parabolic refinement, normalised weight; no peak inside the range: {}.
Lag best_shift(const std::vector<double>& ra, const std::vector<double>& rb, long half, long reach, double hop) {
    double ea = 0.0;
    for (double v : ra) ea += v * v;
    std::vector<double> score(std::size_t(2 * reach + 1));
    double eb = 0.0;
    for (long i = -half - reach; i <= half + reach; ++i) {
        const double v = rb[std::size_t(i + half + reach)];
        if (std::abs(i) <= half) eb += v * v;
        for (long lag = std::max(-reach, i - half); lag <= std::min(reach, i + half); ++lag) {
            score[std::size_t(lag + reach)] += ra[std::size_t(i - lag + half)] * v;
        }
    }
    if (!(ea > 0 && eb > 0)) return {};
    long best = 0;
    for (long lag = -reach; lag <= reach; ++lag) {
        if (score[std::size_t(lag + reach)] > score[std::size_t(best + reach)]) best = lag;
    }
    // A best lag on the edge of the search is no peak: the attacks do not line up in range.
    if (std::abs(best) >= reach - 2) return {};
    double offset = 0.0;
    {
        const double y0 = score[std::size_t(best - 1 + reach)],
                     y1 = score[std::size_t(best + reach)],
                     y2 = score[std::size_t(best + 1 + reach)];
        const double d = y0 - 2 * y1 + y2;
        if (d < 0) offset = std::clamp(0.5 * (y0 - y2) / d, -0.5, 0.5);
    }
    return {(double(best) + offset) * hop, score[std::size_t(best + reach)] / std::sqrt(ea * eb)};
}

}  // namespace

Lag landing_lag(const OnsetEnvelope& source, const std::function<double(double)>& to_source,
                const OnsetEnvelope& out, double t, double half_window_s, double max_lag_s) {
    const double hop = out.hop_s();
    const long half = std::lround(half_window_s / hop);
    const long reach = std::lround(max_lag_s / hop);
    const auto in_source = [&](long i) { return to_source(t + double(i) * hop); };
    const auto in_out = [&](long i) { return t + double(i) * hop; };
    return best_shift(log_rises(source, in_source, -half, half), log_rises(out, in_out, -half - reach, half + reach),
                      half, reach, hop);
}

namespace {

constexpr double kStepS = 0.00025;      // envelope resolution
constexpr double kHoldS = 0.012;        // peak hold: the level at t is the largest |x| in (t - hold, t],
                                        // long enough to ride over a bass wave, yet it rises at once
constexpr double kRiseS = 0.002;        // a rise is measured over +-2 ms
constexpr double kFloorS = 0.010;       // the level before an attack: the least in the 10 ms before it
constexpr double kTopS = 0.005;         // its top: the most in the 5 ms after
constexpr double kStartFraction = 0.15; // the attack starts where it has climbed 15 % of the way

// The peak-hold envelope of `audio` (mono sum) at kStepS steps over [t0, t0 + steps * kStepS).
std::vector<double> held_levels(const DeckStem& audio, int rate, double t0, std::size_t steps) {
    const auto frames = std::int64_t(audio.audio->size() / 2);
    const auto hold = std::max<std::int64_t>(1, std::llround(kHoldS * rate));
    std::vector<double> level(steps, 0.0);
    for (std::size_t i = 0; i < steps; ++i) {
        const auto end = std::llround((t0 + double(i) * kStepS - audio.start_s) * rate);
        double peak = 0.0;
        for (std::int64_t f = std::max<std::int64_t>(0, end - hold + 1); f <= end && f < frames; ++f) {
            peak = std::max(peak, std::abs(0.5 * (double((*audio.audio)[std::size_t(2 * f)]) +
                                                  (*audio.audio)[std::size_t(2 * f + 1)])));
        }
        level[i] = peak;
    }
    return level;
}

}  // namespace

std::optional<double> attack_start(const DeckStem& audio, int rate, double beat_s, double radius_s) {
    const double t0 = beat_s - radius_s - kFloorS - kRiseS;
    const auto steps = std::size_t((2 * radius_s + kFloorS + kTopS + 2 * kRiseS) / kStepS) + 1;
    const auto level = held_levels(audio, rate, t0, steps);
    const auto rise_steps = std::size_t(std::lround(kRiseS / kStepS));
    const auto floor_steps = std::size_t(std::lround(kFloorS / kStepS));
    const auto top_steps = std::size_t(std::lround(kTopS / kStepS));
    // The steepest rise within the radius of the beat.
    const std::size_t lo = floor_steps + rise_steps;
    const std::size_t hi = std::min(steps - top_steps - rise_steps - 1, lo + std::size_t(2 * radius_s / kStepS));
    if (lo >= hi) return std::nullopt;
    std::size_t peak = lo;
    double best = -1.0;
    for (std::size_t i = lo; i <= hi; ++i) {
        const double rise = level[i + rise_steps] - level[i - rise_steps];
        if (rise > best) best = rise, peak = i;
    }
    const double floor = *std::min_element(level.begin() + std::ptrdiff_t(peak - floor_steps),
                                           level.begin() + std::ptrdiff_t(peak + 1));
    const double top = *std::max_element(level.begin() + std::ptrdiff_t(peak),
                                          level.begin() + std::ptrdiff_t(peak + top_steps + 1));
    if (!(top > 2.0 * floor) || top <= 0.0) return std::nullopt;
    const double threshold = floor + kStartFraction * (top - floor);
    // Forward to the first step over the threshold, then back to the crossing before it.
    std::size_t j = peak - floor_steps;
    while (j < peak + top_steps && level[j] < threshold) ++j;
    while (j > peak - floor_steps && level[j - 1] >= threshold) --j;
    if (j == 0) return std::nullopt;
    const double frac = (threshold - level[j - 1]) / std::max(1e-12, level[j] - level[j - 1]);
    return t0 + (double(j - 1) + std::clamp(frac, 0.0, 1.0)) * kStepS;
}

namespace {

constexpr double kHighBandHz = 8000.0;
constexpr double kOutlierS = 0.008;  // an attack this far from the usual offset is another sound

// `audio` above kHighBandHz, zero-phase (filtered forward, then backward, so nothing is delayed),
// as its mono sum in both channels.
std::vector<float> high_band(const DeckStem& audio, int rate) {
    const std::size_t frames = audio.audio->size() / 2;
    std::vector<double> mono(frames);
    for (std::size_t i = 0; i < frames; ++i) {
        mono[i] = 0.5 * (double((*audio.audio)[2 * i]) + (*audio.audio)[2 * i + 1]);
    }
    auto forward = Biquad::design(Biquad::Kind::kHighPass, kHighBandHz, rate);
    for (double& x : mono) x = forward.process(x);
    auto backward = Biquad::design(Biquad::Kind::kHighPass, kHighBandHz, rate);
    for (auto x = mono.rbegin(); x != mono.rend(); ++x) *x = backward.process(*x);
    std::vector<float> out(2 * frames);
    for (std::size_t i = 0; i < frames; ++i) out[2 * i] = out[2 * i + 1] = float(mono[i]);
    return out;
}

std::vector<std::optional<double>> starts_near(const DeckStem& audio, int rate, const std::vector<double>& beats,
                                               double radius_s) {
    std::vector<std::optional<double>> out(beats.size());
    for (std::size_t k = 0; k < beats.size(); ++k) out[k] = attack_start(audio, rate, beats[k], radius_s);
    return out;
}

// The median of (attack - beat) over the beats with an attack; nullopt without any.
std::optional<double> usual_offset(const std::vector<std::optional<double>>& attacks, const std::vector<double>& beats) {
    std::vector<double> offsets;
    for (std::size_t k = 0; k < attacks.size(); ++k) {
        if (attacks[k]) offsets.push_back(*attacks[k] - beats[k]);
    }
    if (offsets.empty()) return std::nullopt;
    std::nth_element(offsets.begin(), offsets.begin() + std::ptrdiff_t(offsets.size() / 2), offsets.end());
    return offsets[offsets.size() / 2];
}

}  // namespace

std::vector<std::optional<double>> lined_up_attacks(const std::vector<std::optional<double>>& attacks,
                                                    const std::vector<double>& beats) {
    auto out = attacks;
    const auto usual = usual_offset(attacks, beats);
    for (std::size_t k = 0; k < out.size(); ++k) {
        if (out[k] && std::abs(*out[k] - beats[k] - *usual) > kOutlierS) out[k].reset();
    }
    return out;
}

namespace {

// How well a band's attacks pin the beat down: the standard error of their usual offset (the
// median distance of the lined-up attacks from it over the square root of their count); nullopt
// when fewer than an eighth of the beats (and four) line up.
std::optional<double> offset_error(const std::vector<std::optional<double>>& attacks, const std::vector<double>& beats) {
    const auto usual = usual_offset(attacks, beats);
    if (!usual) return std::nullopt;
    const auto lined_up = lined_up_attacks(attacks, beats);
    std::vector<double> distance;
    for (std::size_t k = 0; k < lined_up.size(); ++k) {
        if (lined_up[k]) distance.push_back(std::abs(*lined_up[k] - beats[k] - *usual));
    }
    if (distance.size() < std::max<std::size_t>(4, beats.size() / 8)) return std::nullopt;
    std::nth_element(distance.begin(), distance.begin() + std::ptrdiff_t(distance.size() / 2), distance.end());
    return distance[distance.size() / 2] / std::sqrt(double(distance.size()));
}

}  // namespace

std::vector<std::optional<double>> beat_attacks(const DeckStem& audio, int rate, const std::vector<double>& beats,
                                                double radius_s) {
    auto full = starts_near(audio, rate, beats, radius_s);
    if (double(rate) < 2.5 * kHighBandHz) return full;
    const auto high_audio = high_band(audio, rate);
    auto high = starts_near({&high_audio, audio.start_s}, rate, beats, radius_s);
    const auto full_error = offset_error(full, beats), high_error = offset_error(high, beats);
    return high_error && (!full_error || *high_error < *full_error) ? high : full;
}

std::vector<double> fit_beats_to_attacks(const std::vector<double>& beats, const DeckStem& audio, int rate) {
    if (beats.size() < 2) return beats;
    const double period = (beats.back() - beats.front()) / double(beats.size() - 1);
    const auto attacks = lined_up_attacks(beat_attacks(audio, rate, beats, std::min(0.04, 0.2 * period)), beats);
    // Least squares offset = c0 + c1 k over the lined-up attacks.
    double n = 0, sk = 0, so = 0, skk = 0, sko = 0;
    for (std::size_t k = 0; k < beats.size(); ++k) {
        if (!attacks[k]) continue;
        const double offset = *attacks[k] - beats[k], index = double(k);
        n += 1, sk += index, so += offset, skk += index * index, sko += index * offset;
    }
    if (n < 4) return beats;
    const double det = n * skk - sk * sk;
    const double c1 = std::abs(det) > 1e-9 ? (n * sko - sk * so) / det : 0.0;
    const double c0 = (so - c1 * sk) / n;
    std::vector<double> out(beats.size());
    for (std::size_t k = 0; k < beats.size(); ++k) out[k] = beats[k] + c0 + c1 * double(k);
    return out;
}

}  // namespace minidj::render
