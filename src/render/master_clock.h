#pragma once
// The master clock of a transition: master beat <-> seconds from the start of the overlap,
// integrated from the plan's tempo curve (each beat lasts 60 / tempo at its middle). Outside
// the overlap the first and last beat periods continue.

#include <vector>

#include "minidj/render.h"

namespace minidj::render {

class MasterClock {
  public:
    explicit MasterClock(const TransitionPlan& plan);
    double time_of(double beat) const;  ///< seconds from the overlap start
    double beat_at(double seconds) const;
    double length_s() const { return times_.back(); }  ///< the whole overlap
    int beats() const { return int(times_.size()) - 1; }
    const std::vector<double>& beat_times() const { return times_; }

  private:
    std::vector<double> times_;  // beats 0..K
};

}  // namespace minidj::render
