#pragma once
/// @file parse.h
/// Strict parsing of what a person types: the whole text must be read, or it is an error that
/// says what was expected. Nothing here throws (unlike std::stod) or accepts a prefix.

#include <string_view>

#include "minidj/result.h"

namespace minidj {

/// The longest length parse_duration() accepts: a day.
inline constexpr double kMaxDurationS = 24 * 3600.0;

/// A length of time in seconds, from "90m", "1h30m", "1.5h", "3600s", "45:00" (minutes and
/// seconds), "1:30:00" (hours, minutes, seconds) or a bare number of seconds ("3600"). Units
/// h, m and s appear at most once each, in that order. Fails with a reason (no component: the
/// caller names the option), e.g. "expected a length like 90m, 1h30m, 45:00 or 3600s", for
/// signs, spaces, exponents, "inf", "." and anything else, and for lengths of 0 or over
/// kMaxDurationS.
Result<double> parse_duration(std::string_view text);

}  // namespace minidj
