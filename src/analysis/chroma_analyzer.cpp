#include "analysis/chroma_analyzer.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "analysis/frame_grid.h"

namespace minidj::analysis {
namespace {
constexpr double kLowestHz = 80.0;     // below E2, kick-drum fundamentals outweigh the bass notes
constexpr double kHighestHz = 5000.0;
// The harmony chroma leaves out the bass register: bass lines move on off-beats (syncopated
// hip-hop and funk lines, walking bass) far more often than chords do.
constexpr double kHarmonyLowestHz = 200.0;  // above it, harmonics of many notes blur the classes
constexpr std::size_t kLobeBins = 4;     // two bins outside a Hann window's main lobe
constexpr double kMinContrastDb = 30.0;
constexpr double kFullContrastDb = 40.0;
constexpr float kPeakFloor = 1e-4f;    // peaks 40 dB under the frame's loudest are noise
// The tuning is voted by the tonal peaks from 200 Hz up, one vote per peak (weighted by its
// tonality, not its magnitude): below, and by magnitude, the harmonics of one loud untuned
// kick drum outvote the whole band and can move every note across a semitone boundary.
constexpr double kTuningLowestHz = 200.0;
// The tonal level sums the spectral peaks between the bass's upper harmonics and the top of a
// lead's register, with no floor relative to the frame's loudest peak (a loud kick must not
// hide the notes it plays under) and a milder contrast than the chroma's: in a full mix a
// lead's peaks stand only 5-15 dB over their neighbours. (Chosen on generated arrangements
// 1-100: how clearly the level falls where the lead and bass leave for the outro.)
constexpr double kTonalLowestHz = 110.0, kTonalHighestHz = 1500.0;
constexpr double kTonalMinContrastDb = 5.0, kTonalContrastSpanDb = 10.0;
// The melody level is the tonal level's upper part, from middle C. Below it the bass's upper
// harmonics and the chords' voicing hold the tonal power, so a quieter lead stopping over
// them moves the whole band's level by under 1 dB while its own register falls 5-10 dB
// (measured at the outro starts of 300 generated arrangements, whose leads are mixed from 10 dB
// under the pads to 10 dB over them).
constexpr double kMelodyLowestHz = 261.6;
// Weights of the fine bins around a semitone centre when folding to 12 classes.
constexpr std::array<float, 5> kFoldWeights = {0.25f, 0.75f, 1.0f, 0.75f, 0.25f};
// A fine bin index (fifths of a semitone, any octave) wrapped into 0..kFineChromaBins-1.
std::size_t fine_bin(long index) {
    return std::size_t(((index % kFineChromaBins) + kFineChromaBins) % kFineChromaBins);
}
}  // namespace

double ChromaFrames::seconds_per_frame() const { return double(kChromaHop) / kAnalysisRate; }

ChromaAnalyzer::ChromaAnalyzer()
    : spectrum_(kChromaWindow), slicer_(kChromaWindow, kChromaHop) {
    const double hz_per_bin = double(kAnalysisRate) / kChromaWindow;
    harmony_lo_ = std::size_t(kHarmonyLowestHz / hz_per_bin);
    for (std::size_t k = 0; k * hz_per_bin < kHighestHz; ++k) {
        const double hz = std::max(double(k), 1.0) * hz_per_bin;
        bin_to_fine_.push_back(fine_bin(std::lround((69.0 + 12.0 * std::log2(hz / 440.0)) * kChromaBinsPerSemitone)));
    }
}

void ChromaAnalyzer::process(const float* mono, std::size_t count) {
    slicer_.push(mono, count, [this](const float* frame) { analyse_frame(frame); });
}

void ChromaAnalyzer::analyse_frame(const float* frame) {
    const std::vector<float>& power = spectrum_.compute(frame);
    std::array<float, kFineChromaBins> fine{};
    const double hz_per_bin = double(kAnalysisRate) / kChromaWindow;
    const auto lo = std::size_t(kLowestHz / hz_per_bin), hi = std::size_t(kHighestHz / hz_per_bin);
    const float floor = *std::max_element(power.begin() + std::ptrdiff_t(lo), power.begin() + std::ptrdiff_t(hi)) * kPeakFloor;
    const auto tuning_lo = std::size_t(kTuningLowestHz / hz_per_bin);
    const auto tonal_lo = std::size_t(kTonalLowestHz / hz_per_bin), tonal_hi = std::size_t(kTonalHighestHz / hz_per_bin);
    const auto melody_lo = std::size_t(kMelodyLowestHz / hz_per_bin);
    double tonal = 0, melody = 0;
    for (std::size_t k = lo; k < hi; ++k) {
        const float p = power[k];
        if (p <= power[k - 1] || p < power[k + 1]) continue;
        const bool in_tonal_band = k >= tonal_lo && k < tonal_hi;
        if (p <= floor && !in_tonal_band) continue;  // the chroma's floor; the tonal level has none
        // A sinusoid's peak is a Hann main lobe (+-2 bins) with 40 dB less power two bins
        // outside it; a peak of noise (drums) has neighbours of nearly its own size there.
        // Peaks count fully from kFullContrastDb, not at all below kMinContrastDb.
        const double around = 0.5 * (double(power[k - kLobeBins]) + power[k + kLobeBins]);
        const double contrast_db = 10.0 * std::log10(p / (around + 1e-30));
        if (in_tonal_band) {
            const double note = p * std::clamp((contrast_db - kTonalMinContrastDb) / kTonalContrastSpanDb, 0.0, 1.0);
            tonal += note;
            if (k >= melody_lo) melody += note;
        }
        const double tonality = std::clamp((contrast_db - kMinContrastDb) / (kFullContrastDb - kMinContrastDb), 0.0, 1.0);
        if (tonality <= 0.0) continue;
        if (p <= floor) continue;
        // Parabolic interpolation on the log power gives the peak's frequency within a bin.
        const double a = std::log(power[k - 1] + 1e-20), b = std::log(p + 1e-20), c = std::log(power[k + 1] + 1e-20);
        const double denom = a - 2 * b + c;
        const double offset = denom < 0 ? 0.5 * (a - c) / denom : 0.0;
        const double hz = (double(k) + offset) * hz_per_bin;
        const double midi = 69.0 + 12.0 * std::log2(hz / 440.0);
        const double magnitude = std::sqrt(p) * tonality;
        const double deviation = midi - std::round(midi);
        if (k >= tuning_lo) {
            tuning_phasor_ += tonality * std::polar(1.0, 2 * std::numbers::pi * deviation);
        }
        fine[fine_bin(std::lround(midi * kChromaBinsPerSemitone))] += float(magnitude);
    }
    fine_.push_back(fine);
    tonal_power_.push_back(float(tonal));
    melody_power_.push_back(float(melody));
    std::array<float, kFineChromaBins> energy{};
    for (std::size_t k = harmony_lo_; k < hi; ++k) energy[bin_to_fine_[k]] += power[k];
    fine_energy_.push_back(energy);
}

ChromaFrames ChromaAnalyzer::finish() {
    slicer_.flush([this](const float* frame) { analyse_frame(frame); });

    ChromaFrames out;
    const double tuning = std::abs(tuning_phasor_) > 0 ? std::arg(tuning_phasor_) / (2 * std::numbers::pi) : 0.0;
    out.tuning_cents = tuning * 100.0;
    const long shift = std::lround(tuning * kChromaBinsPerSemitone);
    const auto fold = [shift](const std::array<float, kFineChromaBins>& f) {
        std::array<float, 12> chroma{};
        for (int pc = 0; pc < 12; ++pc) {
            for (int j = -2; j <= 2; ++j) {
                const long bin = pc * kChromaBinsPerSemitone + shift + j;
                chroma[std::size_t(pc)] += kFoldWeights[std::size_t(j + 2)] * f[fine_bin(bin)];
            }
        }
        return chroma;
    };
    out.tonal_power = std::move(tonal_power_);
    out.melody_power = std::move(melody_power_);
    out.frames.reserve(fine_.size());
    for (const auto& f : fine_) out.frames.push_back(fold(f));
    out.harmony.reserve(fine_energy_.size());
    for (const auto& f : fine_energy_) {
        auto chroma = fold(f);
        for (auto& v : chroma) v = std::sqrt(v);  // power -> magnitude: quieter notes still count
        out.harmony.push_back(chroma);
    }
    return out;
}

}  // namespace minidj::analysis
