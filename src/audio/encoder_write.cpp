// AudioEncoder::write/finish: interleaved float -> swr -> FIFO -> codec frames -> muxer, and
// the final sync and rename of the temporary file to the real name.
#include <fmt/format.h>

#include <algorithm>

#include "audio/encoder_impl.h"

namespace minidj {

using namespace audio_detail;

Status AudioEncoder::Impl::send_and_write(const AVFrame* f) {
    if (const int rc = avcodec_send_frame(codec.get(), f); rc < 0) {
        return fail("encoding failed: " + av_error_text(rc));
    }
    for (;;) {
        const int rc = avcodec_receive_packet(codec.get(), packet.get());
        if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF) return Ok{};
        if (rc < 0) return fail("encoding failed: " + av_error_text(rc));
        av_packet_rescale_ts(packet.get(), codec->time_base, stream->time_base);
        packet->stream_index = stream->index;
        // Takes the packet's reference whether it succeeds or not.
        if (const int wrc = av_interleaved_write_frame(muxer.get(), packet.get()); wrc < 0) {
            return fail("write failed: " + av_error_text(wrc));
        }
    }
}

Status AudioEncoder::Impl::encode_from_fifo(int samples) {
    // Only the last frame may be short; codecs that cannot take that get silence padding.
    constexpr int kShortOk = AV_CODEC_CAP_SMALL_LAST_FRAME | AV_CODEC_CAP_VARIABLE_FRAME_SIZE;
    const bool pad = samples < frame_size && !(codec->codec->capabilities & kShortOk);
    av_frame_unref(frame.get());
    frame->nb_samples = pad ? frame_size : samples;
    frame->format = codec->sample_fmt;
    frame->sample_rate = codec->sample_rate;
    if (av_channel_layout_copy(&frame->ch_layout, &codec->ch_layout) < 0 ||
        av_frame_get_buffer(frame.get(), 0) < 0) {
        return fail("out of memory");
    }
    if (pad) {
        av_samples_set_silence(frame->extended_data, 0, frame->nb_samples,
                               codec->ch_layout.nb_channels, codec->sample_fmt);
    }
    if (av_audio_fifo_read(fifo.get(), reinterpret_cast<void**>(frame->extended_data), samples) <
        samples) {
        return fail("internal FIFO underrun");
    }
    frame->pts = next_pts;
    next_pts += frame->nb_samples;
    return send_and_write(frame.get());
}

Status AudioEncoder::Impl::push(const float* interleaved, int frames) {
    const auto* src = reinterpret_cast<const uint8_t*>(interleaved);
    // A null input tells swr to flush its resampling delay at the end.
    const uint8_t** in = interleaved ? &src : nullptr;
    const int bound = swr_get_out_samples(swr.get(), frames);
    if (bound <= 0) return Ok{};
    if (staging->nb_samples < bound) {
        av_frame_unref(staging.get());
        staging->format = codec->sample_fmt;
        staging->nb_samples = bound;
        if (av_channel_layout_copy(&staging->ch_layout, &codec->ch_layout) < 0 ||
            av_frame_get_buffer(staging.get(), 0) < 0) {
            return fail("out of memory");
        }
    }
    const int got = swr_convert(swr.get(), staging->extended_data, bound, in, frames);
    if (got < 0) return fail("sample conversion failed: " + av_error_text(got));
    if (av_audio_fifo_write(fifo.get(), reinterpret_cast<void**>(staging->extended_data), got) <
        got) {
        return fail("out of memory");
    }
    while (av_audio_fifo_size(fifo.get()) >= frame_size) {
        if (Status s = encode_from_fifo(frame_size); !s.ok()) return s;
    }
    return Ok{};
}

Status AudioEncoder::write(const float* interleaved, std::size_t frames) {
    Impl& d = *impl_;
    if (d.finished) return d.fail("write after finish()");
    if (d.failed) return d.fail("an earlier write failed");
    constexpr std::size_t kSlice = 1 << 16;  // swr counts are int
    while (frames > 0) {
        const std::size_t n = std::min(frames, kSlice);
        if (Status s = d.push(interleaved, int(n)); !s.ok()) return s;
        interleaved += n * std::size_t(d.in_channels);
        frames -= n;
    }
    return Ok{};
}

Status AudioEncoder::finish() {
    Impl& d = *impl_;
    if (d.finished) return d.fail("finish() called twice");
    if (d.failed) return d.fail("an earlier write failed; nothing was written");
    if (Status s = d.push(nullptr, 0); !s.ok()) return s;
    if (const int rest = av_audio_fifo_size(d.fifo.get()); rest > 0) {
        if (Status s = d.encode_from_fifo(rest); !s.ok()) return s;
    }
    if (Status s = d.send_and_write(nullptr); !s.ok()) return s;
    if (const int rc = av_write_trailer(d.muxer.get()); rc < 0) {
        return d.fail("cannot finish the file: " + av_error_text(rc));
    }
    // Closing flushes the last buffered bytes: a full disk shows up here, not earlier.
    if (const int rc = avio_closep(&d.muxer->pb); rc < 0) {
        return d.fail("cannot write the file: " + av_error_text(rc));
    }
    if (Status s = d.out->commit(); !s) {
        d.failed = true;
        return s;
    }
    d.finished = true;
    return Ok{};
}

Status write_audio_file(const std::filesystem::path& path, const float* interleaved,
                        std::size_t frames, int sample_rate, int channels) {
    return write_audio_file(path, interleaved, frames, sample_rate, channels, AudioTags{});
}

Status write_audio_file(const std::filesystem::path& path, const float* interleaved,
                        std::size_t frames, int sample_rate, int channels, const AudioTags& tags) {
    auto encoder = AudioEncoder::open(path, sample_rate, channels, tags);
    if (!encoder.ok()) return encoder.error();
    if (Status s = (*encoder)->write(interleaved, frames); !s.ok()) return s;
    return (*encoder)->finish();
}

}  // namespace minidj
