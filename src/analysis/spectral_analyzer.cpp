#include "analysis/spectral_analyzer.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

#include "analysis/frame_grid.h"
#include "minidj/beat_network.h"

namespace minidj::analysis {
namespace {

constexpr int kMelBands = beatnet::kMelBands;  // the beat network reads the same bands
constexpr double kMelLowHz = 30.0;
constexpr double kMelHighHz = 11000.0;
constexpr double kLowOnsetMaxHz = 150.0;
constexpr double kLowBandHz = 200.0;
constexpr double kHighBandHz = 2500.0;
// Floor of the log mel spectrum: quieter than any real music, so silence gives zero flux.
constexpr float kLogFloor = 1e-10f;

double hz_to_mel(double hz) { return 2595.0 * std::log10(1.0 + hz / 700.0); }
double mel_to_hz(double mel) { return 700.0 * (std::pow(10.0, mel / 2595.0) - 1.0); }
double bin_hz(std::size_t bin) { return double(bin) * kAnalysisRate / kFrameSize; }

}  // namespace

// Triangular mel filters stored sparsely: band b covers bins [first[b], first[b] + w[b].size()).
struct SpectralAnalyzer::MelBank {
    std::vector<std::size_t> first;
    std::vector<std::vector<float>> weights;
    int low_onset_bands = 0;  // bands whose centre is below kLowOnsetMaxHz
    std::vector<std::vector<double>> dct;  // kCoefficients x kMelBands, orthonormal DCT-II

    MelBank() {
        const double lo = hz_to_mel(kMelLowHz), hi = hz_to_mel(kMelHighHz);
        std::vector<double> edges(kMelBands + 2);
        for (int i = 0; i < kMelBands + 2; ++i) edges[i] = mel_to_hz(lo + (hi - lo) * i / (kMelBands + 1));
        for (int b = 0; b < kMelBands; ++b) {
            const double left = edges[b], centre = edges[b + 1], right = edges[b + 2];
            if (centre < kLowOnsetMaxHz) low_onset_bands = b + 1;
            std::size_t k0 = std::size_t(std::ceil(left * kFrameSize / kAnalysisRate));
            std::vector<float> w;
            for (std::size_t k = k0; bin_hz(k) < right; ++k) {
                const double f = bin_hz(k);
                w.push_back(float(f <= centre ? (f - left) / (centre - left) : (right - f) / (right - centre)));
            }
            // Low bands narrower than a bin still get the nearest bin, so no band is empty.
            if (w.empty()) {
                k0 = std::size_t(std::lround(centre * kFrameSize / kAnalysisRate));
                w.push_back(1.0f);
            }
            first.push_back(k0);
            weights.push_back(std::move(w));
        }
        dct.assign(Timbre::kCoefficients, std::vector<double>(kMelBands));
        for (int c = 0; c < Timbre::kCoefficients; ++c) {
            const double scale = std::sqrt((c == 0 ? 1.0 : 2.0) / kMelBands);
            for (int b = 0; b < kMelBands; ++b) {
                dct[c][b] = scale * std::cos(std::numbers::pi * c * (b + 0.5) / kMelBands);
            }
        }
    }

