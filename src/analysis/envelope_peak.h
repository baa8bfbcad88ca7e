#pragma once
// The largest value of a per-frame envelope within a few frames of a (fractional) frame: how
// strongly something happens at a beat whose position is known to a frame or two.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

namespace minidj::analysis {

inline double peak_near(const std::vector<float>& envelope, double frame, int radius) {
    const auto centre = std::ptrdiff_t(std::lround(frame));
    float best = 0.0f;
    for (std::ptrdiff_t i = centre - radius; i <= centre + radius; ++i) {
        if (i >= 0 && std::size_t(i) < envelope.size()) best = std::max(best, envelope[std::size_t(i)]);
    }
    return double(best);
}

}  // namespace minidj::analysis
