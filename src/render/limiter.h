#pragma once
// A look-ahead true-peak limiter. Each frame's true peak is estimated by 4x polyphase
// interpolation (16-tap windowed sinc); the gain is the minimum needed over the look-ahead
// window, released exponentially, then averaged over the window, so it reaches its value
// before the peak arrives and never changes abruptly. Stereo, streaming, fixed latency.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <vector>

namespace minidj::render {

class TruePeakLimiter {
  public:
    TruePeakLimiter(int sample_rate, double ceiling_dbtp, double lookahead_s = 0.005,
                    double release_s = 0.15);
    /// Appends the limited frames that are ready to `out` (stereo interleaved). The output lags
    /// the input by latency() frames; finish() drains the rest.
    void process(const float* stereo, std::size_t frames, std::vector<float>& out);
    void finish(std::vector<float>& out);
    std::size_t latency() const;
    double min_gain() const { return min_gain_; }  ///< the deepest gain reduction applied (linear)

  private:
    static constexpr int kHalf = 8;  // interpolation taps each side
    void push(const float* stereo, std::size_t frames, std::vector<float>& out);
    double frame_peak(std::int64_t frame) const;
    double frame_peak_at_edge(std::int64_t frame) const;
    float x(std::int64_t frame, int channel) const;

    double ceiling_;
    std::int64_t lookahead_;
    double release_;
    // Four float lanes (GCC/Clang vector extension): the three interpolation phases and a spare.
    typedef float Lanes __attribute__((vector_size(16)));
    Lanes taps_[2 * kHalf] = {};  // tap i of the three phases side by side
    std::vector<float> x_;  // frames from xbase_ on, interleaved
    std::int64_t xbase_ = 0;
    std::int64_t frames_in_ = 0;
    std::int64_t next_r_ = 0;  // next frame whose required gain is computed
    std::int64_t next_out_ = 0;
    std::deque<std::pair<std::int64_t, double>> window_min_;  // monotonic: sliding minimum of r
    std::deque<double> average_;  // the last `lookahead_` released gains
    double average_sum_ = 0.0;
    double released_ = 1.0;
    double min_gain_ = 1.0;
};

}  // namespace minidj::render
