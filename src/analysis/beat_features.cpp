#include "analysis/beat_features.h"

#include <algorithm>
#include <cmath>

#include "analysis/frame_grid.h"

namespace minidj::analysis {
namespace {

// The span of beat i in frames; the last beat lasts as long as the one before it.
std::pair<double, double> beat_span(const std::vector<double>& beats, std::size_t i) {
    const double start = beats[i];
    const double length = i + 1 < beats.size() ? beats[i + 1] - start
                          : i > 0              ? start - beats[i - 1]
                                               : kFramesPerSecond / 2;
    return {start, start + length};
}

double to_db(double power) { return 10.0 * std::log10(power + 1e-12); }

// The chroma frames [lo, hi) of beat i (at least one).
std::pair<std::size_t, std::size_t> chroma_span(const std::vector<double>& beats, std::size_t i,
                                                const ChromaFrames& chroma, std::size_t frames) {
    const double chroma_frames_per_frame = 1.0 / (chroma.seconds_per_frame() * kFramesPerSecond);
    auto [start, end] = beat_span(beats, i);
    auto lo = std::size_t(std::max(0.0, std::round(start * chroma_frames_per_frame)));
    auto hi = std::size_t(std::max(0.0, std::round(end * chroma_frames_per_frame)));
    lo = std::min(lo, frames - 1);
    hi = std::clamp(hi, lo + 1, frames);
    return {lo, hi};
}

// The level (dB) of the beat's tonal peaks, which count sinusoids (notes) and not noise
// (drums). Kept in the beat's row for the structure, which hears a lead or bass line stop
// under drums that go on by it.
float tonal_level(const std::vector<float>& power, std::size_t lo, std::size_t hi) {
    double sum = 0;
    for (std::size_t f = lo; f < hi; ++f) sum += power[f];
    return float(to_db(sum / double(hi - lo)));
}

}  // namespace

std::vector<std::array<float, 12>> chroma_per_beat(const std::vector<double>& beats,
                                                   const ChromaFrames& chroma) {
    std::vector<std::array<float, 12>> out(beats.size());
    if (chroma.harmony.empty()) return out;
    for (std::size_t i = 0; i < beats.size(); ++i) {
        const auto [lo, hi] = chroma_span(beats, i, chroma, chroma.harmony.size());
        auto& c = out[i];
        for (std::size_t f = lo; f < hi; ++f) {
            for (int pc = 0; pc < 12; ++pc) c[std::size_t(pc)] += chroma.harmony[f][std::size_t(pc)];
        }
        const float peak = *std::max_element(c.begin(), c.end());
        if (peak > 0) {
            for (auto& v : c) v /= peak;
        }
    }
    return out;
}

BeatFeatures summarise_beats(const std::vector<double>& beats, const FrameFeatures& frames,
                             const ChromaFrames& chroma, const std::vector<std::array<float, 12>>& beat_chroma) {
    BeatFeatures out;
    out.values.assign(beats.size() * BeatFeatures::kColumns, 0.0f);
    if (frames.size() == 0) return out;
    for (std::size_t i = 0; i < beats.size(); ++i) {
        auto [start, end] = beat_span(beats, i);
        const auto lo = std::min(frames.size() - 1, std::size_t(std::max(0.0, std::round(start))));
        const auto hi = std::clamp(std::size_t(std::max(0.0, std::round(end))), lo + 1, frames.size());
        double onset = 0, energy = 0, low = 0, mid = 0, high = 0;
        for (std::size_t f = lo; f < hi; ++f) {
            onset += frames.onset[f];
            energy += double(frames.rms[f]) * frames.rms[f];
            low += frames.low[f];
            mid += frames.mid[f];
            high += frames.high[f];
        }
        const double count = double(hi - lo);
        float* row = &out.values[i * BeatFeatures::kColumns];
        row[BeatFeatures::kOnset] = float(onset / count);
        row[BeatFeatures::kEnergy] = float(std::sqrt(energy / count));
        row[BeatFeatures::kLow] = float(to_db(low / count));
        row[BeatFeatures::kMid] = float(to_db(mid / count));
        row[BeatFeatures::kHigh] = float(to_db(high / count));
        for (int pc = 0; pc < 12; ++pc) row[BeatFeatures::kChroma0 + pc] = beat_chroma[i][std::size_t(pc)];
        row[BeatFeatures::kTonal] = row[BeatFeatures::kMelody] = -120.0f;
        if (!chroma.tonal_power.empty()) {
            const auto [clo, chi] = chroma_span(beats, i, chroma, chroma.tonal_power.size());
            row[BeatFeatures::kTonal] = tonal_level(chroma.tonal_power, clo, chi);
            row[BeatFeatures::kMelody] = tonal_level(chroma.melody_power, clo, chi);
        }
    }
    return out;
}

}  // namespace minidj::analysis
