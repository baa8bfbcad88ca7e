#pragma once
// Private to src/audio: the state behind AudioDecoder, shared by decoder_open.cpp (probing,
// stream and codec setup) and decoder_read.cpp (the packet/frame loop and conversion).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "audio/ffmpeg_handles.h"
#include "minidj/audio.h"

namespace minidj {

struct AudioDecoder::Impl {
    std::filesystem::path path;
    AudioInfo info;

    audio_detail::InputFormatPtr format;
    audio_detail::CodecContextPtr codec;
    audio_detail::PacketPtr packet;
    audio_detail::FramePtr frame;
    int stream_index = -1;

    // Converter from the decoder's native output (often planar, any layout) to interleaved
    // float with 1 or 2 channels; rebuilt if a stream changes format mid-way.
    audio_detail::SwrPtr swr;
    audio_detail::ChannelLayout swr_in_layout;
    AVSampleFormat swr_in_format = AV_SAMPLE_FMT_NONE;
    int swr_in_rate = 0;
    int out_channels = 0;
    int out_rate = 0;

    // Converted samples that did not fit the caller's block (only when a single decoded frame
    // is larger than max_frames, or at the resampler flush).
    std::vector<float> carry;
    std::size_t carry_offset = 0;  // in samples

    bool frame_pending = false;  // `frame` holds decoded audio not yet converted
    bool demux_done = false;     // the flush packet has been sent to the decoder
    bool end_of_stream = false;  // decoder drained and swr flushed
    bool primed = false;         // the first frame has been decoded (open() succeeded)
    std::int64_t prime_byte_limit = 0;
    std::size_t corrupt = 0;
    int consecutive_read_errors = 0;

    Error fail(std::string_view reason) const;

    // decoder_open.cpp
    Status open_input();
    Status select_stream();
    Status open_codec();
    Status prime();

    // decoder_read.cpp
    Result<bool> next_frame();  // true: `frame` holds audio; false: end of stream
    void feed_packet();         // demux one packet into the decoder (or flush at EOF)
    Status configure_swr(const AVFrame& f);
    Result<std::size_t> fill(std::vector<float>& out, std::size_t max_frames);  // appends
    std::size_t take_carry(std::vector<float>& out, std::size_t frames_wanted);
    Status convert_pending(std::vector<float>& out, std::size_t& frames);
};

}  // namespace minidj
