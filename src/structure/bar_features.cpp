#include "structure/bar_features.h"

#include <algorithm>
#include <cmath>

namespace minidj::structure {
namespace {

double to_db(double power) { return 10.0 * std::log10(power + 1e-12); }

// Harmonic motion under this (a cosine distance) counts as none: the chroma of held chords
// still wobbles this much.
constexpr double kMotionFloor = 0.005;

double median_gap(const std::vector<double>& times) {
    std::vector<double> gaps;
    for (std::size_t i = 1; i < times.size(); ++i) gaps.push_back(times[i] - times[i - 1]);
    if (gaps.empty()) return 0.0;
    std::nth_element(gaps.begin(), gaps.begin() + long(gaps.size() / 2), gaps.end());
    return gaps[gaps.size() / 2];
}

// Onset strength in dB relative to the track's strongest beat, floored 40 dB under it, so a
// silent beat does not read as -120 dB.
std::vector<double> onset_db(const BeatFeatures& features) {
    float peak = 0.0f;
    for (std::size_t r = 0; r < features.rows(); ++r) peak = std::max(peak, features.at(r, BeatFeatures::kOnset));
    std::vector<double> out(features.rows());
    for (std::size_t r = 0; r < features.rows(); ++r) {
        out[r] = to_db(double(features.at(r, BeatFeatures::kOnset)) + 1e-4 * peak + 1e-12) - to_db(peak + 1e-12);
    }
    return out;
}

// 1 - cosine of each beat's chroma with the previous beat's (0 for the first).
std::vector<double> chroma_motion(const BeatFeatures& features) {
    std::vector<double> out(features.rows(), 0.0);
    for (std::size_t r = 1; r < features.rows(); ++r) {
        double dot = 0, a = 0, b = 0;
        for (int pc = 0; pc < 12; ++pc) {
            const double x = features.at(r, BeatFeatures::kChroma0 + pc);
            const double y = features.at(r - 1, BeatFeatures::kChroma0 + pc);
            dot += x * y;
            a += x * x;
            b += y * y;
        }
        out[r] = a > 0 && b > 0 ? 1.0 - dot / std::sqrt(a * b) : 0.0;
    }
    return out;
}

// Centred before scaling: the drums spread a floor over every pitch class, under which two
// chords' chroma hardly differ.
void unit_centred(std::array<double, 12>& chroma) {
    if (!std::all_of(chroma.begin(), chroma.end(), [](double x) { return std::isfinite(x); })) {
        chroma.fill(0.0);  // a hand-edited matrix with nulls: no harmony rather than NaN distances
        return;
    }
    double mean = 0, length = 0;
    for (double x : chroma) mean += x / 12.0;
    for (double& x : chroma) x -= mean;
    for (double x : chroma) length += x * x;
    for (double& x : chroma) x = length > 1e-12 ? x / std::sqrt(length) : 0.0;
}

}  // namespace

Bars summarise_bars(const BeatGrid& grid, const BeatFeatures& features, double duration_s) {
    Bars bars;
    const auto& downbeats = grid.downbeats;
    if (downbeats.empty() || features.rows() != grid.beats.size()) return bars;
    bars.starts = downbeats;
    const double bar_length = downbeats.size() > 1 ? median_gap(downbeats) : 60.0 / std::max(grid.bpm, 1.0) * grid.meter;
    bars.bar_s = bar_length;
    bars.starts.push_back(std::min(downbeats.back() + bar_length, std::max(duration_s, downbeats.back())));
    if (bars.starts.back() <= downbeats.back()) bars.starts.pop_back();  // a downbeat at the very end
    bars.last_is_partial = bars.bars() > 0 && bars.starts.back() - downbeats.back() < 0.9 * bar_length;
    const std::vector<double> onsets = onset_db(features);
    const std::vector<double> motion = chroma_motion(features);
    bars.has_tonal = features.has_tonal_level();
    bars.has_melody = features.has_melody_level();
    bars.values.assign(bars.bars() * kBarColumns, 0.0);
    bars.chroma.assign(bars.bars(), {});
    std::size_t beat = 0;
    for (std::size_t b = 0; b < bars.bars(); ++b) {
        while (beat < grid.beats.size() && grid.beats[beat] < bars.starts[b] - 1e-6) ++beat;
        double energy = 0, low = 0, mid = 0, high = 0, density = 0, moves = 0, tonal = 0, melody = 0, count = 0;
        double* row = &bars.values[b * kBarColumns];
        for (; beat < grid.beats.size() && grid.beats[beat] < bars.starts[b + 1] - 1e-6; ++beat) {
            const double rms = features.at(beat, BeatFeatures::kEnergy);
            energy += rms * rms;
            // Band levels are averaged as powers: a loud half-bar counts as loud.
            low += std::pow(10.0, features.at(beat, BeatFeatures::kLow) / 10.0);
            mid += std::pow(10.0, features.at(beat, BeatFeatures::kMid) / 10.0);
            high += std::pow(10.0, features.at(beat, BeatFeatures::kHigh) / 10.0);
            density += onsets[beat];
            moves += motion[beat];
            if (bars.has_tonal) tonal += std::pow(10.0, features.at(beat, BeatFeatures::kTonal) / 10.0);
            if (bars.has_melody) melody += std::pow(10.0, features.at(beat, BeatFeatures::kMelody) / 10.0);
            for (int pc = 0; pc < 12; ++pc) bars.chroma[b][pc] += features.at(beat, BeatFeatures::kChroma0 + pc);
            ++count;
        }
        unit_centred(bars.chroma[b]);
        if (count == 0) {  // a bar with no beat in it (a gap in the grid): silence
            row[kLoud] = row[kLow] = row[kMid] = row[kHigh] = -120.0;
            row[kDensity] = -40.0;
            row[kMotion] = to_db(kMotionFloor);
            row[kTonal] = bars.has_tonal ? -120.0 : 0.0;
            row[kMelody] = bars.has_melody ? -120.0 : 0.0;
            continue;
        }
        row[kLoud] = to_db(energy / count);
        row[kLow] = to_db(low / count);
        row[kMid] = to_db(mid / count);
        row[kHigh] = to_db(high / count);
        row[kDensity] = density / count;
        row[kMotion] = to_db(moves / count + kMotionFloor);
        row[kTonal] = bars.has_tonal ? to_db(tonal / count) : 0.0;
        row[kMelody] = bars.has_melody ? to_db(melody / count) : 0.0;
    }
    return bars;
}

double chroma_distance(const std::array<double, 12>& a, const std::array<double, 12>& b) {
    double dot = 0;
    for (int pc = 0; pc < 12; ++pc) dot += a[pc] * b[pc];
    return 1.0 - dot;  // both unit length, or one all 0: distance 1
}

Bars without_last_bar(const Bars& bars) {
    Bars out = bars;
    if (out.bars() == 0) return out;
    out.starts.pop_back();
    out.values.resize(out.bars() * kBarColumns);
    out.chroma.resize(out.bars());
    out.last_is_partial = false;
    return out;
}

}  // namespace minidj::structure
