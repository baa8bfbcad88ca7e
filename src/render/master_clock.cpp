#include "render/master_clock.h"

#include <algorithm>
#include <cmath>

namespace minidj::render {

MasterClock::MasterClock(const TransitionPlan& plan) {
    const int k = plan.overlap_beats();
    times_.assign(std::size_t(k) + 1, 0.0);
    for (int i = 0; i < k; ++i) {
        const double bpm = plan.stretch ? evaluate(plan.tempo, i + 0.5) : plan.bpm_a;
        times_[std::size_t(i) + 1] = times_[std::size_t(i)] + 60.0 / bpm;
    }
}

double MasterClock::time_of(double beat) const {
    const double first = times_[1] - times_[0];
    const double last = times_.back() - times_[times_.size() - 2];
    if (beat <= 0) return beat * first;
    const double k = double(times_.size() - 1);
    if (beat >= k) return times_.back() + (beat - k) * last;
    const auto i = std::size_t(beat);
    return times_[i] + (beat - double(i)) * (times_[i + 1] - times_[i]);
}

double MasterClock::beat_at(double seconds) const {
    const double first = times_[1] - times_[0];
    const double last = times_.back() - times_[times_.size() - 2];
    if (seconds <= 0) return seconds / first;
    if (seconds >= times_.back())
        return double(times_.size() - 1) + (seconds - times_.back()) / last;
    const auto it = std::upper_bound(times_.begin(), times_.end(), seconds);
    const auto i = std::size_t(it - times_.begin()) - 1;
    return double(i) + (seconds - times_[i]) / (times_[i + 1] - times_[i]);
}

}  // namespace minidj::render
