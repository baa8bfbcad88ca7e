#pragma once
// A beat-synced feedback echo (delay line) for echo-out: what is sent in repeats every
// `delay` frames, each repeat `feedback` times the one before.

#include <cstddef>
#include <vector>

namespace minidj::render {

class BeatEcho {
  public:
    BeatEcho(std::size_t delay_frames, double feedback)
        : line_(2 * std::max<std::size_t>(1, delay_frames), 0.0f), feedback_(float(feedback)) {}
    /// Adds the echo to `stereo` in place; `send` (0..1) is how much of this block feeds it.
    void process(float* stereo, std::size_t frames, float send) {
        for (std::size_t i = 0; i < 2 * frames; ++i) {
            const float delayed = line_[at_];
            line_[at_] = send * stereo[i] + feedback_ * delayed;
            stereo[i] += delayed;
            at_ = at_ + 1 == line_.size() ? 0 : at_ + 1;
        }
    }

  private:
    std::vector<float> line_;
    std::size_t at_ = 0;
    float feedback_;
};

}  // namespace minidj::render
