#pragma once
// zlib's deflate for the stored analysis JSON (docs/library.md, "Compact storage"): the text
// compresses about 2.5x (it is mostly numbers). Format: the text's length as 4 bytes
// little-endian, then a zlib stream.

#include <optional>
#include <string>
#include <string_view>

namespace minidj::library_detail {

std::string deflate_text(std::string_view text);
/// nullopt for bytes that are not such a stream (damaged, truncated, another length).
std::optional<std::string> inflate_text(std::string_view stored);

}  // namespace minidj::library_detail
