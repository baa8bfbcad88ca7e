#include "cli/set_choices.h"

#include <fmt/format.h>

namespace minidj::cli {

Result<SetChoices> parse_set_choices(const char* verb, const std::string& arc, const std::string& harmonic,
                                     const std::string& style) {
    SetChoices out;
    const auto a = planner::parse_arc(arc);
    if (!a) return Error{fmt::format("{}: --arc {}: expected warmup, peak, wave or flat", verb, arc)};
    out.arc = *a;
    const auto h = planner::parse_harmonic_rule(harmonic);
    if (!h) return Error{fmt::format("{}: --harmonic {}: expected strict, loose or off", verb, harmonic)};
    out.harmonic = *h;
    const auto s = parse_mix_style(style);
    if (!s) return Error{fmt::format("{}: --style {}: expected bass-swap, filter, echo-out or cut", verb, style)};
    out.style = *s;
    return out;
}

}  // namespace minidj::cli
