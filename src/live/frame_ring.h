#pragma once
// A single-producer single-consumer ring of stereo frames: the player's thread writes, the
// audio callback reads. Lock-free and allocation-free after construction (two atomic indices,
// each written by one side only), so the callback never waits on the player.

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace minidj::live {

class FrameRing {
public:
    explicit FrameRing(std::size_t capacity_frames) : frames_(capacity_frames), data_(2 * capacity_frames) {}

    std::size_t capacity() const { return frames_; }
    /// Frames written and not yet read (either side may ask).
    std::size_t filled() const {
        return std::size_t(write_.load(std::memory_order_acquire) - read_.load(std::memory_order_acquire));
    }

    /// Producer: writes up to `n` frames; returns how many fitted.
    std::size_t write(const float* stereo, std::size_t n) {
        const std::uint64_t w = write_.load(std::memory_order_relaxed);
        const std::uint64_t r = read_.load(std::memory_order_acquire);
        n = std::min<std::size_t>(n, frames_ - std::size_t(w - r));
        for (std::size_t k = 0; k < n; ++k) {
            const std::size_t at = 2 * std::size_t((w + k) % frames_);
            data_[at] = stereo[2 * k];
            data_[at + 1] = stereo[2 * k + 1];
        }
        write_.store(w + n, std::memory_order_release);
        return n;
    }

    /// Consumer: reads up to `n` frames; returns how many there were.
    std::size_t read(float* stereo, std::size_t n) {
        const std::uint64_t r = read_.load(std::memory_order_relaxed);
        const std::uint64_t w = write_.load(std::memory_order_acquire);
        n = std::min<std::size_t>(n, std::size_t(w - r));
        for (std::size_t k = 0; k < n; ++k) {
            const std::size_t at = 2 * std::size_t((r + k) % frames_);
            stereo[2 * k] = data_[at];
            stereo[2 * k + 1] = data_[at + 1];
        }
        read_.store(r + n, std::memory_order_release);
        return n;
    }

private:
    std::size_t frames_;
    std::vector<float> data_;
    std::atomic<std::uint64_t> write_{0}, read_{0};
};

}  // namespace minidj::live
