#pragma once
// Beat markers: a short narrow-band blip added on every true beat of a generated track (a
// different pitch per deck), and their onsets read back out of a written mix. The read-back
// knows nothing of the renderer: no plan, no beat map, only the audio and the marker's pitch.
// Both pitches go through the same complex demodulation and the same low-pass, so the
// measurement's own delay is the same for each and cancels in the difference.

#include <algorithm>
#include <cmath>
#include <numbers>
#include <optional>
#include <vector>

namespace minidj::test {

inline constexpr double kMarkerAttackS = 0.002;  // raised-cosine rise
inline constexpr double kMarkerDecayS = 0.010;   // exponential fall
inline constexpr double kMarkerLengthS = 0.050;

/// Turns the music down to half and adds a blip of `hz` at each of `beats` (seconds), starting
/// on the sample nearest the beat, peaking at 0.5: loud enough over the music around it that
/// the read-back is good to a fraction of a millisecond (MarkerProbe.ReadsAHandMadeMixExactly).
inline void add_markers(std::vector<float>& samples, int rate, const std::vector<double>& beats, double hz) {
    constexpr double amplitude = 0.5;
    for (float& x : samples) x *= 0.5f;
    const auto length = std::size_t(kMarkerLengthS * rate);
    const double attack = kMarkerAttackS * rate;
    for (double beat : beats) {
        const auto start = std::size_t(std::llround(beat * rate));
        for (std::size_t i = 0; i < length && 2 * (start + i) + 1 < samples.size(); ++i) {
            const double t = double(i);
            const double rise = t < attack ? 0.5 - 0.5 * std::cos(std::numbers::pi * t / attack) : 1.0;
            const double env = rise * std::exp(-std::max(0.0, t - attack) / (kMarkerDecayS * rate));
            const auto v = float(amplitude * env * std::sin(2.0 * std::numbers::pi * hz * t / rate));
            samples[2 * (start + i)] += v;
            samples[2 * (start + i) + 1] += v;
        }
    }
}

/// The envelope of the `hz` component of stereo `samples`: mixed to mono, shifted to 0 Hz and
/// low-passed (four one-pole stages, about 300 Hz wide), so a neighbouring marker or the music
/// around it hardly leaks in.
inline std::vector<double> marker_envelope(const std::vector<float>& samples, int rate, double hz) {
    const std::size_t n = samples.size() / 2;
    std::vector<double> env(n);
    const double a = 1.0 - std::exp(-2.0 * std::numbers::pi * 300.0 / rate);
    double re[4] = {}, im[4] = {};
    for (std::size_t i = 0; i < n; ++i) {
        const double x = 0.5 * (double(samples[2 * i]) + samples[2 * i + 1]);
        const double phase = 2.0 * std::numbers::pi * hz * double(i) / rate;
        double r = x * std::cos(phase), q = -x * std::sin(phase);
        for (int s = 0; s < 4; ++s) {
            re[s] += a * (r - re[s]);
            im[s] += a * (q - im[s]);
            r = re[s];
            q = im[s];
        }
        env[i] = std::hypot(r, q);
    }
    return env;
}

/// Marker onsets (seconds) in `samples` after its first 0.1 s: every local peak of the envelope above `floor_ratio` of
/// the loudest one, at least `min_gap_s` from a stronger one, timed where the envelope climbs
/// through half of that peak (interpolated between samples).
inline std::vector<double> marker_onsets(const std::vector<float>& samples, int rate, double hz,
                                         double min_gap_s = 0.15, double floor_ratio = 0.3) {
    const auto env = marker_envelope(samples, rate, hz);
    const double loudest = env.empty() ? 0.0 : *std::max_element(env.begin(), env.end());
    const auto gap = std::size_t(min_gap_s * rate);
    std::vector<double> onsets;
    std::size_t i = 1;
    while (i + 1 < env.size()) {
        if (env[i] < floor_ratio * loudest || env[i] < env[i - 1] || env[i] < env[i + 1]) {
            ++i;
            continue;
        }
        // The strongest peak within the gap ahead is the one that counts.
        std::size_t peak = i;
        for (std::size_t j = i; j < std::min(env.size(), i + gap); ++j) {
            if (env[j] > env[peak]) peak = j;
        }
        const double half = 0.5 * env[peak];
        std::size_t k = peak;
        while (k > 0 && env[k - 1] >= half) --k;
        if (k > 0 && double(k) > 0.1 * rate) {  // not a marker cut by the start of the file
            const double frac = (half - env[k - 1]) / (env[k] - env[k - 1]);
            onsets.push_back((double(k - 1) + frac) / rate);
        }
        i = peak + gap;
    }
    return onsets;
}

/// B's onset minus A's, for every A onset with a B onset within `radius_s`.
inline std::vector<double> paired_offsets(const std::vector<double>& a, const std::vector<double>& b,
                                          double radius_s = 0.06) {
    std::vector<double> out;
    for (double t : a) {
        const auto it = std::lower_bound(b.begin(), b.end(), t - radius_s);
        if (it != b.end() && std::abs(*it - t) <= radius_s) out.push_back(*it - t);
    }
    return out;
}

inline double median_abs(std::vector<double> v) {
    for (double& x : v) x = std::abs(x);
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
}

inline double max_abs(const std::vector<double>& v) {
    double m = 0.0;
    for (double x : v) m = std::max(m, std::abs(x));
    return m;
}

}  // namespace minidj::test
