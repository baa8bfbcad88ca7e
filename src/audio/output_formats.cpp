// The table of output formats: extension -> muxer, encoder, sample format and quality.
#include "audio/output_formats.h"

#include <algorithm>
#include <cstdlib>
#include <string_view>

namespace minidj::audio_detail {
namespace {

struct Entry {
    std::string_view extension;
    OutputFormat format;
};

// Lossless formats keep up to 8 channels; lossy ones fold to stereo, which is what every
// player expects from a DJ mix. Quality settings are "transparent" rather than "small":
// MP3 320k CBR, Vorbis q6 (~192k), Opus 160k, AAC 256k.
constexpr Entry kFormats[] = {
    {"wav", {"wav", "pcm_s16le", AV_SAMPLE_FMT_S16, 0, -1, 8, 0}},
    {"aiff", {"aiff", "pcm_s16be", AV_SAMPLE_FMT_S16, 0, -1, 8, 0}},
    {"aif", {"aiff", "pcm_s16be", AV_SAMPLE_FMT_S16, 0, -1, 8, 0}},
    {"flac", {"flac", "flac", AV_SAMPLE_FMT_S16, 0, -1, 8, 0}},
    {"mp3", {"mp3", "libmp3lame", AV_SAMPLE_FMT_FLTP, 320000, -1, 2, 0}},
    {"ogg", {"ogg", "libvorbis", AV_SAMPLE_FMT_FLTP, 0, 6, 2, 0}},
    {"oga", {"ogg", "libvorbis", AV_SAMPLE_FMT_FLTP, 0, 6, 2, 0}},
    {"opus", {"opus", "libopus", AV_SAMPLE_FMT_FLT, 160000, -1, 2, 48000}},
    // faststart puts the index first: players can stream the file, and a copy cut short
    // still has its index.
    {"m4a", {"ipod", "aac", AV_SAMPLE_FMT_FLTP, 256000, -1, 2, 0, "movflags=+faststart"}},
};

}  // namespace

std::optional<OutputFormat> output_format_for(const std::filesystem::path& path) {
    std::string ext = path.extension().string();
    if (ext.size() < 2) return std::nullopt;
    ext.erase(0, 1);
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) {
        return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    });
    for (const Entry& e : kFormats) {
        if (e.extension == ext) return e.format;
    }
    return std::nullopt;
}

const char* supported_output_extensions() {
    return ".wav, .aiff, .flac, .mp3, .ogg, .opus or .m4a";
}

int choose_sample_rate(const int* supported, int wanted) {
    if (!supported || !*supported) return wanted;
    int best_above = 0, best_below = 0;
    for (const int* r = supported; *r; ++r) {
        if (*r == wanted) return wanted;
        if (*r > wanted && (!best_above || *r < best_above)) best_above = *r;
        if (*r<wanted&& * r> best_below) best_below = *r;
    }
    return best_above ? best_above : best_below;
}

}  // namespace minidj::audio_detail

namespace minidj {

bool is_lossless_output(const std::filesystem::path& path) {
    const auto format = audio_detail::output_format_for(path);
    return format && format->bit_rate == 0 && format->vbr_quality < 0;
}

}  // namespace minidj