    void apply(const std::vector<float>& power, std::vector<float>& mel) const {
        mel.assign(kMelBands, 0.0f);
        for (int b = 0; b < kMelBands; ++b) {
            float sum = 0.0f;
            for (std::size_t i = 0; i < weights[b].size(); ++i) sum += weights[b][i] * power[first[b] + i];
            mel[b] = sum;
        }
    }
};

SpectralAnalyzer::SpectralAnalyzer(bool keep_log_mel)
    : keep_log_mel_(keep_log_mel),
      spectrum_(kFrameSize),
      slicer_(kFrameSize, kHop),
      previous_log_mel_(kMelBands, std::log(kLogFloor)),
      mfcc_sum_(Timbre::kCoefficients, 0.0),
      mfcc_outer_sum_(Timbre::kCoefficients * Timbre::kCoefficients, 0.0),
      mel_bank_(std::make_unique<MelBank>()) {}

SpectralAnalyzer::~SpectralAnalyzer() = default;

void SpectralAnalyzer::process(const float* mono, std::size_t count) {
    slicer_.push(mono, count, [this](const float* frame) { analyse_frame(frame); });
}

void SpectralAnalyzer::analyse_frame(const float* frame) {
    // RMS of the hop centred on the frame centre.
    double sq = 0.0;
    for (int i = (kFrameSize - kHop) / 2; i < (kFrameSize + kHop) / 2; ++i) sq += double(frame[i]) * frame[i];
    out_.rms.push_back(float(std::sqrt(sq / kHop)));
    const std::vector<float>& power = spectrum_.compute(frame);
    mel_bank_->apply(power, mel_);

    float flux = 0.0f, low_flux = 0.0f;
    log_mel_.resize(kMelBands);
    for (int b = 0; b < kMelBands; ++b) {
        const float l = std::log(std::max(mel_[b], kLogFloor));
        const float rise = std::max(0.0f, l - previous_log_mel_[b]);
        flux += rise;
        if (b < mel_bank_->low_onset_bands) low_flux += rise;
        previous_log_mel_[b] = l;
        log_mel_[b] = l;
    }
    if (keep_log_mel_) out_.log_mel.insert(out_.log_mel.end(), log_mel_.begin(), log_mel_.end());
    out_.onset.push_back(flux / kMelBands);
    out_.low_onset.push_back(low_flux / std::max(1, mel_bank_->low_onset_bands));

    double low = 0, mid = 0, high = 0, weighted = 0, total = 0;
    for (std::size_t k = 1; k < power.size(); ++k) {
        const double f = bin_hz(k), p = power[k];
        (f < kLowBandHz ? low : f < kHighBandHz ? mid : high) += p;
        weighted += f * p;
        total += p;
    }
    const double norm = 1.0 / (double(kFrameSize) * kFrameSize);  // power of a unit sine ~ 1/16
    out_.low.push_back(float(low * norm));
    out_.mid.push_back(float(mid * norm));
    out_.high.push_back(float(high * norm));
    out_.centroid.push_back(total > 0 ? float(weighted / total) : 0.0f);

    // MFCC statistics over frames that are not silent (silence would dominate the covariance).
    if (out_.rms.back() < 1e-4f) return;
    std::array<double, Timbre::kCoefficients> c{};
    for (int i = 0; i < Timbre::kCoefficients; ++i) {
        for (int b = 0; b < kMelBands; ++b) c[i] += mel_bank_->dct[i][b] * log_mel_[b];
        mfcc_sum_[i] += c[i];
    }
    for (int i = 0; i < Timbre::kCoefficients; ++i) {
        for (int j = 0; j < Timbre::kCoefficients; ++j) mfcc_outer_sum_[i * Timbre::kCoefficients + j] += c[i] * c[j];
    }
    ++mfcc_frames_;
}

FrameFeatures SpectralAnalyzer::finish() {
    slicer_.flush([this](const float* frame) { analyse_frame(frame); });

    constexpr int n = Timbre::kCoefficients;
    out_.timbre.mfcc_mean.assign(n, 0.0f);
    out_.timbre.mfcc_cov.assign(n * n, 0.0f);
    if (mfcc_frames_ > 0) {
        const double count = double(mfcc_frames_);
        for (int i = 0; i < n; ++i) out_.timbre.mfcc_mean[i] = float(mfcc_sum_[i] / count);
        for (int i = 0; i < n; ++i) {
            for (int j = 0; j < n; ++j) {
                const double mean_i = mfcc_sum_[i] / count, mean_j = mfcc_sum_[j] / count;
                out_.timbre.mfcc_cov[i * n + j] = float(mfcc_outer_sum_[i * n + j] / count - mean_i * mean_j);
            }
        }
    }
    return std::move(out_);
}

}  // namespace minidj::analysis
