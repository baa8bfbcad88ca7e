#pragma once
// EBU R128 loudness (integrated, range, short-term curve) with libebur128, and true peak
// (true_peak.h), on the decoded audio at its own sample rate and channel count (1 or 2).

#include <cstddef>
#include <memory>

#include "minidj/analysis.h"

namespace minidj::analysis {

class LoudnessAnalyzer {
public:
    LoudnessAnalyzer(int sample_rate, int channels);
    ~LoudnessAnalyzer();
    void process(const float* interleaved, std::size_t frames);
    LoudnessStats finish();

private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace minidj::analysis
