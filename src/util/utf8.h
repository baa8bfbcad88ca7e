#pragma once
// UTF-8 validation shared by everything that prints file names (paths are bytes on POSIX).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace minidj {

/// Length of the valid UTF-8 sequence starting at s[i] (1 for ASCII), or 0 if it is not one.
/// Rejects overlong forms, surrogates, code points above U+10FFFF and truncated sequences,
/// as RFC 3629 requires (and nlohmann/json enforces).
std::size_t utf8_sequence_length(std::string_view s, std::size_t i);

/// Valid UTF-8 with each invalid byte replaced by U+FFFD; nullopt when `s` was already valid.
std::optional<std::string> replace_invalid_utf8(std::string_view s);


}  // namespace minidj
