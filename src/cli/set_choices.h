#pragma once
// The words `set` and `play` share: --arc, --harmonic and --style, each refused with its option
// named ("set: --arc up: expected warmup, peak, wave or flat").

#include <string>

#include "minidj/render.h"
#include "minidj/set_planner.h"

namespace minidj::cli {

struct SetChoices {
    planner::EnergyArc arc = planner::EnergyArc::kPeak;
    planner::HarmonicRule harmonic = planner::HarmonicRule::kLoose;
    MixStyle style = MixStyle::kBassSwap;
};

Result<SetChoices> parse_set_choices(const char* verb, const std::string& arc, const std::string& harmonic,
                                     const std::string& style);

}  // namespace minidj::cli
