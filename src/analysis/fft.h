#pragma once
// A real-to-complex FFT of fixed size (FFTW, single precision) with its plan and buffers.
// FFTW's planner is not thread-safe, so plan creation and destruction take a global lock;
// execution on the object's own buffers is thread-safe and allocation-free.

#include <complex>
#include <cstddef>
#include <vector>

namespace minidj::analysis {

class RealFft {
public:
    explicit RealFft(std::size_t size);
    ~RealFft();
    RealFft(const RealFft&) = delete;
    RealFft& operator=(const RealFft&) = delete;

    std::size_t size() const { return size_; }
    /// Input buffer of size() samples; fill it, then call forward().
    float* input() { return input_; }
    /// Computes |X[k]|^2 for k = 0..size()/2 into `power` (resized to size()/2 + 1).
    void forward_power(std::vector<float>& power);

private:
    std::size_t size_;
    float* input_;
    void* output_;  // fftwf_complex*, kept opaque so this header needs no fftw3.h
    void* plan_;
};

/// The periodic Hann window of length n.
std::vector<float> hann_window(std::size_t n);

/// The power spectrum of Hann-windowed frames of one size; plan and buffers are reused.
class WindowedPowerSpectrum {
public:
    explicit WindowedPowerSpectrum(std::size_t size) : fft_(size), window_(hann_window(size)) {}
    std::size_t size() const { return fft_.size(); }
    /// |X[k]|^2 for k = 0..size()/2 of `frame` (size() samples) times the window; the
    /// reference stays valid until the next call.
    const std::vector<float>& compute(const float* frame) {
        float* in = fft_.input();
        for (std::size_t i = 0; i < window_.size(); ++i) in[i] = frame[i] * window_[i];
        fft_.forward_power(power_);
        return power_;
    }

private:
    RealFft fft_;
    std::vector<float> window_;
    std::vector<float> power_;
};

}  // namespace minidj::analysis
