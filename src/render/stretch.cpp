#include "render/stretch.h"

#include <rubberband/RubberBandStretcher.h>

#include <algorithm>

namespace minidj::render {

std::vector<float> stretch_segment(const std::vector<float>& input, int sample_rate,
                                   std::size_t out_frames,
                                   const std::map<std::size_t, std::size_t>& key_frames,
                                   StretchEngine engine) {
    using RB = RubberBand::RubberBandStretcher;
    const std::size_t in_frames = input.size() / 2;
    std::vector<float> out;
    if (in_frames == 0 || out_frames == 0) return std::vector<float>(2 * out_frames, 0.0f);
    const RB::Options options =
        RB::OptionProcessOffline | RB::OptionThreadingNever | RB::OptionChannelsTogether |
        (engine == StretchEngine::kFaster ? RB::OptionEngineFaster : RB::OptionEngineFiner) |
        // R2's standard window places beats up to 6 ms off their key frames at a 6-8 % tempo
        // change (the marker tests); its short window keeps them within 2 ms at any ratio.
        (engine == StretchEngine::kFiner ? RB::OptionWindowStandard : RB::OptionWindowShort);
    RB stretcher(std::size_t(sample_rate), 2, options, double(out_frames) / double(in_frames));
    stretcher.setExpectedInputDuration(in_frames);
    stretcher.setKeyFrameMap(key_frames);
    constexpr std::size_t kBlock = 4096;
    std::vector<float> left(kBlock), right(kBlock);
    auto planar = [&](std::size_t at, std::size_t n) {
        for (std::size_t i = 0; i < n; ++i)
            left[i] = input[2 * (at + i)], right[i] = input[2 * (at + i) + 1];
    };
    for (std::size_t at = 0; at < in_frames; at += kBlock) {
        const std::size_t n = std::min(kBlock, in_frames - at);
        planar(at, n);
        const float* channels[2] = {left.data(), right.data()};
        stretcher.study(channels, n, at + n == in_frames);
    }
    out.reserve(2 * out_frames);
    std::vector<float> out_left(kBlock), out_right(kBlock);
    auto drain = [&] {
        for (int available; (available = stretcher.available()) > 0;) {
            float* channels[2] = {out_left.data(), out_right.data()};
            const std::size_t got =
                stretcher.retrieve(channels, std::min<std::size_t>(std::size_t(available), kBlock));
            for (std::size_t i = 0; i < got; ++i) {
                out.push_back(out_left[i]);
                out.push_back(out_right[i]);
            }
        }
    };
    for (std::size_t at = 0; at < in_frames; at += kBlock) {
        const std::size_t n = std::min(kBlock, in_frames - at);
        planar(at, n);
        const float* channels[2] = {left.data(), right.data()};
        stretcher.process(channels, n, at + n == in_frames);
        drain();
    }
    drain();
    out.resize(2 * out_frames, 0.0f);  // the engine's count can differ by a few frames
    return out;
}

}  // namespace minidj::render

namespace minidj {

std::string engine_name(StretchEngine engine) {
    switch (engine) {
        case StretchEngine::kFiner: return "R3 (finer)";
        case StretchEngine::kFinerShort: return "R3 (short window)";
        case StretchEngine::kFaster: return "R2 (faster, short window)";
    }
    return "?";
}

}  // namespace minidj
