#pragma once
/// @file mix_stream.h
/// The set engine's audio path, shared by `minidj set` (into a file) and `minidj play` (to a
/// sound card): a continuous mix made of pieces. A piece is one track alone at its own speed, or
/// one transition (render.h) from the end of a track's body into the next track. A stream plays
/// one piece at a time and leaves it for the next with a short crossfade on the same audio,
/// wherever the deck being left plays natively: at the end of a transition (B continues as the
/// next piece's deck A), or earlier (a live player bringing a transition forward, skipping, or
/// looping a phrase).
///
/// Thread safety: a piece is prepared on any thread, then used by one thread at a time.

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "minidj/analysis.h"
#include "minidj/render.h"
#include "minidj/result.h"

namespace minidj {

/// The crossfade between two pieces (46 ms at 44.1 kHz): long enough to hide the join, short
/// enough that both sides play the same notes.
inline constexpr std::int64_t kJoinFrames = 2048;

class MixPiece {
public:
    /// `track` alone at its own speed from source frame `first_frame` (at `rate`; silence before
    /// frame 0) to its end, `gain_db` applied.
    static Result<std::unique_ptr<MixPiece>> solo(const TrackAnalysis& track, double gain_db, int rate,
                                                  std::int64_t first_frame);
    /// The transition `plan` from a into b (reads and stretches the overlap: seconds of work),
    /// deck A from source frame `a_first_frame`, ending shortly after B is back at its own speed
    /// when `end_after_overlap`, else plan.after_s after the overlap.
    static Result<std::unique_ptr<MixPiece>> transition(const TrackAnalysis& a, const TrackAnalysis& b,
                                                        const TransitionPlan& plan, StretchEngine engine, int rate,
                                                        std::int64_t a_first_frame, bool end_after_overlap = true);
    ~MixPiece();
    MixPiece(const MixPiece&) = delete;
    MixPiece& operator=(const MixPiece&) = delete;

    std::int64_t frames() const;        ///< the piece's length in output frames
    bool is_transition() const;
    std::int64_t a_first_frame() const;  ///< deck A's source frame at piece frame 0
    /// Piece frames [0, a_native_end()) play deck A natively (source frame a_first_frame() + f),
    /// with its gain and nothing else: where the piece may be left for another on A's audio.
    /// A solo piece is native throughout.
    std::int64_t a_native_end() const;
    /// Transitions: B's source frame at frames() (where a following piece takes B over as its
    /// deck A), and the transition's start, overlap start and end in piece frames.
    std::int64_t b_end_frame() const;
    std::int64_t transition_start() const;
    std::int64_t overlap_start() const;
    std::int64_t overlap_end() const;
    const TransitionPlan* plan() const;  ///< null for a solo piece

    /// Renders piece frames [f, f + n) into `mix` (stereo interleaved); f never goes back
    /// before the previous call's f.
    Status render(std::int64_t f, std::size_t n, float* mix);
    /// Decodes ahead to frame `f` (on a preparing thread), so that a first render() from f or
    /// later has little left to decode; renders nothing that is kept.
    Status warm(std::int64_t f);
    /// The transition's report (render.h), the piece's frame 0 placed at `offset_s` in the
    /// output; call after the piece has been rendered past its overlap.
    void fill_report(const TrackAnalysis& a, const TrackAnalysis& b, double offset_s, MixReport& report) const;

    struct Impl;

private:
    explicit MixPiece(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

/// Pieces one after another into one stream of frames.
class MixStream {
public:
    /// Starts with `first` at its frame `from`.
    MixStream(std::unique_ptr<MixPiece> first, std::int64_t from = 0);
    ~MixStream();

    /// Leaves the current piece at its frame `at` for `next` from its frame `from`, crossfading
    /// the current piece's frames [at, at + kJoinFrames) into next's [from, from + kJoinFrames).
    /// Replaces a switch not yet begun. Errors when `at` is already rendered or the current piece
    /// ends before at + kJoinFrames.
    Status switch_at(std::int64_t at, std::unique_ptr<MixPiece> next, std::int64_t from);
    bool switch_pending() const { return next_ != nullptr; }
    std::int64_t switch_frame() const { return at_; }
    void cancel_switch();

    /// Renders up to `n` frames into `out`; fewer only when the last piece ends (0: the end).
    Result<std::size_t> render(float* out, std::size_t n);

    const MixPiece& current() const { return *current_; }
    std::int64_t position() const { return pos_; }            ///< the current piece's next frame
    std::int64_t frames_out() const { return out_; }          ///< frames rendered so far
    /// The output frame of the current piece's frame 0 (may be negative).
    std::int64_t current_offset() const { return offset_; }

    /// Pieces left behind since the last call, each with the output frame of its frame 0.
    struct Finished {
        std::unique_ptr<MixPiece> piece;
        std::int64_t offset = 0;
        std::int64_t left_at = 0;  ///< the piece's frame where the join to the next began
    };
    std::vector<Finished> take_finished();

private:
    Status render_join(float* out, std::size_t n);
    std::unique_ptr<MixPiece> current_, next_;
    std::int64_t pos_ = 0, out_ = 0, offset_ = 0;
    std::int64_t at_ = 0, from_ = 0, joined_ = -1;  // joined_ >= 0 while crossfading
    std::vector<float> a_, b_;
    std::vector<Finished> finished_;
};

/// The mix's true-peak limiter, as every mix minidj writes or plays applies it (-1.5 dBTP,
/// 5 ms look-ahead): its output lags its input by a fixed latency, frame for frame.
class MixLimiter {
public:
    explicit MixLimiter(int rate);
    ~MixLimiter();
    /// Appends the limited frames that are ready to `out`; finish() drains the rest.
    void process(const float* stereo, std::size_t frames, std::vector<float>& out);
    void finish(std::vector<float>& out);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace minidj
