#pragma once
// Private to src/audio: which muxer, codec and settings each output extension means.

#include <filesystem>
#include <optional>
#include <string>

extern "C" {
#include <libavutil/samplefmt.h>
}

namespace minidj::audio_detail {

struct OutputFormat {
    const char* muxer;    ///< FFmpeg muxer short name
    const char* encoder;  ///< FFmpeg encoder name
    AVSampleFormat sample_format;
    long bit_rate = 0;               ///< bits per second for CBR/ABR codecs; 0 when not used
    int vbr_quality = -1;            ///< libvorbis-style quality (0..10); -1 when not used
    int max_channels = 2;            ///< more input channels are folded down to this
    int fixed_rate = 0;              ///< the codec's only sensible rate (Opus: 48 kHz); 0 if any
    const char* muxer_options = "";  ///< "key=value:key=value" for avformat_write_header
};

/// The format for `path`'s extension (case-insensitive), or nothing if we do not write it.
std::optional<OutputFormat> output_format_for(const std::filesystem::path& path);

/// The extensions output_format_for accepts, for error messages.
const char* supported_output_extensions();

/// `wanted` if the encoder takes it, else the nearest rate it does take (preferring higher,
/// so no bandwidth is lost). `supported` is FFmpeg's 0-terminated list, or null for "any".
int choose_sample_rate(const int* supported, int wanted);

}  // namespace minidj::audio_detail
