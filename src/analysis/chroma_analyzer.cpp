#include "analysis/chroma_analyzer.h"

#include <cmath>

#include "analysis/frame_grid.h"

namespace minidj::analysis {
namespace {
constexpr double kLowestHz = 55.0;    // A1: below it bins are too coarse and rumble dominates
constexpr double kHighestHz = 5000.0; // above it, harmonics of many notes blur the classes
}  // namespace

double ChromaFrames::seconds_per_frame() const { return double(kChromaHop) / kAnalysisRate; }

ChromaAnalyzer::ChromaAnalyzer()
    : fft_(kChromaWindow), window_(hann_window(kChromaWindow)), pending_(kChromaWindow / 2, 0.0f) {
    bin_to_third_.assign(kChromaWindow / 2 + 1, -1);
    for (std::size_t k = 1; k < bin_to_third_.size(); ++k) {
        const double hz = double(k) * kAnalysisRate / kChromaWindow;
        if (hz < kLowestHz || hz > kHighestHz) continue;
        const double midi = 69.0 + 12.0 * std::log2(hz / 440.0);
        bin_to_third_[k] = int(((std::lround(3.0 * midi) % 36) + 36) % 36);
    }
}

void ChromaAnalyzer::process(const float* mono, std::size_t count) {
    pending_.insert(pending_.end(), mono, mono + count);
    std::size_t start = 0;
    while (pending_.size() - start >= kChromaWindow) {
        float* in = fft_.input();
        for (int i = 0; i < kChromaWindow; ++i) in[i] = pending_[start + i] * window_[i];
        analyse_frame();
        start += kChromaHop;
    }
    pending_.erase(pending_.begin(), pending_.begin() + std::ptrdiff_t(start));
}

void ChromaAnalyzer::analyse_frame() {
    fft_.forward_power(power_);
    std::array<float, 36> thirds{};
    for (std::size_t k = 0; k < power_.size(); ++k) {
        if (bin_to_third_[k] >= 0) thirds[bin_to_third_[k]] += std::sqrt(power_[k]);
    }
    thirds_.push_back(thirds);
}

ChromaFrames ChromaAnalyzer::finish() {
    const std::vector<float> tail(kChromaWindow / 2, 0.0f);
    process(tail.data(), tail.size());

    // Tuning: which third of a semitone holds the most energy over the whole track.
    std::array<double, 3> by_offset{};
    for (const auto& t : thirds_) {
        for (int i = 0; i < 36; ++i) by_offset[i % 3] += t[i];
    }
    // Offsets 0, +1, -1 thirds (index 2 is a third below the tempered pitch).
    int best = 0;
    for (int o = 1; o < 3; ++o) {
        if (by_offset[o] > by_offset[best]) best = o;
    }
    ChromaFrames out;
    const double l = by_offset[(best + 2) % 3], c = by_offset[best], r = by_offset[(best + 1) % 3];
    const double denom = l - 2 * c + r;
    const double frac = denom < 0 ? 0.5 * (l - r) / denom : 0.0;  // parabolic peak, in thirds
    const int signed_best = best == 2 ? -1 : best;
    out.tuning_cents = (signed_best + frac) * 100.0 / 3.0;

    out.frames.reserve(thirds_.size());
    for (const auto& t : thirds_) {
        std::array<float, 12> chroma{};
        for (int pc = 0; pc < 12; ++pc) {
            const int centre = 3 * pc + signed_best;
            chroma[pc] = t[(centre + 36) % 36] + 0.5f * (t[(centre + 35) % 36] + t[(centre + 37) % 36]);
        }
        out.frames.push_back(chroma);
    }
    return out;
}

}  // namespace minidj::analysis
