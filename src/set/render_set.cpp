// render_set(): one transition piece after another (a MixStream, minidj/mix_stream.h: the
// engine `minidj play` uses too) into one limiter and one encoder. Each piece plays track i
// from where the previous piece left it, through the overlap, until track i+1 is back at its
// native speed; the next piece starts a few milliseconds earlier on the same audio and the two
// are crossfaded, so the join is inaudible. Only the current piece's stretched overlap is in
// memory.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <future>
#include <memory>

#include "minidj/audio.h"
#include "minidj/json_text.h"
#include "minidj/mix_stream.h"
#include "minidj/set.h"
#include "render/measure.h"
#include "render/transition_renderer.h"  // a_native_until_s

namespace minidj {
namespace {

constexpr std::size_t kBlock = 1024;

// The mix's way out: true-peak limiter, encoder, and the measurement of what is encoded (for
// a format that keeps the samples exactly; a lossy file is decoded again afterwards, since its
// codec can move the peaks).
class MixOutput {
public:
    static Result<std::unique_ptr<MixOutput>> open(const std::filesystem::path& path, int rate) {
        auto encoder = AudioEncoder::open(path, rate, 2);
        if (!encoder) return encoder.error();
        std::unique_ptr<MixOutput> out(new MixOutput(path, rate, std::move(encoder.value())));
        if (is_lossless_output(path)) {
            auto created = render::StreamMeasurer::create(rate, 2);
            if (!created) return created.error();
            out->measurer_ = std::move(created.value());
        }
        return out;
    }

    Status write(const float* mix, std::size_t frames) {
        limited_.clear();
        limiter_.process(mix, frames, limited_);
        return pass_on();
    }

    /// Drains the limiter, closes the file and measures it.
    Result<render::FileMeasures> finish() {
        limited_.clear();
        limiter_.finish(limited_);
        if (auto s = pass_on(); !s) return s.error();
        if (auto s = encoder_->finish(); !s) return s.error();
        return measurer_ ? Result<render::FileMeasures>(measurer_->finish()) : render::measure_audio(path_);
    }

private:
    MixOutput(std::filesystem::path path, int rate, std::unique_ptr<AudioEncoder> encoder)
        : path_(std::move(path)), encoder_(std::move(encoder)), limiter_(rate) {}

    Status pass_on() {
        if (measurer_) measurer_->add(limited_.data(), limited_.size() / 2);
        return encoder_->write(limited_.data(), limited_.size() / 2);
    }

