// The set planner's named options and the energy arcs.
#include <algorithm>
#include <cmath>
#include <numbers>

#include "minidj/set_planner.h"

namespace minidj::planner {

std::string arc_name(EnergyArc arc) {
    switch (arc) {
        case EnergyArc::kWarmup: return "warmup";
        case EnergyArc::kPeak: return "peak";
        case EnergyArc::kWave: return "wave";
        case EnergyArc::kFlat: return "flat";
    }
    return "peak";
}

std::optional<EnergyArc> parse_arc(const std::string& name) {
    for (auto arc : {EnergyArc::kWarmup, EnergyArc::kPeak, EnergyArc::kWave, EnergyArc::kFlat}) {
        if (arc_name(arc) == name) return arc;
    }
    return std::nullopt;
}

double arc_target(EnergyArc arc, double position) {
    const double x = std::clamp(position, 0.0, 1.0);
    switch (arc) {
        case EnergyArc::kWarmup: return 0.15 + 0.75 * x;
        case EnergyArc::kPeak:  // up to a climax two thirds in, then down to the middle
            return x < 2.0 / 3.0 ? 0.25 + 0.7 * x * 1.5 : 0.95 - 0.45 * (x - 2.0 / 3.0) * 3.0;
        case EnergyArc::kWave: return 0.5 - 0.35 * std::cos(4.0 * std::numbers::pi * x);
        case EnergyArc::kFlat: return 0.5;
    }
    return 0.5;
}

std::optional<HarmonicRule> parse_harmonic_rule(const std::string& name) {
    if (name == "strict") return HarmonicRule::kStrict;
    if (name == "loose") return HarmonicRule::kLoose;
    if (name == "off") return HarmonicRule::kOff;
    return std::nullopt;
}

std::string method_name(SearchMethod method) {
    switch (method) {
        case SearchMethod::kBeamAnneal: return "beam+anneal";
        case SearchMethod::kGreedy: return "greedy";
        case SearchMethod::kRandom: return "random";
    }
    return "beam+anneal";
}

}  // namespace minidj::planner
