#pragma once
// ITU-R BS.1770-4 / EBU R128 loudness of a whole track: K-weighting, integrated loudness
// (400 ms blocks every 100 ms, -70 LUFS absolute and -10 LU relative gates), loudness range
// (EBU Tech 3342: 3 s blocks every second, -20 LU relative gate, 10th to 95th percentile) and
// a 3 s short-term reading at the end of every second. Same definitions and block timing as
// libebur128, which the tests hold it to; it exists because libebur128 took a third of the
// analysis: it filters each channel on its own and re-sums every 400 ms block four times.
// Here stereo is filtered as one two-lane vector and each sample is summed once, into its
// 100 ms block and its second.

#include <cstddef>
#include <vector>

namespace minidj::analysis {

class Bs1770Meter {
public:
    Bs1770Meter(int sample_rate, int channels);  // 1 or 2 channels, each weighted 1.0
    void process(const float* interleaved, std::size_t frames);
    int channels() const { return channels_; }
    double integrated_lufs() const;  ///< -HUGE_VAL when every block is under the gates
    double range_lu() const;
    /// Short-term loudness (LUFS, not floored) over the 3 s ending at each whole second so far;
    /// the first two read the missing seconds as silence.
    const std::vector<double>& short_term_per_second() const { return short_term_; }
    /// Short-term loudness (LUFS, not floored) over the 3 s ending at each whole 100 ms block
    /// so far, the blocks before the start read as silence: the curve a transition is judged on.
    std::vector<double> short_term_per_block() const;

private:
    using Pair = double __attribute__((vector_size(16)));  // two channels, filtered together
    struct Biquad {
        double b0, b1, b2, a1, a2;
    };
    int channels_;
    Biquad shelf_{}, highpass_{};
    Pair s1_{}, s2_{}, t1_{}, t2_{};  // transposed direct-form II states of the two stages
    std::size_t frames_per_block_;    // 100 ms, rounded as libebur128 does
    std::size_t frames_per_second_;
    std::size_t in_block_ = 0, in_second_ = 0;
    double block_sum_ = 0.0, second_sum_ = 0.0;
    std::vector<double> blocks_;       // mean square of each whole 100 ms block
    std::vector<double> seconds_;      // mean square of each whole second
    std::vector<double> short_term_;
};

}  // namespace minidj::analysis
