// AudioDecoder::open: check the file, probe the container, pick the first audio stream, open
// its decoder and decode the first frame, so a file that opens is known to produce audio.
#include <fmt/format.h>

#include <system_error>

#include "audio/decoder_impl.h"

namespace minidj {
namespace {

using namespace audio_detail;

// Probing limits: a garbage or huge non-audio file must fail after reading a few MiB, never
// after scanning the whole file. 2 MiB is far more than any real header needs (FFmpeg's own
// default is 5 MB); ID3v2 tags with cover art are skipped by the MP3 demuxer, not probed.
constexpr const char* kProbeSize = "2097152";
constexpr const char* kAnalyzeDurationUs = "5000000";
// open() gives up if the first audio frame has not appeared after this many bytes.
constexpr std::int64_t kPrimeByteBudget = 8 << 20;

std::string reason_for_open_error(int code) {
    if (code == AVERROR(ENOENT)) return "no such file";
    if (code == AVERROR(EACCES) || code == AVERROR(EPERM)) return "permission denied";
    if (code == AVERROR(EISDIR)) return "is a directory";
    if (code == AVERROR_INVALIDDATA) return "unrecognised format (not audio, or a damaged header)";
    if (code == AVERROR(ENOMEM) || code == AVERROR(EIO)) return av_error_text(code);
    // Anything else comes from a demuxer that recognised the bytes and then gave up on them.
    return "not an audio file or a damaged header (" + av_error_text(code) + ")";
}

// The container's name up to the first comma ("mov,mp4,m4a,..." -> "mov").
std::string short_format_name(const AVInputFormat* f) {
    std::string name = f && f->name ? f->name : "";
    return name.substr(0, name.find(','));
}

double stream_duration_s(const AVFormatContext& fc, const AVStream& st) {
    if (st.duration != AV_NOPTS_VALUE && st.duration > 0) return st.duration * av_q2d(st.time_base);
    if (fc.duration != AV_NOPTS_VALUE && fc.duration > 0) return double(fc.duration) / AV_TIME_BASE;
    return 0.0;
}

}  // namespace

Error AudioDecoder::Impl::fail(std::string_view reason) const {
    return Error{fmt::format("decode: {}: {}", printable_path(path), reason)};
}

Status AudioDecoder::Impl::open_input() {
    // Checked here rather than left to FFmpeg: its messages for these cases are vague, and a
    // FIFO or device would block or never end.
    std::error_code ec;
    const auto st = std::filesystem::status(path, ec);
    if (ec && ec != std::errc::no_such_file_or_directory) {
        return fail(ec == std::errc::permission_denied ? "permission denied" : ec.message());
    }
    if (!std::filesystem::exists(st)) return fail("no such file");
    if (std::filesystem::is_directory(st)) return fail("is a directory");
    if (!std::filesystem::is_regular_file(st)) return fail("not a regular file");
    if (std::filesystem::file_size(path, ec) == 0 && !ec) return fail("empty file");

    AVDictionary* opts = nullptr;
    av_dict_set(&opts, "probesize", kProbeSize, 0);
    av_dict_set(&opts, "analyzeduration", kAnalyzeDurationUs, 0);
    // Only plain files: a playlist-like container must not make us open network URLs.
    av_dict_set(&opts, "protocol_whitelist", "file", 0);
    // "file:" keeps names such as "Artist: Title.mp3" from being parsed as a URL scheme; the
    // bytes of the native path go through untouched, so non-UTF-8 names open too.
    const std::string url = "file:" + path.native();
    AVFormatContext* raw = nullptr;
    const int rc = avformat_open_input(&raw, url.c_str(), nullptr, &opts);
    av_dict_free(&opts);
    if (rc < 0) return fail(reason_for_open_error(rc));
    format.reset(raw);
    info.format = short_format_name(format->iformat);
    // Failure here is not fatal: many streams still decode, and prime() is the real test.
    avformat_find_stream_info(format.get(), nullptr);
    return Ok{};
}

Status AudioDecoder::Impl::select_stream() {
    for (unsigned i = 0; i < format->nb_streams; ++i) {
        AVStream* st = format->streams[i];
        if (stream_index < 0 && st->codecpar->codec_type == AVMEDIA_TYPE_AUDIO) {
            stream_index = int(i);
        } else {
            st->discard = AVDISCARD_ALL;  // cover art, video: let the demuxer skip them
        }
    }
    if (stream_index < 0) {
        return fail(fmt::format("not an audio file (no audio stream in {} data)", info.format));
    }
    const AVStream& st = *format->streams[stream_index];
    info.codec = avcodec_get_name(st.codecpar->codec_id);
    info.channels = st.codecpar->ch_layout.nb_channels;
    info.sample_rate = st.codecpar->sample_rate;
    info.duration_s = stream_duration_s(*format, st);
    return Ok{};
}

Status AudioDecoder::Impl::open_codec() {
    const AVCodecParameters& par = *format->streams[stream_index]->codecpar;
    const AVCodec* decoder = avcodec_find_decoder(par.codec_id);
    if (!decoder) return fail(fmt::format("unsupported codec '{}'", info.codec));
    codec.reset(avcodec_alloc_context3(decoder));
    packet.reset(av_packet_alloc());
    frame.reset(av_frame_alloc());
    if (!codec || !packet || !frame) return fail("out of memory");
    if (avcodec_parameters_to_context(codec.get(), &par) < 0) return fail("bad codec parameters");
    codec->pkt_timebase = format->streams[stream_index]->time_base;
    if (const int rc = avcodec_open2(codec.get(), decoder, nullptr); rc < 0) {
        return fail(fmt::format("cannot open the {} decoder: {}", info.codec, av_error_text(rc)));
    }
    return Ok{};
}

Status AudioDecoder::Impl::prime() {
    prime_byte_limit = avio_tell(format->pb) + kPrimeByteBudget;
    auto got = next_frame();
    if (!got.ok()) return got.error();
    if (!*got) {
        return fail(corrupt ? fmt::format("no decodable audio ({} corrupt packets; truncated or "
                                          "damaged file?)",
                                          corrupt)
                            : "no audio data (truncated file?)");
    }
    primed = true;
    frame_pending = true;
    out_rate = frame->sample_rate;
    out_channels = frame->ch_layout.nb_channels >= 2 ? 2 : 1;
    info.sample_rate = out_rate;  // the header can be wrong (e.g. implicit HE-AAC); trust audio
    if (info.channels <= 0) info.channels = frame->ch_layout.nb_channels;
    if (out_rate <= 0) return fail("invalid sample rate");
    return configure_swr(*frame);
}

Result<std::unique_ptr<AudioDecoder>> AudioDecoder::open(const std::filesystem::path& path) {
    init_ffmpeg();
    auto impl = std::make_unique<Impl>();
    impl->path = path;
    for (auto step : {&Impl::open_input, &Impl::select_stream, &Impl::open_codec, &Impl::prime}) {
        if (Status s = (impl.get()->*step)(); !s.ok()) return s.error();
    }
    return std::unique_ptr<AudioDecoder>(new AudioDecoder(std::move(impl)));
}

AudioDecoder::AudioDecoder(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
AudioDecoder::~AudioDecoder() = default;

const AudioInfo& AudioDecoder::info() const { return impl_->info; }
int AudioDecoder::output_channels() const { return impl_->out_channels; }
int AudioDecoder::output_rate() const { return impl_->out_rate; }
std::size_t AudioDecoder::corrupt_packets() const { return impl_->corrupt; }

}  // namespace minidj
