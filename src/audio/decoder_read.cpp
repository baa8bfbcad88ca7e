// AudioDecoder::read and decode_file: the demux -> decode -> convert loop. Converted samples
// go straight into the caller's vector; a frame is staged in `carry` only when it is larger
// than the block the caller asked for.
#include <fmt/format.h>

#include <algorithm>

#include "audio/decoder_impl.h"

namespace minidj {
namespace {

using namespace audio_detail;

// A damaged file can make the demuxer fail several times before it resyncs; past this many
// failures in a row with the file not at its end, we call the stream over.
constexpr int kMaxReadErrors = 64;
// decode_file reserves from the container's duration, but never more than this, nor more than
// the first block projects over the file's size (the vector still grows if needed).
constexpr double kMaxReserveSamples = double(1 << 27);
constexpr std::size_t kDecodeFileBlock = 1 << 16;

// A header's duration is only a claim: a damaged or hostile file can say ten hours in a few
// bytes. What the first block cost in bytes, scaled to the file's size, is evidence; a tenth
// and a second more cover VBR and codec padding.
double projected_samples(std::size_t decoded, std::int64_t bytes_read, std::int64_t file_size,
                         int samples_per_second) {
    if (decoded == 0 || bytes_read <= 0 || file_size <= 0) return 0.0;
    const double share = std::min(1.0, double(bytes_read) / double(file_size));
    return double(decoded) / share * 1.1 + samples_per_second;
}

}  // namespace

void AudioDecoder::Impl::feed_packet() {
    // Before the first frame, a file that is not really audio must fail fast, not be scanned.
    const bool over_budget = !primed && avio_tell(format->pb) > prime_byte_limit;
    const int rc = over_budget ? AVERROR_EOF : av_read_frame(format.get(), packet.get());
    if (rc < 0) {
        if (rc != AVERROR_EOF && !avio_feof(format->pb) &&
            ++consecutive_read_errors < kMaxReadErrors) {
            ++corrupt;  // damaged container data: the next read usually resyncs
            return;
        }
        avcodec_send_packet(codec.get(), nullptr);  // end (or truncation): drain the decoder
        demux_done = true;
        return;
    }
    consecutive_read_errors = 0;
    if (packet->stream_index == stream_index &&
        avcodec_send_packet(codec.get(), packet.get()) < 0) {
        ++corrupt;  // the decoder rejected this packet and dropped it; carry on with the next
    }
    av_packet_unref(packet.get());
}

Result<bool> AudioDecoder::Impl::next_frame() {
    for (;;) {
        const int rc = avcodec_receive_frame(codec.get(), frame.get());
        if (rc == 0) {
            if (frame->nb_samples > 0 && frame->sample_rate > 0 &&
                frame->ch_layout.nb_channels > 0) {
                return true;
            }
            av_frame_unref(frame.get());
            continue;
        }
        if (rc == AVERROR_EOF) return false;
        if (rc != AVERROR(EAGAIN)) {
            ++corrupt;  // each failure consumes a packet, so this loop always advances
            continue;
        }
        if (demux_done) return false;
        feed_packet();
    }
}

Status AudioDecoder::Impl::configure_swr(const AVFrame& f) {
    ChannelLayout in;
    if (!usable_layout(f.ch_layout, in)) {
        return fail(
            fmt::format("unsupported channel layout ({} channels)", f.ch_layout.nb_channels));
    }
    const auto in_format = static_cast<AVSampleFormat>(f.format);
    if (swr && in_format == swr_in_format && f.sample_rate == swr_in_rate &&
        av_channel_layout_compare(in.get(), swr_in_layout.get()) == 0) {
        return Ok{};
    }
    // The output rate stays the first frame's: a rate change mid-stream is resampled away.
    ChannelLayout out(out_channels);
    swr = make_swr(*in.get(), in_format, f.sample_rate, *out.get(), AV_SAMPLE_FMT_FLT, out_rate);
    if (!swr) {
        // swresample rejects lopsided layouts (e.g. FL FR FC LFE BL); the default layout for the
        // channel count is the best guess a player would make.
        ChannelLayout fallback(f.ch_layout.nb_channels);
        swr = make_swr(*fallback.get(), in_format, f.sample_rate, *out.get(), AV_SAMPLE_FMT_FLT,
                       out_rate);
    }
    if (!swr) {
        return fail(
            fmt::format("cannot convert {} channels of {} at {} Hz", f.ch_layout.nb_channels,
                        av_get_sample_fmt_name(in_format) ? av_get_sample_fmt_name(in_format) : "?",
                        f.sample_rate));
    }
    av_channel_layout_copy(swr_in_layout.get(), in.get());
    swr_in_format = in_format;
    swr_in_rate = f.sample_rate;
    return Ok{};
}

std::size_t AudioDecoder::Impl::take_carry(std::vector<float>& out, std::size_t frames_wanted) {
    const std::size_t ch = std::size_t(out_channels);
    const std::size_t n = std::min((carry.size() - carry_offset) / ch, frames_wanted);
    const auto first = carry.begin() + std::ptrdiff_t(carry_offset);
    out.insert(out.end(), first, first + std::ptrdiff_t(n * ch));
    carry_offset += n * ch;
    if (carry_offset == carry.size()) {
        carry.clear();  // keeps its capacity for the next oversized frame
        carry_offset = 0;
    }
    return n;
}

// Converts the pending frame (or, with no frame pending, flushes swr) onto the end of `dst`.
Status AudioDecoder::Impl::convert_pending(std::vector<float>& dst, std::size_t& frames) {
    const std::size_t ch = std::size_t(out_channels);
    const int in_count = frame_pending ? frame->nb_samples : 0;
    const auto** in = frame_pending ? const_cast<const uint8_t**>(frame->extended_data) : nullptr;
    const int bound = swr_get_out_samples(swr.get(), in_count);
    frames = 0;
    if (bound <= 0) return Ok{};
    const std::size_t base = dst.size();
    dst.resize(base + std::size_t(bound) * ch);
    auto* o = reinterpret_cast<uint8_t*>(dst.data() + base);
    const int n = swr_convert(swr.get(), &o, bound, in, in_count);
    dst.resize(base + std::size_t(std::max(n, 0)) * ch);
    if (n < 0) return fail("sample conversion failed: " + av_error_text(n));
    frames = std::size_t(n);
    return Ok{};
}

Result<std::size_t> AudioDecoder::Impl::fill(std::vector<float>& out, std::size_t max_frames) {
    std::size_t have = take_carry(out, max_frames);
    while (have < max_frames && !end_of_stream) {
        if (!frame_pending) {
            auto got = next_frame();
            if (!got.ok()) return got.error();
            frame_pending = *got;
            if (!frame_pending) end_of_stream = true;  // convert_pending below flushes swr
        }
        if (frame_pending) {
            if (Status s = configure_swr(*frame); !s.ok()) return s.error();
        }
        const int in_count = frame_pending ? frame->nb_samples : 0;
        const auto bound = std::size_t(std::max(swr_get_out_samples(swr.get(), in_count), 0));
        const bool fits = have + bound <= max_frames;
        if (!fits && have > 0) {
            if (!frame_pending) end_of_stream = false;  // flush on the next call instead
            break;
        }
        std::size_t n = 0;
        if (Status s = convert_pending(fits ? out : carry, n); !s.ok()) return s.error();
        if (frame_pending) av_frame_unref(frame.get());
        frame_pending = false;
        have += fits ? n : take_carry(out, max_frames - have);
    }
    return have;
}

Result<std::size_t> AudioDecoder::read(std::vector<float>& out, std::size_t max_frames) {
    out.clear();  // keeps the capacity: steady-state reads do not allocate
    return impl_->fill(out, std::max<std::size_t>(max_frames, 1));
}

Result<DecodedAudio> decode_file(const std::filesystem::path& path) {
    auto opened = AudioDecoder::open(path);
    if (!opened.ok()) return opened.error();
    AudioDecoder::Impl& d = *opened.value()->impl_;
    DecodedAudio audio;
    audio.info = d.info;
    audio.sample_rate = d.out_rate;
    audio.channels = d.out_channels;
    // One allocation for the common case (the +1 s covers codec padding and short headers),
    // made after the first block, when the bytes it took say whether the header can be true.
    auto first = d.fill(audio.samples, kDecodeFileBlock);
    if (!first.ok()) return first.error();
    if (*first == 0) return audio;
    const double claimed = (d.info.duration_s + 1.0) * d.out_rate * d.out_channels;
    const double projected = projected_samples(audio.samples.size(), avio_tell(d.format->pb),
                                               avio_size(d.format->pb), d.out_rate * d.out_channels);
    audio.samples.reserve(std::size_t(std::clamp(std::min(claimed, projected), 0.0, kMaxReserveSamples)));
    for (;;) {
        auto n = d.fill(audio.samples, kDecodeFileBlock);
        if (!n.ok()) return n.error();
        if (*n == 0) break;
    }
    return audio;
}

}  // namespace minidj