    std::filesystem::path path_;
    std::unique_ptr<AudioEncoder> encoder_;
    MixLimiter limiter_;
    std::unique_ptr<render::StreamMeasurer> measurer_;
    std::vector<float> limited_;
};

// Every track must open before any work; the first one's rate is the mix's.
Result<int> open_every_track(const SetPlan& plan, std::size_t* failed_track) {
    int rate = 0;
    for (std::size_t i = 0; i < plan.tracks.size(); ++i) {
        auto probe = AudioDecoder::open(plan.tracks[i]);
        if (!probe) {
            if (failed_track) *failed_track = i;
            return Error{fmt::format("set: track {} ({}): {}", i + 1, printable_path(plan.tracks[i]), probe.error().message)};
        }
        if (i == 0) rate = probe.value()->output_rate();
    }
    return rate;
}

// The set-level figures, and each seam's loudness across its transition, from the written mix.
void apply_measures(const render::FileMeasures& m, SetReport& report) {
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
}

}  // namespace

Result<SetReport> render_set(const std::vector<const TrackAnalysis*>& tracks, const SetPlan& plan,
                             const SetRenderOptions& options, std::size_t* failed_track) {
    if (auto s = plan.validate(); !s) return s.error();
    if (tracks.size() != plan.tracks.size()) return Error{"set: one analysis per track of the plan"};
    for (std::size_t i = 0; i < plan.transitions.size(); ++i) {  // before any work
        if (auto s = plan.transitions[i].check_cues(tracks[i]->duration_s, tracks[i + 1]->duration_s); !s) {
            return Error{fmt::format("set plan: transitions[{}]: {}", i, s.error().message)};
        }
    }
    const auto started = std::chrono::steady_clock::now();
    const auto rate = open_every_track(plan, failed_track);
    if (!rate) return rate.error();
    auto output = MixOutput::open(options.output, rate.value());
    if (!output) return output.error();

    // Piece i+1 is prepared (read, fitted, stretched) on other threads while piece i streams.
    const auto prepare = [&](std::size_t i, std::int64_t a_first) {
        return std::async(std::launch::async, [&, i, a_first] {
            return MixPiece::transition(*tracks[i], *tracks[i + 1], plan.transitions[i], options.engine, rate.value(),
                                        a_first, i + 1 < plan.transitions.size());
        });
    };
    const auto failed = [&](std::size_t i, const Error& e) {
        if (failed_track) *failed_track = i;  // the stretch reads both; blame is shared, A first
        return Error{fmt::format("set: transition {} ({} -> {}): {}", i + 1, printable_path(plan.tracks[i]),
                                 printable_path(plan.tracks[i + 1]), e.message)};
    };

    SetReport report;
    report.output = options.output.string();
    report.tracklist.push_back({plan.tracks[0], 0.0});
    auto first = prepare(0, 0).get();
    if (!first) return failed(0, first.error());
    MixStream stream(std::move(first.value()));
    std::vector<float> block(2 * kBlock);
    for (std::size_t i = 0; i < plan.transitions.size(); ++i) {
        const bool last = i + 1 == plan.transitions.size();
        const MixPiece& piece = stream.current();
        std::future<Result<std::unique_ptr<MixPiece>>> next;
        if (!last) {
            const double limit = render::a_native_until_s(plan.transitions[i + 1]);
            if (double(piece.b_end_frame() + kJoinFrames) / rate.value() >= limit) {
                return Error{fmt::format("set: track {} ({}) is too short for its two transitions", i + 2,
                                         printable_path(plan.tracks[i + 1]))};
            }
            // The next piece starts kJoinFrames before this one ends, on the same audio of B.
            next = prepare(i + 1, piece.b_end_frame() - kJoinFrames);
        }
        const std::int64_t join_at = piece.frames() - kJoinFrames;
        // Streams this piece up to its join (the whole of it for the last), then joins the next.
        std::vector<MixStream::Finished> done;
        while (done.empty()) {
            if (options.cancel && options.cancel->load()) return Error{"set: cancelled"};
            if (!last && !stream.switch_pending() && stream.position() == join_at) {
                auto prepared = next.get();
                if (!prepared) return failed(i + 1, prepared.error());
                if (auto s = stream.switch_at(join_at, std::move(prepared.value()), 0); !s) return s.error();
            }
            const auto until = last || stream.switch_pending() ? kBlock : std::size_t(std::min<std::int64_t>(
                                                                                 std::int64_t(kBlock), join_at - stream.position()));
            auto n = stream.render(block.data(), until);
            if (!n) return failed(i, n.error());
            if (n.value() == 0) break;  // the last piece has ended
            if (auto s = output.value()->write(block.data(), n.value()); !s) return s.error();
            done = stream.take_finished();
        }
        const MixPiece& rendered = done.empty() ? stream.current() : *done.front().piece;
        const double offset = double(done.empty() ? stream.current_offset() : done.front().offset) / rate.value();
        MixReport seam;
        rendered.fill_report(*tracks[i], *tracks[i + 1], offset, seam);
        report.tracklist.push_back({plan.tracks[i + 1], offset + double(rendered.overlap_end()) / rate.value()});
        report.seams.push_back(std::move(seam));
    }
    auto measured = output.value()->finish();
    if (!measured) return measured.error();
    report.render_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    apply_measures(measured.value(), report);
    return report;
}

nlohmann::json tracklist_json(const std::vector<TracklistEntry>& tracklist, double duration_s) {
    nlohmann::json out = nlohmann::json::array();
    const auto spans = track_spans(tracklist, duration_s);
    for (std::size_t i = 0; i < tracklist.size(); ++i) {
        nlohmann::json entry{{"start", tracklist[i].start_s}, {"play", spans[i].play_s()}};
        put_path(entry, "path", tracklist[i].path);
        out.push_back(std::move(entry));
    }
    return out;
}

nlohmann::json to_json(const SetReport& r) {
    nlohmann::json seams = nlohmann::json::array();
    const auto tracklist = tracklist_json(r.tracklist, r.duration_s);
    for (const auto& s : r.seams) seams.push_back(to_json(s));
    nlohmann::json j{{"duration", r.duration_s},
            {"integrated_lufs", r.integrated_lufs},
            {"true_peak_dbtp", r.true_peak_dbtp},
            {"clipped_samples", r.clipped_samples},
            {"render_seconds", r.render_seconds},
            {"tracklist", tracklist},
            {"seams", seams}};
    put_path(j, "output", r.output);
    return j;
}

}  // namespace minidj
