// render_set(): one transition piece after another into one limiter and one encoder. Each
// piece plays track i from where the previous piece left it, through the overlap, until track
// i+1 is back at its native speed; the next piece starts a few milliseconds earlier on the
// same audio and the two are crossfaded, so the join is inaudible. Only the current piece's
// stretched overlap is in memory.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <future>

#include "minidj/audio.h"
#include "minidj/set.h"
#include "render/limiter.h"
#include "render/measure.h"
#include "render/transition_renderer.h"

namespace minidj {
namespace {

constexpr double kCeilingDbtp = -1.5;     // as render_transition: 0.5 dB under the -1 dBTP bar
constexpr std::size_t kBlock = 1024;
constexpr std::int64_t kJoinFrames = 2048;  // crossfade between pieces (46 ms at 44.1 kHz)

// Renders piece frames [from, to) into `sink` blocks.
template <class Sink>
Status render_range(render::TransitionRenderer& piece, std::int64_t from, std::int64_t to, Sink&& sink) {
    std::vector<float> a(2 * kBlock), b(2 * kBlock), mix(2 * kBlock);
    for (std::int64_t f = from; f < to; f += std::int64_t(kBlock)) {
        const auto n = std::size_t(std::min<std::int64_t>(std::int64_t(kBlock), to - f));
        if (auto s = piece.render(f, n, a.data(), b.data(), mix.data()); !s) return s;
        if (auto s = sink(f, mix.data(), n); !s) return s;
    }
    return Ok{};
}

}  // namespace

Result<SetReport> render_set(const std::vector<const TrackAnalysis*>& tracks, const SetPlan& plan,
                             const SetRenderOptions& options, std::size_t* failed_track) {
    if (auto s = plan.validate(); !s) return s.error();
    if (tracks.size() != plan.tracks.size()) return Error{"set: one analysis per track of the plan"};
    const auto started = std::chrono::steady_clock::now();
    // Every track must open before any work; the first one's rate is the mix's.
    int rate = 0;
    for (std::size_t i = 0; i < tracks.size(); ++i) {
        auto probe = AudioDecoder::open(plan.tracks[i]);
        if (!probe) {
            if (failed_track) *failed_track = i;
            return Error{fmt::format("set: track {} ({}): {}", i + 1, printable_path(plan.tracks[i]), probe.error().message)};
        }
        if (i == 0) rate = probe.value()->output_rate();
    }
    auto encoder = AudioEncoder::open(options.output, rate, 2);
    if (!encoder) return encoder.error();
    render::TruePeakLimiter limiter(rate, kCeilingDbtp);
    std::vector<float> limited;

    // The encoded samples are measured as they are written when the format keeps them exactly;
    // a lossy file is decoded again afterwards, since its codec can move the peaks.
    std::unique_ptr<render::StreamMeasurer> measurer;
    if (is_lossless_output(options.output)) {
        auto created = render::StreamMeasurer::create(rate, 2);
        if (!created) return created.error();
        measurer = std::move(created.value());
    }
    const auto emit = [&](const float* mix, std::size_t n) -> Status {
        limited.clear();
        limiter.process(mix, n, limited);
        if (measurer) measurer->add(limited.data(), limited.size() / 2);
        return encoder.value()->write(limited.data(), limited.size() / 2);
    };

    // Piece i+1 is prepared (read, fitted, stretched) on other threads while piece i streams.
    const auto prepare = [&](std::size_t i, std::int64_t a_first) {
        render::PieceBounds bounds;
        bounds.a_first_frame = a_first;
        bounds.end_after_overlap = i + 1 < plan.transitions.size();
        return std::async(std::launch::async, [&, i, bounds] {
            return render::TransitionRenderer::prepare(*tracks[i], *tracks[i + 1], plan.transitions[i], options.engine,
                                                       rate, bounds);
        });
    };

    SetReport report;
    report.output = options.output.string();
    report.tracklist.push_back({plan.tracks[0], 0.0});
    std::vector<float> tail;           // the previous piece's last kJoinFrames, not yet written
    std::int64_t written = 0;          // frames handed to the limiter
    auto next = prepare(0, 0);
    for (std::size_t i = 0; i < plan.transitions.size(); ++i) {
        const bool last = i + 1 == plan.transitions.size();
        auto prepared = next.get();
        if (!prepared) {
            if (failed_track) *failed_track = i;  // the stretch reads both; blame is shared, A first
            return Error{fmt::format("set: transition {} ({} -> {}): {}", i + 1, printable_path(plan.tracks[i]),
                                     printable_path(plan.tracks[i + 1]), prepared.error().message)};
        }
        auto& piece = *prepared.value();
        if (!last) {
            const double limit = render::a_native_until_s(plan.transitions[i + 1]);
            if (double(piece.b_end_frame() + kJoinFrames) / rate >= limit) {
                return Error{fmt::format("set: track {} ({}) is too short for its two transitions", i + 2,
                                         printable_path(plan.tracks[i + 1]))};
            }
        }
        // The next piece starts kJoinFrames before this one ends, on the same audio of B.
        if (!last) next = prepare(i + 1, piece.b_end_frame() - kJoinFrames);
        const std::int64_t join = i == 0 ? 0 : kJoinFrames;
        const std::int64_t piece_start = written;  // set frame of the piece's frame 0 (before the join)
        const std::int64_t keep_back = last ? 0 : kJoinFrames;
        const std::int64_t end = piece.frames();
        std::vector<float> joined(2 * kBlock);
        auto status = render_range(piece, 0, end, [&](std::int64_t f, const float* mix, std::size_t n) -> Status {
            if (options.cancel && options.cancel->load()) return Error{"set: cancelled"};
            std::copy(mix, mix + 2 * n, joined.begin());
            // The first kJoinFrames overlap the previous piece's tail: crossfade them.
            for (std::size_t k = 0; k < n && f + std::int64_t(k) < join; ++k) {
                const auto j = std::size_t(f) + k;
                const float w = float(double(j) / double(join));
                joined[2 * k] = tail[2 * j] * (1 - w) + joined[2 * k] * w;
                joined[2 * k + 1] = tail[2 * j + 1] * (1 - w) + joined[2 * k + 1] * w;
            }
            // Hold back this piece's last kJoinFrames for the next piece to fade into.
            std::size_t now = n;
            if (f + std::int64_t(n) > end - keep_back) {
                now = std::size_t(std::max<std::int64_t>(0, end - keep_back - f));
                const std::size_t from = now;
                const auto at = std::size_t(std::max<std::int64_t>(0, f - (end - keep_back)));
                if (tail.size() != std::size_t(2 * kJoinFrames)) tail.assign(std::size_t(2 * kJoinFrames), 0.0f);
                std::copy(joined.begin() + std::ptrdiff_t(2 * from), joined.begin() + std::ptrdiff_t(2 * n),
                          tail.begin() + std::ptrdiff_t(2 * at));
            }
            written += std::int64_t(now);
            return now ? emit(joined.data(), now) : Status{Ok{}};
        });
        if (!status) return status.error();
        // Where this piece sits in the file: its frame 0 is set frame piece_start.
        const double offset = double(piece_start) / rate;
        MixReport seam;
        piece.fill_report(*tracks[i], *tracks[i + 1], offset, seam);
        report.tracklist.push_back({plan.tracks[i + 1], offset + piece.overlap_end_s()});
        report.seams.push_back(std::move(seam));
    }
    limited.clear();
    limiter.finish(limited);
    if (auto s = encoder.value()->write(limited.data(), limited.size() / 2); !s) return s.error();
    if (auto s = encoder.value()->finish(); !s) return s.error();
    report.render_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

    auto measured = measurer ? Result<render::FileMeasures>(measurer->finish()) : render::measure_audio(options.output);
    if (!measured) return measured.error();
    const auto& m = measured.value();
    report.duration_s = m.duration_s;
    report.integrated_lufs = m.integrated_lufs;
    report.true_peak_dbtp = m.true_peak_dbtp;
    report.clipped_samples = m.clipped_samples;
    for (auto& seam : report.seams) {
        seam.output = report.output;
        seam.duration_s = m.duration_s;
        seam.true_peak_dbtp = m.true_peak_dbtp;
        seam.clipped_samples = m.clipped_samples;
        render::assess_transition_loudness(m.short_term_curve, seam);
    }
    return report;
}

nlohmann::json to_json(const SetReport& r) {
    nlohmann::json tracklist = nlohmann::json::array(), seams = nlohmann::json::array();
    for (const auto& t : r.tracklist) tracklist.push_back({{"path", t.path}, {"start", t.start_s}});
    for (const auto& s : r.seams) seams.push_back(to_json(s));
    return {{"output", r.output},
            {"duration", r.duration_s},
            {"integrated_lufs", r.integrated_lufs},
            {"true_peak_dbtp", r.true_peak_dbtp},
            {"clipped_samples", r.clipped_samples},
            {"render_seconds", r.render_seconds},
            {"tracklist", tracklist},
            {"seams", seams}};
}

}  // namespace minidj
