// AudioEncoder::open: pick the format from the extension, set up muxer, codec, converter and
// FIFO, and write the header into a temporary file beside the final one.
#include <fmt/format.h>

#include "audio/encoder_impl.h"
#include "audio/tags.h"

namespace minidj {

using namespace audio_detail;

AudioEncoder::Impl::~Impl() {
    muxer.reset();  // closes the file before `out`, uncommitted, removes it
}

Error AudioEncoder::Impl::fail(std::string_view reason) {
    failed = true;
    return Error{fmt::format("encode: {}: {}", printable_path(path), reason)};
}

Status AudioEncoder::Impl::open_muxer(const OutputFormat& spec) {
    const AVOutputFormat* oformat = av_guess_format(spec.muxer, nullptr, nullptr);
    if (!oformat) return fail(fmt::format("the {} muxer is not in this FFmpeg build", spec.muxer));
    // "file:" so that a colon in the name is not read as a URL scheme (see decoder_open.cpp).
    const std::string url = "file:" + out->temp_path().native();
    AVFormatContext* raw = nullptr;
    if (avformat_alloc_output_context2(&raw, oformat, nullptr, url.c_str()) < 0 || !raw) {
        return fail("cannot create the output container");
    }
    muxer.reset(raw);
    return Ok{};
}

Status AudioEncoder::Impl::open_codec(const OutputFormat& spec, int rate, int channels) {
    const AVCodec* enc = avcodec_find_encoder_by_name(spec.encoder);
    if (!enc) return fail(fmt::format("the {} encoder is not in this FFmpeg build", spec.encoder));
    codec.reset(avcodec_alloc_context3(enc));
    if (!codec) return fail("out of memory");
    const int out_rate =
        spec.fixed_rate ? spec.fixed_rate : choose_sample_rate(enc->supported_samplerates, rate);
    codec->sample_fmt = spec.sample_format;
    codec->sample_rate = out_rate;
    codec->time_base = AVRational{1, out_rate};
    av_channel_layout_default(&codec->ch_layout, std::min(channels, spec.max_channels));
    if (spec.bit_rate) codec->bit_rate = spec.bit_rate;
    if (spec.vbr_quality >= 0) {
        codec->flags |= AV_CODEC_FLAG_QSCALE;
        codec->global_quality = spec.vbr_quality * FF_QP2LAMBDA;
    }
    if (muxer->oformat->flags & AVFMT_GLOBALHEADER) codec->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    if (const int rc = avcodec_open2(codec.get(), enc, nullptr); rc < 0) {
        return fail(fmt::format("the {} encoder refused {} Hz, {} channels: {}", spec.encoder,
                                out_rate, codec->ch_layout.nb_channels, av_error_text(rc)));
    }
    stream = avformat_new_stream(muxer.get(), nullptr);
    if (!stream || avcodec_parameters_from_context(stream->codecpar, codec.get()) < 0) {
        return fail("cannot add the audio stream");
    }
    stream->time_base = codec->time_base;
    // PCM encoders take any frame size; 4096 keeps the per-frame overhead negligible.
    frame_size = codec->frame_size > 0 ? codec->frame_size : 4096;
    return Ok{};
}

Status AudioEncoder::Impl::open_file_and_converter(const OutputFormat& spec, int in_rate,
                                                   int in_channels_) {
    in_channels = in_channels_;
    const ChannelLayout in_layout(in_channels);
    swr = make_swr(*in_layout.get(), AV_SAMPLE_FMT_FLT, in_rate, codec->ch_layout,
                   codec->sample_fmt, codec->sample_rate);
    fifo.reset(
        av_audio_fifo_alloc(codec->sample_fmt, codec->ch_layout.nb_channels, frame_size * 2));
    staging.reset(av_frame_alloc());
    frame.reset(av_frame_alloc());
    packet.reset(av_packet_alloc());
    if (!swr || !fifo || !staging || !frame || !packet) return fail("cannot set up the converter");

    if (const int rc = avio_open(&muxer->pb, muxer->url, AVIO_FLAG_WRITE); rc < 0) {
        return fail(fmt::format("cannot create {}: {}", printable_path(out->temp_path()),
                                av_error_text(rc)));
    }
    AVDictionary* opts = nullptr;
    av_dict_parse_string(&opts, spec.muxer_options, "=", ":", 0);
    const int rc = avformat_write_header(muxer.get(), &opts);
    av_dict_free(&opts);
    if (rc < 0) return fail("cannot write the header: " + av_error_text(rc));
    return Ok{};
}

Result<std::unique_ptr<AudioEncoder>> AudioEncoder::open(const std::filesystem::path& path,
                                                         int sample_rate, int channels) {
    return open(path, sample_rate, channels, AudioTags{});
}

Result<std::unique_ptr<AudioEncoder>> AudioEncoder::open(const std::filesystem::path& path,
                                                         int sample_rate, int channels,
                                                         const AudioTags& tags) {
    init_ffmpeg();
    auto impl = std::make_unique<Impl>();
    impl->path = path;
    if (sample_rate < 1000 || sample_rate > 768000) {
        return impl->fail(fmt::format("unsupported sample rate {} Hz", sample_rate));
    }
    if (channels < 1 || channels > 8) {
        return impl->fail(fmt::format("unsupported channel count {} (1..8)", channels));
    }
    const auto spec = output_format_for(path);
    if (!spec) {
        return impl->fail(fmt::format("unknown output format '{}' (use {})",
                                      printable_path(path.extension()),
                                      supported_output_extensions()));
    }
    auto file = AtomicFile::create(path, "encode");
    if (!file) return file.error();
    impl->out.emplace(std::move(file.value()));
    if (Status s = impl->open_muxer(*spec); !s.ok()) return s.error();
    if (Status s = impl->open_codec(*spec, sample_rate, channels); !s.ok()) return s.error();
    // Container and stream: Ogg and Opus write the stream's comments, the rest the container's.
    set_tags(&impl->muxer->metadata, tags);
    set_tags(&impl->stream->metadata, tags);
    if (Status s = impl->open_file_and_converter(*spec, sample_rate, channels); !s.ok())
        return s.error();
    return std::unique_ptr<AudioEncoder>(new AudioEncoder(std::move(impl)));
}

AudioEncoder::AudioEncoder(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
AudioEncoder::~AudioEncoder() = default;

}  // namespace minidj
