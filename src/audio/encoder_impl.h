#pragma once
// Private to src/audio: the state behind AudioEncoder, shared by encoder_open.cpp (muxer and
// codec setup) and encoder_write.cpp (convert -> FIFO -> fixed-size frames -> packets).

#include <cstdint>
#include <optional>
#include <string_view>

#include "audio/ffmpeg_handles.h"
#include "audio/output_formats.h"
#include "minidj/audio.h"

namespace minidj {

struct AudioEncoder::Impl {
    std::filesystem::path path;     // final name
    std::optional<AtomicFile> out;  // the temporary file FFmpeg writes; committed by finish()

    audio_detail::OutputFormatPtr muxer;
    audio_detail::CodecContextPtr codec;
    AVStream* stream = nullptr;      // owned by `muxer`
    audio_detail::SwrPtr swr;        // interleaved float input -> the codec's format/rate/layout
    audio_detail::FifoPtr fifo;      // codecs want exactly frame_size samples per frame
    audio_detail::FramePtr staging;  // swr output, before it goes into the FIFO
    audio_detail::FramePtr frame;
    audio_detail::PacketPtr packet;

    int in_channels = 0;
    int frame_size = 0;
    std::int64_t next_pts = 0;
    bool finished = false;
    bool failed = false;  // after an error nothing more is written; finish() reports it

    ~Impl();
    Error fail(std::string_view reason);

    // encoder_open.cpp
    Status open_muxer(const audio_detail::OutputFormat& spec);
    Status open_codec(const audio_detail::OutputFormat& spec, int rate, int channels);
    Status open_file_and_converter(const audio_detail::OutputFormat& spec, int in_rate,
                                   int in_channels);

    // encoder_write.cpp
    Status push(const float* interleaved, int frames);  // null/0: flush swr
    Status encode_from_fifo(int samples);
    Status send_and_write(const AVFrame* f);  // null: drain the encoder
};

}  // namespace minidj
