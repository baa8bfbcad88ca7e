#include "analysis/loudness_analyzer.h"

#include <algorithm>
#include <cmath>

namespace minidj::analysis {
namespace {
constexpr double kFloorLufs = -70.0;  // silence reads as the absolute gate, not -inf
double to_db(double linear) { return linear > 0 ? 20.0 * std::log10(linear) : -120.0; }
}  // namespace

LoudnessAnalyzer::LoudnessAnalyzer(int sample_rate, int channels)
    : meter_(sample_rate, channels), peaks_(sample_rate, channels) {}

void LoudnessAnalyzer::process(const float* interleaved, std::size_t frames) {
    peaks_.process(interleaved, frames);
    meter_.process(interleaved, frames);
}

LoudnessStats LoudnessAnalyzer::finish() {
    LoudnessStats stats;
    const double integrated = meter_.integrated_lufs();
    if (std::isfinite(integrated)) stats.integrated_lufs = std::max(integrated, kFloorLufs);
    stats.range_lu = meter_.range_lu();
    for (double st : meter_.short_term_per_second()) {
        stats.short_term_lufs.push_back(float(std::isfinite(st) ? std::max(st, kFloorLufs) : kFloorLufs));
    }
    peaks_.finish();
    stats.true_peak_dbtp = to_db(peaks_.true_peak());
    stats.sample_peak_dbfs = to_db(peaks_.sample_peak());
    return stats;
}

}  // namespace minidj::analysis
