#include "analysis/fft.h"

#include <fftw3.h>

#include <cmath>
#include <mutex>
#include <numbers>

namespace minidj::analysis {
namespace {
std::mutex& planner_mutex() {
    static std::mutex m;
    return m;
}
}  // namespace

RealFft::RealFft(std::size_t size) : size_(size) {
    std::lock_guard lock(planner_mutex());
    input_ = fftwf_alloc_real(size);
    auto* out = fftwf_alloc_complex(size / 2 + 1);
    output_ = out;
    plan_ = fftwf_plan_dft_r2c_1d(static_cast<int>(size), input_, out, FFTW_ESTIMATE);
    std::fill(input_, input_ + size, 0.0f);
}

RealFft::~RealFft() {
    std::lock_guard lock(planner_mutex());
    fftwf_destroy_plan(static_cast<fftwf_plan>(plan_));
    fftwf_free(input_);
    fftwf_free(output_);
}

void RealFft::forward_power(std::vector<float>& power) {
    fftwf_execute(static_cast<fftwf_plan>(plan_));
    const auto* out = static_cast<const fftwf_complex*>(output_);
    power.resize(size_ / 2 + 1);
    for (std::size_t k = 0; k < power.size(); ++k) {
        power[k] = out[k][0] * out[k][0] + out[k][1] * out[k][1];
    }
}

std::vector<float> hann_window(std::size_t n) {
    std::vector<float> w(n);
    for (std::size_t i = 0; i < n; ++i) {
        w[i] = static_cast<float>(0.5 - 0.5 * std::cos(2.0 * std::numbers::pi * double(i) / double(n)));
    }
    return w;
}

}  // namespace minidj::analysis
