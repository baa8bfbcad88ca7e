// MixPiece and MixStream (minidj/mix_stream.h): the pieces of a continuous mix and the joins
// between them. A join crossfades two pieces over kJoinFrames while both play the same audio of
// the same track (or, for a loop, two places on the same beat), so it cannot be heard.
#include "minidj/mix_stream.h"

#include <algorithm>
#include <cmath>

#include "render/deck_source.h"
#include "render/limiter.h"
#include "render/transition_renderer.h"

namespace minidj {
namespace {

std::int64_t to_frames(double seconds, int rate) { return std::int64_t(std::llround(seconds * rate)); }
constexpr double kCeilingDbtp = -1.5;  // as render_transition: 0.5 dB under the -1 dBTP bar

}  // namespace

struct MixPiece::Impl {
    int rate = 44100;
    std::int64_t a_first = 0, frames = 0, a_native_end = 0;
    // A transition...
    std::unique_ptr<render::TransitionRenderer> transition;
    TransitionPlan plan;
    std::vector<float> deck_a, deck_b;  // render()'s per-deck scratch
    // ... or one track alone.
    std::unique_ptr<render::DeckSource> solo;
    float gain = 1.0f;
};

MixPiece::MixPiece(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
MixPiece::~MixPiece() = default;

Result<std::unique_ptr<MixPiece>> MixPiece::solo(const TrackAnalysis& track, double gain_db, int rate,
                                                 std::int64_t first_frame) {
    auto source = render::DeckSource::open(track.path, rate);
    if (!source) return source.error();
    auto impl = std::make_unique<Impl>();
    impl->rate = rate;
    impl->a_first = first_frame;  // before 0: silence first (a loop back to a downbeat at 0)
    impl->frames = std::max<std::int64_t>(0, to_frames(track.duration_s, rate) - impl->a_first);
    impl->a_native_end = impl->frames;
    impl->solo = std::move(source.value());
    impl->gain = float(std::pow(10.0, gain_db / 20.0));
    return std::unique_ptr<MixPiece>(new MixPiece(std::move(impl)));
}

Result<std::unique_ptr<MixPiece>> MixPiece::transition(const TrackAnalysis& a, const TrackAnalysis& b,
                                                       const TransitionPlan& plan, StretchEngine engine, int rate,
                                                       std::int64_t a_first_frame, bool end_after_overlap) {
    render::PieceBounds bounds;
    bounds.a_first_frame = a_first_frame;
    bounds.end_after_overlap = end_after_overlap;
    auto prepared = render::TransitionRenderer::prepare(a, b, plan, engine, rate, bounds);
    if (!prepared) return prepared.error();
    auto impl = std::make_unique<Impl>();
    impl->rate = rate;
    impl->a_first = a_first_frame;
    impl->transition = std::move(prepared.value());
    impl->plan = plan;
    impl->frames = impl->transition->frames();
    // A is native until its stretched segment (or an echo-out's echo) begins.
    const std::int64_t native = to_frames(render::a_native_until_s(plan), rate) - a_first_frame;
    const std::int64_t starts = to_frames(impl->transition->transition_start_s(), rate);
    impl->a_native_end = std::clamp<std::int64_t>(std::min(native, starts), 0, impl->frames);
    return std::unique_ptr<MixPiece>(new MixPiece(std::move(impl)));
}

std::int64_t MixPiece::frames() const { return impl_->frames; }
bool MixPiece::is_transition() const { return impl_->transition != nullptr; }
std::int64_t MixPiece::a_first_frame() const { return impl_->a_first; }
std::int64_t MixPiece::a_native_end() const { return impl_->a_native_end; }
std::int64_t MixPiece::b_end_frame() const { return impl_->transition ? impl_->transition->b_end_frame() : -1; }
std::int64_t MixPiece::transition_start() const {
    return impl_->transition ? to_frames(impl_->transition->transition_start_s(), impl_->rate) : impl_->frames;
}
std::int64_t MixPiece::overlap_start() const {
    return impl_->transition ? to_frames(impl_->transition->overlap_start_s(), impl_->rate) : impl_->frames;
}
std::int64_t MixPiece::overlap_end() const {
    return impl_->transition ? to_frames(impl_->transition->overlap_end_s(), impl_->rate) : impl_->frames;
}
const TransitionPlan* MixPiece::plan() const { return impl_->transition ? &impl_->plan : nullptr; }

Status MixPiece::render(std::int64_t f, std::size_t n, float* mix) {
    auto& m = *impl_;
    if (m.solo) {
        if (auto s = m.solo->read(m.a_first + f, n, mix); !s) return s;
        for (std::size_t i = 0; i < 2 * n; ++i) mix[i] *= m.gain;
        return Ok{};
    }
    m.deck_a.resize(2 * n);
    m.deck_b.resize(2 * n);
    return m.transition->render(f, n, m.deck_a.data(), m.deck_b.data(), mix);
}

Status MixPiece::warm(std::int64_t f) {
    float frame[2];
    auto& m = *impl_;
    // One frame where A is native: the decks' filters see one sample of the audio they will
    // play next anyway.
    if (m.solo) return m.solo->read(m.a_first + f, 1, frame);
    return render(std::min(f, std::max<std::int64_t>(0, m.a_native_end - 1)), 1, frame);
}

void MixPiece::fill_report(const TrackAnalysis& a, const TrackAnalysis& b, double offset_s, MixReport& report) const {
    if (impl_->transition) impl_->transition->fill_report(a, b, offset_s, report);
}

MixStream::MixStream(std::unique_ptr<MixPiece> first, std::int64_t from)
    : current_(std::move(first)), pos_(from), offset_(-from) {}
MixStream::~MixStream() = default;

Status MixStream::switch_at(std::int64_t at, std::unique_ptr<MixPiece> next, std::int64_t from) {
    if (joined_ >= 0) return Error{"mix: a join is under way"};
    if (at < pos_) return Error{"mix: the switch point has already played"};
    if (at + kJoinFrames > current_->frames()) return Error{"mix: the piece ends before the switch"};
    if (from < 0 || from + kJoinFrames > next->frames()) return Error{"mix: the next piece is too short"};
    next_ = std::move(next);
    at_ = at;
    from_ = from;
    return Ok{};
}

void MixStream::cancel_switch() {
    if (joined_ < 0) next_.reset();
}

Status MixStream::render_join(float* out, std::size_t n) {
    a_.resize(2 * n);
    b_.resize(2 * n);
    if (auto s = current_->render(pos_, n, a_.data()); !s) return s;
    if (auto s = next_->render(from_ + joined_, n, b_.data()); !s) return s;
    for (std::size_t k = 0; k < n; ++k) {
        const float w = float(double(joined_ + std::int64_t(k)) / double(kJoinFrames));
        out[2 * k] = a_[2 * k] * (1 - w) + b_[2 * k] * w;
        out[2 * k + 1] = a_[2 * k + 1] * (1 - w) + b_[2 * k + 1] * w;
    }
    return Ok{};
}

Result<std::size_t> MixStream::render(float* out, std::size_t n) {
    std::size_t done = 0;
    while (done < n) {
        if (next_ && joined_ < 0 && pos_ == at_) joined_ = 0;
        std::size_t m = 0;
        if (joined_ >= 0) {
            m = std::size_t(std::min<std::int64_t>(std::int64_t(n - done), kJoinFrames - joined_));
            if (auto s = render_join(out + 2 * done, m); !s) return s.error();
            joined_ += std::int64_t(m);
            pos_ += std::int64_t(m);
            if (joined_ == kJoinFrames) {  // the next piece is the current one now
                finished_.push_back({std::move(current_), offset_, at_});
                current_ = std::move(next_);
                offset_ = out_ + std::int64_t(m) - (from_ + kJoinFrames);
                pos_ = from_ + kJoinFrames;
                joined_ = -1;
            }
        } else {
            const std::int64_t limit = next_ ? at_ : current_->frames();
            m = std::size_t(std::clamp<std::int64_t>(limit - pos_, 0, std::int64_t(n - done)));
            if (m == 0) {
                if (next_) continue;  // at the switch point
                break;                // the last piece has ended
            }
            if (auto s = current_->render(pos_, m, out + 2 * done); !s) return s.error();
            pos_ += std::int64_t(m);
        }
        out_ += std::int64_t(m);
        done += m;
    }
    return done;
}

std::vector<MixStream::Finished> MixStream::take_finished() {
    std::vector<Finished> out;
    out.swap(finished_);
    return out;
}

struct MixLimiter::Impl {
    explicit Impl(int rate) : limiter(rate, kCeilingDbtp) {}
    render::TruePeakLimiter limiter;
};
MixLimiter::MixLimiter(int rate) : impl_(std::make_unique<Impl>(rate)) {}
MixLimiter::~MixLimiter() = default;
void MixLimiter::process(const float* stereo, std::size_t frames, std::vector<float>& out) {
    impl_->limiter.process(stereo, frames, out);
}
void MixLimiter::finish(std::vector<float>& out) { impl_->limiter.finish(out); }

}  // namespace minidj
