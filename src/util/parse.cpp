// parse_duration: lengths typed by a person, read strictly (no std::stod: it throws and
// accepts prefixes, signs, "inf" and hex).
#include "minidj/parse.h"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <optional>

namespace minidj {
namespace {

constexpr const char* kExpected = "expected a length like 90m, 1h30m, 45:00 or 3600s";

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Digits with at most one '.', and at least one digit: "12", "1.5", ".5", "2.".
std::optional<double> decimal(std::string_view text) {
    int digits = 0, dots = 0;
    for (const char c : text) {
        if (is_digit(c)) {
            ++digits;
        } else if (c == '.') {
            ++dots;
        } else {
            return std::nullopt;
        }
    }
    if (digits == 0 || dots > 1 || text.size() > 32) return std::nullopt;
    double value = 0.0;
    const auto [end, ec] =
        std::from_chars(text.data(), text.data() + text.size(), value, std::chars_format::fixed);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

// "45:00" or "1:30:00": the fields after the first are two digits below 60.
std::optional<double> clock_time(std::string_view text) {
    std::array<std::string_view, 3> parts;
    std::size_t n = 0;
    for (std::size_t start = 0;;) {
        const auto colon = text.find(':', start);
        if (n == parts.size()) return std::nullopt;
        parts[n++] = text.substr(start, colon == std::string_view::npos ? colon : colon - start);
        if (colon == std::string_view::npos) break;
        start = colon + 1;
    }
    if (n < 2) return std::nullopt;
    double total = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        const auto p = parts[i];
        const bool whole = !p.empty() && p.find('.') == std::string_view::npos;
        const auto value = whole ? decimal(p) : std::nullopt;
        if (!value || (i > 0 && (p.size() != 2 || *value >= 60))) return std::nullopt;
        total = total * 60 + *value;
    }
    return total;
}

// "1h30m", "90m", "1.5h", "3600s", "3600".
std::optional<double> with_units(std::string_view text) {
    static constexpr std::array<std::pair<char, double>, 3> kUnits = {
        {{'h', 3600.0}, {'m', 60.0}, {'s', 1.0}}};
    if (text.empty()) return std::nullopt;
    double total = 0.0;
    std::size_t next_unit = 0;  // units in order, each once
    while (!text.empty()) {
        std::size_t len = 0;
        while (len < text.size() && (is_digit(text[len]) || text[len] == '.')) ++len;
        const auto number = decimal(text.substr(0, len));
        if (!number) return std::nullopt;
        if (len == text.size()) {  // a bare number: seconds, and only on its own
            if (next_unit > 0) return std::nullopt;
            return *number;
        }
        std::size_t u = next_unit;
        while (u < kUnits.size() && kUnits[u].first != text[len]) ++u;
        if (u == kUnits.size()) return std::nullopt;
        total += *number * kUnits[u].second;
        next_unit = u + 1;
        text.remove_prefix(len + 1);
    }
    return total;
}

}  // namespace

Result<double> parse_duration(std::string_view text) {
    const auto seconds =
        text.find(':') != std::string_view::npos ? clock_time(text) : with_units(text);
    if (!seconds) return Error{kExpected};
    if (!(*seconds > 0)) return Error{"must be longer than 0"};
    if (*seconds > kMaxDurationS) {
        return Error{fmt::format("{:.0f} s is longer than the {:.0f} h maximum", *seconds,
                                 kMaxDurationS / 3600)};
    }
    return *seconds;
}

}  // namespace minidj
