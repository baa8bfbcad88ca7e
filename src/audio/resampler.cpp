// Resampler: interleaved float in, interleaved float out, libswresample in between.
#include <fmt/format.h>

#include <algorithm>

#include "audio/ffmpeg_handles.h"
#include "minidj/audio.h"

namespace minidj {

using namespace audio_detail;

struct Resampler::Impl {
    SwrPtr swr;
    int in_channels = 0;
    int out_channels = 0;
};

Result<std::unique_ptr<Resampler>> Resampler::create(int in_rate, int in_channels, int out_rate,
                                                     int out_channels) {
    init_ffmpeg();
    const auto bad = [&](const char* what) {
        return Error{fmt::format("resample: {} (in {} Hz x{}, out {} Hz x{})", what, in_rate,
                                 in_channels, out_rate, out_channels)};
    };
    if (in_rate <= 0 || out_rate <= 0) return bad("sample rates must be positive");
    if (in_channels < 1 || in_channels > 8) return bad("input channels must be 1..8");
    if (out_channels < 1 || out_channels > 2) return bad("output channels must be 1 or 2");
    const ChannelLayout in(in_channels), out(out_channels);
    auto impl = std::make_unique<Impl>();
    impl->swr =
        make_swr(*in.get(), AV_SAMPLE_FMT_FLT, in_rate, *out.get(), AV_SAMPLE_FMT_FLT, out_rate);
    if (!impl->swr) return bad("libswresample refused the conversion");
    impl->in_channels = in_channels;
    impl->out_channels = out_channels;
    return std::unique_ptr<Resampler>(new Resampler(std::move(impl)));
}

Resampler::Resampler(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Resampler::~Resampler() = default;

void Resampler::process(const float* in, std::size_t frames, std::vector<float>& out) {
    // swr takes int counts: feed very large inputs in slices.
    constexpr std::size_t kSlice = 1 << 20;
    do {
        const std::size_t n = std::min(frames, kSlice);
        const auto* src = reinterpret_cast<const uint8_t*>(in);
        const int in_count = int(n);
        // frames == 0 passes a null input, which is how swr is told to flush its delay line.
        const uint8_t** in_planes = n ? &src : nullptr;
        const int bound = swr_get_out_samples(impl_->swr.get(), in_count);
        if (bound > 0) {
            const std::size_t base = out.size();
            const auto ch = std::size_t(impl_->out_channels);
            out.resize(base + std::size_t(bound) * ch);
            auto* dst = reinterpret_cast<uint8_t*>(out.data() + base);
            const int got = swr_convert(impl_->swr.get(), &dst, bound, in_planes, in_count);
            out.resize(base + std::size_t(std::max(got, 0)) * ch);
        }
        in += n * std::size_t(impl_->in_channels);
        frames -= n;
    } while (frames > 0);
}

}  // namespace minidj
