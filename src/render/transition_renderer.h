#pragma once
// One transition laid out on an output timeline and rendered block by block: both decks
// (native audio outside the stretched overlap, the stretched segments inside it), their gain,
// EQ, faders and echo, and their sum. render_transition() writes one such piece to a file;
// render_set() chains pieces, one per transition, into one continuous mix.

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "minidj/render.h"

namespace minidj::render {

/// Which stretch of the transition a piece covers.
struct PieceBounds {
    /// A's source frame at output frame 0; default: plan.before_s before the overlap.
    std::optional<std::int64_t> a_first_frame;
    /// End the piece shortly after B is back at its native speed (instead of plan.after_s
    /// after the overlap), so the next piece can take over B as its deck A.
    bool end_after_overlap = false;
};

class TransitionRenderer {
public:
    /// Reads and stretches the overlap (memory: the overlap, never a track) and opens both
    /// tracks for streaming. Errors: the decoder's one-line messages, "mix: ...".
    static Result<std::unique_ptr<TransitionRenderer>> prepare(const TrackAnalysis& a, const TrackAnalysis& b,
                                                               const TransitionPlan& plan, StretchEngine engine,
                                                               int sample_rate, const PieceBounds& bounds = {});
    ~TransitionRenderer();

    std::int64_t frames() const;  ///< length of the piece in output frames
    /// Renders output frames [f, f + n) (f ascending): each deck after gain, EQ, fader and echo
    /// into deck_a / deck_b, their sum into mix; stereo interleaved, 2n floats each.
    Status render(std::int64_t f, std::size_t n, float* deck_a, float* deck_b, float* mix);

    double overlap_start_s() const;     ///< in the piece's output time
    double overlap_end_s() const;
    double transition_start_s() const;  ///< the overlap start, or a bar before it for echo-out
    /// B's source frame at the piece's last frame + 1: where a following piece picks B up.
    std::int64_t b_end_frame() const;

    /// The report's deck-level figures for a piece placed at `offset_s` in the written file:
    /// beats and downbeats of both decks, the master beats, transition start and end, and the
    /// beat-phase error and downbeat agreement read from what each deck put into the mix
    /// (render/output_sync.h). Call after render() has passed the overlap.
    void fill_report(const TrackAnalysis& a, const TrackAnalysis& b, double offset_s, MixReport& report) const;

    struct Impl;

private:
    /// B's beat minus A's per master beat, from the decks' audio kept while rendering.
    std::vector<std::optional<double>> measured_sync() const;
    explicit TransitionRenderer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

/// A's source time after which a transition's A deck is no longer native (its stretched
/// segment starts about one beat before the cue).
double a_native_until_s(const TransitionPlan& plan);

}  // namespace minidj::render
