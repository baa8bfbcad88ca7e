// The audio extension list (what folder scans try to decode).
#include <algorithm>
#include <array>
#include <string>
#include <string_view>

#include "minidj/audio.h"

namespace minidj {

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
