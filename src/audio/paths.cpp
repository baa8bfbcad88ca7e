// File-name helpers: printable (valid UTF-8, one line) paths and the audio extension list.
#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "minidj/audio.h"
#include "audio/utf8.h"

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

bool is_audio_extension(const std::filesystem::path& path) {
    static constexpr std::array<std::string_view, 19> kExtensions = {
        "mp3",  "m4a", "aac",  "mp4", "flac", "ogg", "oga",  "opus", "wav", "aif",
        "aiff", "wma", "alac", "ape", "wv",   "mka", "webm", "m4b",  "wave"};
    std::string ext = path.extension().string();
    if (ext.size() < 2) return false;
    ext.erase(0, 1);
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) {
        return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    });
    return std::find(kExtensions.begin(), kExtensions.end(), ext) != kExtensions.end();
}

}  // namespace minidj
