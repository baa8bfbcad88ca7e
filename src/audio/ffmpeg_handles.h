#pragma once
// Private to src/audio: owning wrappers for FFmpeg handles (STYLE.md #9) and the few helpers
// every FFmpeg-facing file needs. No FFmpeg type may leak out of src/audio.

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/audio_fifo.h>
#include <libavutil/channel_layout.h>
#include <libavutil/opt.h>
#include <libswresample/swresample.h>
}

#include <memory>
#include <string>

namespace minidj::audio_detail {

// FFmpeg's free functions take a pointer-to-pointer; these adapt them to unique_ptr deleters.
struct InputFormatDeleter {
    void operator()(AVFormatContext* p) const { avformat_close_input(&p); }
};
struct OutputFormatDeleter {
    void operator()(AVFormatContext* p) const {
        if (p->pb && !(p->oformat->flags & AVFMT_NOFILE)) avio_closep(&p->pb);
        avformat_free_context(p);
    }
};
struct CodecContextDeleter {
    void operator()(AVCodecContext* p) const { avcodec_free_context(&p); }
};
struct PacketDeleter {
    void operator()(AVPacket* p) const { av_packet_free(&p); }
};
struct FrameDeleter {
    void operator()(AVFrame* p) const { av_frame_free(&p); }
};
struct SwrDeleter {
    void operator()(SwrContext* p) const { swr_free(&p); }
};
struct FifoDeleter {
    void operator()(AVAudioFifo* p) const { av_audio_fifo_free(p); }
};

using InputFormatPtr = std::unique_ptr<AVFormatContext, InputFormatDeleter>;
using OutputFormatPtr = std::unique_ptr<AVFormatContext, OutputFormatDeleter>;
using CodecContextPtr = std::unique_ptr<AVCodecContext, CodecContextDeleter>;
using PacketPtr = std::unique_ptr<AVPacket, PacketDeleter>;
using FramePtr = std::unique_ptr<AVFrame, FrameDeleter>;
using SwrPtr = std::unique_ptr<SwrContext, SwrDeleter>;
using FifoPtr = std::unique_ptr<AVAudioFifo, FifoDeleter>;

/// An AVChannelLayout that uninitialises itself (layouts may own a custom channel map).
class ChannelLayout {
  public:
    ChannelLayout() = default;
    explicit ChannelLayout(int channels) { av_channel_layout_default(&layout_, channels); }
    ~ChannelLayout() { av_channel_layout_uninit(&layout_); }
    ChannelLayout(const ChannelLayout&) = delete;
    ChannelLayout& operator=(const ChannelLayout&) = delete;
    AVChannelLayout* get() { return &layout_; }
    const AVChannelLayout* get() const { return &layout_; }

  private:
    AVChannelLayout layout_{};
};

/// Silences FFmpeg's own logging exactly once per process: our errors are values, and a
/// library printing to stderr would break the CLI's one-line-per-bad-file contract.
void init_ffmpeg();

/// Human text for an AVERROR code, lower-case like the rest of our messages.
std::string av_error_text(int code);

/// The layout swresample should assume for `src`: mono and stereo are taken as plain
/// mono/stereo (so they pass through untouched); unspecified orders get FFmpeg's default layout
/// for that channel count. Fails (returns false) when no usable layout exists.
bool usable_layout(const AVChannelLayout& src, ChannelLayout& out);

/// Creates a converter between two layouts/formats/rates. Downmix to stereo follows ITU-R
/// BS.775 (centre and surrounds at -3 dB, LFE dropped); a fold to mono is normalised so a
/// mono signal copied to both sides comes back at its original level.
SwrPtr make_swr(const AVChannelLayout& in_layout, AVSampleFormat in_fmt, int in_rate,
                const AVChannelLayout& out_layout, AVSampleFormat out_fmt, int out_rate);

}  // namespace minidj::audio_detail
