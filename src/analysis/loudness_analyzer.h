#pragma once
// EBU R128 loudness (integrated, range, short-term curve; bs1770_meter.h) and true peak
// (true_peak.h), on the decoded audio at its own sample rate and channel count (1 or 2).

#include <cstddef>

#include "analysis/bs1770_meter.h"
#include "analysis/true_peak.h"
#include "minidj/analysis.h"

namespace minidj::analysis {

class LoudnessAnalyzer {
public:
    LoudnessAnalyzer(int sample_rate, int channels);
    void process(const float* interleaved, std::size_t frames);
    LoudnessStats finish();

private:
    Bs1770Meter meter_;
    TruePeakMeter peaks_;
};

}  // namespace minidj::analysis
