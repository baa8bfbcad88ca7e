#pragma once
// Cuts a stream of samples, arriving in blocks of any size, into overlapping frames.

#include <cstddef>
#include <vector>

namespace minidj::analysis {

class FrameSlicer {
public:
    /// The first frame is centred on sample 0: it starts with size/2 zeros.
    FrameSlicer(std::size_t size, std::size_t hop) : size_(size), hop_(hop), pending_(size / 2, 0.0f) {}

    /// Appends `count` samples and calls on_frame(const float* frame) for each complete frame.
    template <class OnFrame>
    void push(const float* samples, std::size_t count, OnFrame&& on_frame) {
        pending_.insert(pending_.end(), samples, samples + count);
        std::size_t start = 0;
        for (; pending_.size() - start >= size_; start += hop_) on_frame(pending_.data() + start);
        pending_.erase(pending_.begin(), pending_.begin() + std::ptrdiff_t(start));
    }

    /// Pads with size/2 zeros so the last samples reach a frame centre.
    template <class OnFrame>
    void flush(OnFrame&& on_frame) {
        const std::vector<float> tail(size_ / 2, 0.0f);
        push(tail.data(), tail.size(), on_frame);
    }

private:
    std::size_t size_, hop_;
    std::vector<float> pending_;
};

}  // namespace minidj::analysis
