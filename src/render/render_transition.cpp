// render_transition(): one transition piece (transition_renderer.h) streamed through the
// true-peak limiter into the encoder, with the plot's envelopes, then measured on the file.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "minidj/audio.h"
#include "minidj/render.h"
#include "render/limiter.h"
#include "render/measure.h"
#include "render/transition_renderer.h"

namespace minidj {
namespace {

constexpr double kCeilingDbtp = -1.5;  // limiter target: 0.5 dB of margin under -1 dBTP
constexpr std::size_t kBlock = 1024;   // frames per block

// Peak envelope accumulator for the plot.
struct Envelope {
    std::size_t step;
    std::vector<float>* values;
    std::size_t count = 0;
    float peak = 0.0f;
    void add(const float* stereo, std::size_t frames) {
        for (std::size_t i = 0; i < frames; ++i) {
            peak = std::max({peak, std::abs(stereo[2 * i]), std::abs(stereo[2 * i + 1])});
            if (++count == step) {
                values->push_back(peak);
                count = 0;
                peak = 0.0f;
            }
        }
    }
};


}  // namespace

Result<MixReport> render_transition(const TrackAnalysis& a, const TrackAnalysis& b, const TransitionPlan& plan,
                                    const RenderOptions& options) {
    if (auto s = plan.validate(); !s) return s.error();
    const auto started = std::chrono::steady_clock::now();
    // Both tracks must open before any work; the mix runs at the higher of their rates.
    auto probe_a = AudioDecoder::open(plan.track_a);
    if (!probe_a) return probe_a.error();
    auto probe_b = AudioDecoder::open(plan.track_b);
    if (!probe_b) return probe_b.error();
    const int rate = std::max(probe_a.value()->output_rate(), probe_b.value()->output_rate());
    probe_a.value().reset();
    probe_b.value().reset();

    auto prepared = render::TransitionRenderer::prepare(a, b, plan, options.engine, rate);
    if (!prepared) return prepared.error();
    auto& piece = *prepared.value();
    auto encoder = AudioEncoder::open(options.output, rate, 2);
    if (!encoder) return encoder.error();
    render::TruePeakLimiter limiter(rate, kCeilingDbtp);

    MixReport report;
    report.output = options.output.string();
    const auto env_step = std::size_t(std::lround(report.envelope_step_s * rate));
    Envelope env_a{env_step, &report.envelope_a}, env_b{env_step, &report.envelope_b},
        env_mix{env_step, &report.envelope_mix};
    std::vector<float> buf_a(2 * kBlock), buf_b(2 * kBlock), mix(2 * kBlock), limited;
    const std::int64_t end_f = piece.frames();
    for (std::int64_t f = 0; f < end_f; f += std::int64_t(kBlock)) {
        if (options.cancel && options.cancel->load()) return Error{"mix: cancelled"};
        const auto n = std::size_t(std::min<std::int64_t>(std::int64_t(kBlock), end_f - f));
        if (auto s = piece.render(f, n, buf_a.data(), buf_b.data(), mix.data()); !s) return s.error();
        env_a.add(buf_a.data(), n);
        env_b.add(buf_b.data(), n);
        env_mix.add(mix.data(), n);
        limited.clear();
        limiter.process(mix.data(), n, limited);
        if (auto s = encoder.value()->write(limited.data(), limited.size() / 2); !s) return s.error();
    }
    limited.clear();
    limiter.finish(limited);
    if (auto s = encoder.value()->write(limited.data(), limited.size() / 2); !s) return s.error();
    if (auto s = encoder.value()->finish(); !s) return s.error();
    report.render_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

    piece.fill_report(a, b, 0.0, report);
    if (auto s = render::measure_file(options.output, report); !s) return s.error();
    return report;
}

}  // namespace minidj
