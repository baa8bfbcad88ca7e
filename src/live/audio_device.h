#pragma once
// A sound card through PortAudio, fed from a FrameRing by PortAudio's callback. The callback
// only copies from the ring, ramps its pause gain and counts: it never blocks, allocates or
// locks. An empty ring while playing is an underrun (silence goes out, the count goes up).

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "live/frame_ring.h"
#include "minidj/live.h"

namespace minidj::live {

class AudioDevice {
public:
    /// `device` as OutputOptions::device; the ring holds `ring_s` seconds.
    static Result<std::unique_ptr<AudioDevice>> open(const std::string& device, double buffer_ms, double ring_s);
    ~AudioDevice();

    int sample_rate() const { return rate_; }
    const std::string& name() const { return name_; }
    FrameRing& ring() { return *ring_; }
    Status start();
    void stop();
    /// The sound card's output latency PortAudio reports for the open stream, seconds.
    double output_latency_s() const;

    std::uint64_t frames_played() const { return played_.load(std::memory_order_acquire); }
    std::uint64_t underruns() const { return underruns_.load(std::memory_order_acquire); }
    void set_paused(bool paused) { paused_.store(paused, std::memory_order_release); }
    bool paused() const { return paused_.load(std::memory_order_acquire); }
    /// The producer is done: an empty ring from now on is the end, not an underrun.
    void set_draining() { draining_.store(true, std::memory_order_release); }

    struct Stream;

private:
    AudioDevice() = default;
    static int callback(const void*, void* output, unsigned long frames, const void*, unsigned long, void* self);
    void fill(float* out, std::size_t frames);

    std::unique_ptr<Stream> stream_;
    std::unique_ptr<FrameRing> ring_;
    std::string name_;
    int rate_ = 48000;
    float gain_ = 1.0f, fade_step_ = 0.001f;  // the callback's own
    std::atomic<std::uint64_t> played_{0}, underruns_{0};
    std::atomic<bool> paused_{false}, draining_{false};
};

}  // namespace minidj::live
