// The spectral peaks the key estimator's chroma is made of, frame by frame, for offline key
// experiments (eval/key_experiments.py): the same 8192-sample STFT at 22050 Hz and hop 2048
// as ChromaAnalyzer, every local maximum from 27 Hz to 5 kHz with its exact pitch (parabolic
// interpolation) and its contrast over the bins two outside the main lobe. Not a test.
//
// usage: key_peaks AUDIO > peaks.txt
// prints "F <frame>" per frame, then "<midi> <magnitude> <contrast_db>" per peak
// (contrast >= 20 dB, magnitude >= -80 dB under the frame's loudest peak).
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "analysis/chroma_analyzer.h"
#include "analysis/fft.h"
#include "analysis/frame_grid.h"
#include "analysis/frame_slicer.h"
#include "minidj/audio.h"

namespace {

using namespace minidj::analysis;

constexpr double kLowestHz = 27.0;
constexpr double kHighestHz = 5000.0;
constexpr std::size_t kLobeBins = 4;

void print_peaks(const std::vector<float>& power, long frame) {
    const double hz_per_bin = double(kAnalysisRate) / kChromaWindow;
    const auto lo = std::size_t(kLowestHz / hz_per_bin), hi = std::size_t(kHighestHz / hz_per_bin);
    const float loudest =
        *std::max_element(power.begin() + std::ptrdiff_t(lo), power.begin() + std::ptrdiff_t(hi));
    std::printf("F %ld\n", frame);
    for (std::size_t k = std::max(lo, kLobeBins); k < hi; ++k) {
        const float p = power[k];
        if (p <= loudest * 1e-8f || p <= power[k - 1] || p < power[k + 1]) continue;
        const double around = 0.5 * (double(power[k - kLobeBins]) + power[k + kLobeBins]);
        const double contrast_db = 10.0 * std::log10(p / (around + 1e-30));
        if (contrast_db < 20.0) continue;
        const double a = std::log(power[k - 1] + 1e-20), b = std::log(p + 1e-20),
                     c = std::log(power[k + 1] + 1e-20);
        const double denom = a - 2 * b + c;
        const double offset = denom < 0 ? 0.5 * (a - c) / denom : 0.0;
        const double hz = (double(k) + offset) * hz_per_bin;
        std::printf("%.3f %.4g %.1f\n", 69.0 + 12.0 * std::log2(hz / 440.0), std::sqrt(double(p)),
                    contrast_db);
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: key_peaks AUDIO > peaks.txt\n");
        return 2;
    }
    auto decoded = minidj::decode_file(argv[1]);
    if (!decoded) {
        std::fprintf(stderr, "%s\n", decoded.error().message.c_str());
        return 1;
    }
    const auto& audio = decoded.value();
    auto resampler = minidj::Resampler::create(audio.sample_rate, audio.channels, kAnalysisRate, 1);
    if (!resampler) {
        std::fprintf(stderr, "%s\n", resampler.error().message.c_str());
        return 1;
    }
    std::vector<float> mono;
    resampler.value()->process(audio.samples.data(),
                               audio.samples.size() / std::size_t(audio.channels), mono);
    resampler.value()->process(nullptr, 0, mono);

    WindowedPowerSpectrum spectrum(kChromaWindow);
    FrameSlicer slicer(kChromaWindow, kChromaHop);
    long frame = 0;
    const auto on_frame = [&](const float* samples) {
        print_peaks(spectrum.compute(samples), frame++);
    };
    slicer.push(mono.data(), mono.size(), on_frame);
    slicer.flush(on_frame);
    return 0;
}
