// printable_path: any file name as valid UTF-8 on one line, for messages.
#include <cstdint>
#include <string>
#include <string_view>

#include "minidj/files.h"
#include "util/utf8.h"

namespace minidj {
namespace {

void append_hex_escape(std::string& out, std::uint8_t b) {
    static constexpr char kHex[] = "0123456789abcdef";
    out += "\\x";
    out += kHex[b >> 4];
    out += kHex[b & 0xF];
}

}  // namespace

std::string printable_path(const std::filesystem::path& path) {
    const std::string_view s = path.native();
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const auto b = static_cast<std::uint8_t>(s[i]);
        if (b < 0x80) {
            // Control characters (a newline in a file name) would split a one-line error.
            if (b < 0x20 || b == 0x7F) {
                append_hex_escape(out, b);
            } else {
                out += char(b);
            }
            ++i;
        } else if (std::size_t len = utf8_sequence_length(s, i)) {
            out.append(s.substr(i, len));
            i += len;
        } else {
            append_hex_escape(out, b);
            ++i;
        }
    }
    return out;
}

}  // namespace minidj
