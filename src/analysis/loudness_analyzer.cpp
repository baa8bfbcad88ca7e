#include "analysis/loudness_analyzer.h"

#include "analysis/true_peak.h"

#include <ebur128.h>

#include <algorithm>
#include <cmath>

namespace minidj::analysis {
namespace {
struct Ebur128Deleter {
    void operator()(ebur128_state* s) const { ebur128_destroy(&s); }
};
double to_db(double linear) { return linear > 0 ? 20.0 * std::log10(linear) : -120.0; }
}  // namespace

struct LoudnessAnalyzer::State {
    std::unique_ptr<ebur128_state, Ebur128Deleter> meter;
    std::unique_ptr<TruePeakMeter> peaks;
    int channels;
    std::size_t frames_per_second;
    std::size_t until_next_reading;
    // K-weighted mean square of the last three whole seconds: the 3 s short-term loudness kept
    // from one 1 s reading per second. libebur128's own short-term reading re-sums all 3 s.
    double last_seconds[3] = {0.0, 0.0, 0.0};
    std::size_t seconds_read = 0;
    LoudnessStats stats;
};

LoudnessAnalyzer::LoudnessAnalyzer(int sample_rate, int channels)
    : state_(std::make_unique<State>()) {
    state_->meter.reset(ebur128_init(unsigned(channels), unsigned(sample_rate),
                                     EBUR128_MODE_I | EBUR128_MODE_LRA));
    state_->peaks = std::make_unique<TruePeakMeter>(sample_rate, channels);
    state_->channels = channels;
    state_->frames_per_second = std::size_t(sample_rate);
    state_->until_next_reading = state_->frames_per_second;
}

LoudnessAnalyzer::~LoudnessAnalyzer() = default;

void LoudnessAnalyzer::process(const float* interleaved, std::size_t frames) {
    auto& s = *state_;
    if (!s.meter) return;
    s.peaks->process(interleaved, frames);
    // Feed in pieces that end on whole seconds, so the short-term curve has one value per second.
    while (frames > 0) {
        const std::size_t n = std::min(frames, s.until_next_reading);
        ebur128_add_frames_float(s.meter.get(), interleaved, n);
        interleaved += n * std::size_t(s.channels);
        frames -= n;
        s.until_next_reading -= n;
        if (s.until_next_reading == 0) {
            double second = -HUGE_VAL;
            const bool read = ebur128_loudness_window(s.meter.get(), 1000, &second) == EBUR128_SUCCESS;
            s.last_seconds[s.seconds_read++ % 3] =
                read && std::isfinite(second) ? std::pow(10.0, (second + 0.691) / 10.0) : 0.0;
            const double mean = (s.last_seconds[0] + s.last_seconds[1] + s.last_seconds[2]) / 3.0;
            const double st = mean > 0.0 ? -0.691 + 10.0 * std::log10(mean) : -70.0;
            s.stats.short_term_lufs.push_back(float(std::max(st, -70.0)));
            s.until_next_reading = s.frames_per_second;
        }
    }
}

LoudnessStats LoudnessAnalyzer::finish() {
    auto& s = *state_;
    if (!s.meter) return s.stats;
    double value = 0;
    if (ebur128_loudness_global(s.meter.get(), &value) == EBUR128_SUCCESS && std::isfinite(value)) {
        s.stats.integrated_lufs = std::max(value, -70.0);
    }
    if (ebur128_loudness_range(s.meter.get(), &value) == EBUR128_SUCCESS && std::isfinite(value)) {
        s.stats.range_lu = value;
    }
    s.peaks->finish();
    s.stats.true_peak_dbtp = to_db(s.peaks->true_peak());
    s.stats.sample_peak_dbfs = to_db(s.peaks->sample_peak());
    return std::move(s.stats);
}

}  // namespace minidj::analysis
