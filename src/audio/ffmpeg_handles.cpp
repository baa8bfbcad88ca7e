// Shared FFmpeg plumbing for src/audio: logging, error text, channel layouts, swresample setup.
#include "audio/ffmpeg_handles.h"

#include <cmath>
#include <mutex>

namespace minidj::audio_detail {

void init_ffmpeg() {
    static std::once_flag once;
    std::call_once(once, [] { av_log_set_level(AV_LOG_QUIET); });
}

std::string av_error_text(int code) {
    char buf[AV_ERROR_MAX_STRING_SIZE] = {};
    if (av_strerror(code, buf, sizeof buf) < 0) return "error " + std::to_string(code);
    std::string text(buf);
    if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z') text[0] = char(text[0] - 'A' + 'a');
    return text;
}

bool usable_layout(const AVChannelLayout& src, ChannelLayout& out) {
    const int n = src.nb_channels;
    if (n <= 0 || n > 64) return false;
    // Mono and stereo must pass through unchanged whatever the file claims (e.g. "downmix" or
    // an unspecified order), so they are normalised to the plain layouts.
    if (n <= 2 || src.order == AV_CHANNEL_ORDER_UNSPEC) {
        av_channel_layout_uninit(out.get());
        av_channel_layout_default(out.get(), n);
    } else if (av_channel_layout_copy(out.get(), &src) < 0) {
        return false;
    }
    return out.get()->order == AV_CHANNEL_ORDER_NATIVE ||
           out.get()->order == AV_CHANNEL_ORDER_CUSTOM;
}

SwrPtr make_swr(const AVChannelLayout& in_layout, AVSampleFormat in_fmt, int in_rate,
                const AVChannelLayout& out_layout, AVSampleFormat out_fmt, int out_rate) {
    SwrContext* raw = nullptr;
    // FFmpeg 5.1 declares these parameters non-const but only reads them (6.0 adds the const).
    if (swr_alloc_set_opts2(&raw, const_cast<AVChannelLayout*>(&out_layout), out_fmt, out_rate,
                            const_cast<AVChannelLayout*>(&in_layout), in_fmt, in_rate, 0,
                            nullptr) < 0) {
        return nullptr;
    }
    SwrPtr swr(raw);
    // ITU-R BS.775 fold-down; these are also FFmpeg's defaults, set here so they cannot drift.
    av_opt_set_double(swr.get(), "center_mix_level", M_SQRT1_2, 0);
    av_opt_set_double(swr.get(), "surround_mix_level", M_SQRT1_2, 0);
    av_opt_set_double(swr.get(), "lfe_mix_level", 0.0, 0);
    if (out_layout.nb_channels == 1 && in_layout.nb_channels > 1) {
        // Without this a float mono fold is L*0.707 + R*0.707: +3 dB for centred material.
        av_opt_set_double(swr.get(), "rematrix_maxval", 1.0, 0);
    }
    if (swr_init(swr.get()) < 0) return nullptr;
    return swr;
}

}  // namespace minidj::audio_detail
