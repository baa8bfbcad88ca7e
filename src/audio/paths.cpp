// File-name helpers: printable (valid UTF-8, one line) paths and the audio extension list.
#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "minidj/audio.h"

namespace minidj {
namespace {

// Length of the valid UTF-8 sequence starting at s[i], or 0 if it is not one. Rejects
// overlong forms, surrogates and code points above U+10FFFF, as RFC 3629 requires.
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<std::uint8_t>(s[k]); };
    const std::uint8_t b0 = byte(i);
    std::size_t len = 0;
    std::uint8_t lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        len = 2;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        len = 3;
        if (b0 == 0xE0) lo = 0xA0;  // overlong
        if (b0 == 0xED) hi = 0x9F;  // surrogates
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        len = 4;
        if (b0 == 0xF0) lo = 0x90;  // overlong
        if (b0 == 0xF4) hi = 0x8F;  // above U+10FFFF
    } else {
        return 0;
    }
    if (i + len > s.size()) return 0;
    if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
    for (std::size_t k = 2; k < len; ++k) {
        if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
    }
    return len;
}

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
