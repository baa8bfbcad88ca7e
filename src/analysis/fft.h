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

}  // namespace minidj::analysis
