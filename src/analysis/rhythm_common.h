#pragma once
// Small helpers both rhythm readers use (rhythm.h).

#include <algorithm>
#include <cmath>
#include <vector>

namespace minidj::analysis {

/// The tempo of beats in seconds: 60 / their median interval, to 0.01 BPM; 0 for < 2 beats.
inline double bpm_of(const std::vector<double>& beats) {
    if (beats.size() < 2) return 0.0;
    std::vector<double> d;
    for (std::size_t i = 1; i < beats.size(); ++i) d.push_back(beats[i] - beats[i - 1]);
    std::nth_element(d.begin(), d.begin() + std::ptrdiff_t(d.size() / 2), d.end());
    const double ibi = d[d.size() / 2];
    return ibi > 0 ? std::round(6000.0 / ibi) / 100.0 : 0.0;
}

}  // namespace minidj::analysis
