// TransitionRenderer: the two decks of a transition on one output timeline. prepare() fits
// both decks' beats to their onsets, stretches the overlap segments so every beat lands on
// the master clock, and lays out where each deck plays natively and where stretched; render()
// then streams blocks through deck gain, EQ, faders and the echo, and sums them.
#include "render/transition_renderer.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <thread>

#include "minidj/audio.h"
#include "render/cues.h"
#include "render/deck_source.h"
#include "render/deck_stretch.h"
#include "render/echo.h"
#include "render/eq.h"
#include "render/master_clock.h"
#include "render/measure.h"
#include "render/onsets.h"
#include "render/output_sync.h"
#include "render/stretch.h"

namespace minidj::render {
namespace {

using render::MasterClock;

constexpr std::size_t kAutomationStep = 64; // curves evaluated every 64 frames, ramped between
constexpr std::int64_t kSpliceFrames = 512; // native <-> stretched crossfade
constexpr double kMaxNudge = 0.02;          // seconds: a larger offset is a wrong measurement, not the stretcher
constexpr std::int64_t kSettleFrames = 4096; // after the splice back to native, before a piece may end
constexpr double kEchoTailBeats = 8.0;       // an echo-out's repeats ring this long after the cue

std::int64_t to_frames(double seconds, int rate) { return std::int64_t(std::llround(seconds * rate)); }

// The source times of the master beats 0..K: the deck's grid, or a clock-driven line from the
// cue when the track has no beat.
std::vector<double> deck_beats(const BeatGrid& grid, double cue, int beats, double scale, const MasterClock& clock) {
    auto out = render::overlap_beats(grid, cue, beats, scale);
    if (out.empty()) {
        for (int k = 0; k <= beats; ++k) out.push_back(cue + clock.time_of(k));
    }
    return out;
}

// One deck on the output timeline: native audio outside the stretched segment, the segment
// inside it, crossfaded at the splices.
struct DeckLayout {
    std::int64_t native_offset_before = 0;  // source frame = output frame + offset (before the segment)
    std::int64_t native_offset_after = 0;   // ... after it
    bool native_before = true, native_after = true;
    std::int64_t segment_start = 0;         // output frame of stretched[0]
    std::vector<float> stretched;           // empty: no stretched segment
    std::int64_t splice_in = 0, splice_out = 0;  // output frames where the crossfades start
};

class Deck {
public:
    Deck(std::unique_ptr<render::DeckSource> source, DeckLayout layout, int rate)
        : source_(std::move(source)), layout_(std::move(layout)), eq_(rate) {}

    // Renders output frames [f, f + n) of this deck (before gain, EQ and fader).
    Status render(std::int64_t f, std::size_t n, float* out) {
        const auto& l = layout_;
        const std::int64_t seg_end = l.segment_start + std::int64_t(l.stretched.size() / 2);
        native_.resize(2 * n);
        bool native_done = false;
        auto native = [&](std::int64_t offset) -> Status {
            if (native_done) return Ok{};
            native_done = true;
            return source_->read(f + offset, n, native_.data());
        };
        std::fill(out, out + 2 * n, 0.0f);
        if (l.stretched.empty()) {
            if (auto s = native(l.native_offset_before); !s) return s;
            std::copy(native_.begin(), native_.end(), out);
            return Ok{};
        }
        // Which native stream this block needs (never both: the splices are far apart).
        const bool before = f < l.splice_in + kSpliceFrames;
        const bool after = f + std::int64_t(n) > l.splice_out;
        if (before && l.native_before) {
            if (auto s = native(l.native_offset_before); !s) return s;
        } else if (after && l.native_after) {
            if (auto s = native(l.native_offset_after); !s) return s;
        } else {
            std::fill(native_.begin(), native_.end(), 0.0f);
        }
        for (std::size_t i = 0; i < n; ++i) {
            const std::int64_t g = f + std::int64_t(i);
            float s0 = 0.0f, s1 = 0.0f;
            if (g >= l.segment_start && g < seg_end) {
                s0 = l.stretched[std::size_t(2 * (g - l.segment_start))];
                s1 = l.stretched[std::size_t(2 * (g - l.segment_start) + 1)];
            }
            // Weight of the stretched audio: 0 before splice_in, 1 between, 0 after splice_out.
            double w = 1.0;
            if (g < l.splice_in + kSpliceFrames) w = std::clamp(double(g - l.splice_in) / kSpliceFrames, 0.0, 1.0);
            if (g >= l.splice_out) w = std::clamp(1.0 - double(g - l.splice_out) / kSpliceFrames, 0.0, 1.0);
            if (!l.native_before && g < l.splice_in + kSpliceFrames) w = 1.0;
            if (!l.native_after && g >= l.splice_out) w = 1.0;
            out[2 * i] = float(w * s0 + (1.0 - w) * native_[2 * i]);
            out[2 * i + 1] = float(w * s1 + (1.0 - w) * native_[2 * i + 1]);
        }
        return Ok{};
    }

    // True when the deck has no audio anywhere in output frames [f, f + n): before a stretched
    // segment it does not play natively ahead of (B), or after one it does not play on from (A).
    bool silent(std::int64_t f, std::size_t n) const {
        const auto& l = layout_;
        if (l.stretched.empty()) return false;
        const std::int64_t seg_end = l.segment_start + std::int64_t(l.stretched.size() / 2);
        return (!l.native_before && f + std::int64_t(n) <= l.segment_start) || (!l.native_after && f >= seg_end);
    }

    render::ThreeBandEq& eq() { return eq_; }
    const DeckLayout& layout() const { return layout_; }

private:
    std::unique_ptr<render::DeckSource> source_;
    DeckLayout layout_;
    render::ThreeBandEq eq_;
    std::vector<float> native_;
};


// Source time -> OUT time through a deck's beat map (piecewise linear between the beats,
// native speed outside them).
double map_to_out(double s, const std::vector<double>& src, const std::vector<double>& out) {
    if (s <= src.front()) return out.front() + (s - src.front());
    if (s >= src.back()) return out.back() + (s - src.back());
    const auto it = std::upper_bound(src.begin(), src.end(), s);
    const auto i = std::size_t(it - src.begin()) - 1;
    return out[i] + (s - src[i]) * (out[i + 1] - out[i]) / (src[i + 1] - src[i]);
}

render::BandGains gains_at(const DeckCurves& c, double beat) {
    return {evaluate(c.low, beat), evaluate(c.mid, beat), evaluate(c.high, beat)};
}

// EQ then fader (times the loudness trim) on `m` frames of one deck from output frame f, ramped
// from beat0 to beat1.
void automate(Deck& deck, std::int64_t f, float* x, std::size_t m, const DeckCurves& curves, float trim, double beat0,
              double beat1) {
    const double g0 = evaluate(curves.gain, beat0), g1 = evaluate(curves.gain, beat1);
    // A deck with no audio and its fader down stays silent: skip its EQ. Exact, because B's
    // filters have heard nothing yet, and A's fader stays down once it has played out.
    if (g0 == 0.0 && g1 == 0.0 && deck.silent(f, m)) return;
    deck.eq().process(x, m, gains_at(curves, beat0), gains_at(curves, beat1));
    for (std::size_t i = 0; i < m; ++i) {
        const float g = float(g0 + (g1 - g0) * double(i + 1) / double(m)) * trim;
        x[2 * i] *= g;
        x[2 * i + 1] *= g;
    }
}


}  // namespace

struct TransitionRenderer::Impl {
    TransitionPlan plan;
    StretchEngine engine = StretchEngine::kFiner;
    int rate = 44100;
    MasterClock clock;
    std::vector<double> master;            // master beat times from the overlap start
    std::vector<double> beats_a, beats_b;  // source times of the master beats (fitted)
    std::int64_t t0_f = 0, tk_f = 0, end_f = 0, b_end_f = 0;
    std::vector<double> analysed_a, analysed_b;  // source times of the master beats, as analysed (not fitted)
    // Each deck's own unstretched overlap as read for the stretch (the report's sync compares
    // each deck's rendered audio with it), and the source frame of its first sample.
    std::vector<float> source_a, source_b;
    std::int64_t source_a_first = 0, source_b_first = 0;
    // Each deck's audio as it goes into the mix (after EQ, trim, fader, echo) over the overlap and
    // a beat either side, for the report's sync: OUT frames [capture_first, + size / 2).
    std::int64_t capture_first = 0;
    std::vector<float> capture_a, capture_b;
    std::unique_ptr<Deck> deck_a, deck_b;
    BeatEcho echo;
    float trim_a = 1.0f, trim_b = 1.0f;

    Impl(const TransitionPlan& p, StretchEngine e, int r)
        : plan(p), engine(e), rate(r), clock(p),
          echo(std::size_t(std::max<std::int64_t>(1, to_frames(60.0 / p.bpm_a * p.echo_beats, r))), p.echo_feedback),
          trim_a(float(std::pow(10.0, p.gain_a_db / 20.0))), trim_b(float(std::pow(10.0, p.gain_b_db / 20.0))) {}
    double nudge_s = 0.0;  // B moved earlier by this much to put its beats on A's
    double t0() const { return double(t0_f) / rate; }
    double tk() const { return double(tk_f) / rate; }
};

TransitionRenderer::TransitionRenderer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TransitionRenderer::~TransitionRenderer() = default;

Result<std::unique_ptr<TransitionRenderer>> TransitionRenderer::prepare(const TrackAnalysis& a, const TrackAnalysis& b,
                                                                        const TransitionPlan& plan, StretchEngine engine,
                                                                        int rate, const PieceBounds& bounds) {
    if (auto s = plan.validate(); !s) return s.error();
    if (auto s = plan.check_cues(a.duration_s, b.duration_s); !s) return s.error();
    auto impl = std::make_unique<Impl>(plan, engine, rate);
    auto& m = *impl;
    const MasterClock& clock = m.clock;
    const int k_beats = plan.overlap_beats();
    auto beats_a = deck_beats(a.grid, plan.cue_out_s, k_beats, 1.0, clock);
    auto beats_b = deck_beats(b.grid, plan.cue_in_s, k_beats, plan.b_beat_scale, clock);
    m.analysed_a = beats_a;
    m.analysed_b = beats_b;
    // Without a stretch both decks play at their own speed from their cues.
    if (!plan.stretch) {
        for (int k = 0; k <= k_beats; ++k) {
            beats_a[std::size_t(k)] = plan.cue_out_s + clock.time_of(k);
            beats_b[std::size_t(k)] = plan.cue_in_s + clock.time_of(k);
        }
    }
    const double a_start = plan.before_s < 0 ? 0.0 : std::max(0.0, beats_a.front() - plan.before_s);
    const std::int64_t a_start_f = bounds.a_first_frame ? *bounds.a_first_frame : to_frames(a_start, rate);
    m.master.resize(std::size_t(k_beats) + 1);
    for (int k = 0; k <= k_beats; ++k) m.master[std::size_t(k)] = clock.time_of(k);
    const auto& master = m.master;

    DeckLayout la, lb;
    Segment seg_a, seg_b;
    std::int64_t t0_f = to_frames(beats_a.front(), rate) - a_start_f;
    std::int64_t b_native_f = 0;  // output frame from which B plays natively for good
    if (plan.stretch) {
        auto fa = fit_deck(plan.track_a, beats_a, rate);
        if (!fa) return fa.error();
        auto fb = fit_deck(plan.track_b, beats_b, rate);
        if (!fb) return fb.error();
        t0_f = to_frames(fa.value().beats.front(), rate) - a_start_f;  // A's fitted cue downbeat
        // The two stretches are independent: one on another core while this one does B's.
        LandedSegment landed_a, landed_b;
        std::thread stretch_a([&] { landed_a = stretch_onto_clock(fa.value(), t0_f, master, rate, engine); });
        landed_b = stretch_onto_clock(fb.value(), t0_f, master, rate, engine);
        stretch_a.join();
        seg_a = std::move(landed_a.seg);
        seg_b = std::move(landed_b.seg);
        beats_a = seg_a.beats;
        beats_b = seg_b.beats;
        m.source_a = std::move(fa.value().audio);
        m.source_a_first = fa.value().src_first;
        m.source_b = std::move(fb.value().audio);
        m.source_b_first = fb.value().src_first;
        // The stretcher leaves each deck a steady offset off its key frames, which depends on the
        // ratio: B is nudged once by the median difference of the two landings, as a DJ nudges a
        // record.
        const auto lag = render::median_difference(landed_a.landing, landed_b.landing);
        const std::int64_t nudge = lag && std::abs(*lag) <= kMaxNudge ? to_frames(*lag, rate) : 0;
        m.nudge_s = double(nudge) / rate;
        seg_b.out_start -= nudge;
        const std::int64_t tk_f = t0_f + to_frames(master.back(), rate);
        // A: native up to the middle of its pre-margin, then stretched; it ends with the overlap.
        la.native_offset_before = a_start_f;
        la.native_after = false;
        la.segment_start = seg_a.out_start;
        la.splice_in = (seg_a.out_start + t0_f) / 2;
        la.splice_out = seg_a.out_start + std::int64_t(seg_a.audio.size() / 2);
        la.stretched = std::move(seg_a.audio);
        // B: stretched from its segment start, native from the middle of its post-margin.
        lb.native_before = false;
        lb.native_offset_after = to_frames(beats_b.back(), rate) - tk_f + nudge;
        lb.segment_start = seg_b.out_start;
        lb.splice_in = seg_b.out_start;
        const std::int64_t seg_b_end = seg_b.out_start + std::int64_t(seg_b.audio.size() / 2);
        lb.splice_out = (tk_f + seg_b_end) / 2 - kSpliceFrames / 2;
        lb.stretched = std::move(seg_b.audio);
        b_native_f = lb.splice_out + kSpliceFrames;
    } else {
        la.native_offset_before = a_start_f;
        lb.native_offset_before = to_frames(beats_b.front(), rate) - t0_f;
        b_native_f = t0_f;
    }
    m.t0_f = t0_f;
    m.tk_f = t0_f + to_frames(master.back(), rate);
    if (bounds.end_after_overlap) {
        // Long enough for B to settle at its own speed and for an echo-out's repeats to fade.
        const double tail = plan.style == MixStyle::kEchoOut ? kEchoTailBeats * 60.0 / plan.bpm_a : 0.0;
        m.end_f = std::max(b_native_f, m.tk_f + to_frames(tail, rate)) + kSettleFrames;
    } else {
        const double b_end = plan.after_s < 0 ? b.duration_s : std::min(b.duration_s, beats_b.back() + plan.after_s);
        m.end_f = to_frames(m.tk() + std::max(0.0, b_end - beats_b.back()), rate);
    }
    m.b_end_f = m.end_f + (plan.stretch ? lb.native_offset_after : lb.native_offset_before);
    if (plan.stretch) {
        const std::int64_t beat_f = to_frames(60.0 / plan.bpm_a, rate);
        m.capture_first = std::max<std::int64_t>(0, m.t0_f - beat_f);
        const auto frames = std::size_t(std::max<std::int64_t>(0, m.tk_f + beat_f - m.capture_first));
        m.capture_a.assign(2 * frames, 0.0f);
        m.capture_b.assign(2 * frames, 0.0f);
    }
    m.beats_a = std::move(beats_a);
    m.beats_b = std::move(beats_b);

    auto src_a = render::DeckSource::open(plan.track_a, rate);
    if (!src_a) return src_a.error();
    auto src_b = render::DeckSource::open(plan.track_b, rate);
    if (!src_b) return src_b.error();
    m.deck_a = std::make_unique<Deck>(std::move(src_a.value()), std::move(la), rate);
    m.deck_b = std::make_unique<Deck>(std::move(src_b.value()), std::move(lb), rate);
    return std::unique_ptr<TransitionRenderer>(new TransitionRenderer(std::move(impl)));
}

std::int64_t TransitionRenderer::frames() const { return impl_->end_f; }
double TransitionRenderer::overlap_start_s() const { return impl_->t0(); }
double TransitionRenderer::overlap_end_s() const { return impl_->tk(); }
double TransitionRenderer::transition_start_s() const {
    const auto& m = *impl_;
    return m.plan.style == MixStyle::kEchoOut ? m.t0() + m.clock.time_of(-m.plan.meter) : m.t0();
}
std::int64_t TransitionRenderer::b_end_frame() const { return impl_->b_end_f; }

Status TransitionRenderer::render(std::int64_t f, std::size_t n, float* buf_a, float* buf_b, float* mix) {
    auto& m = *impl_;
    if (auto s = m.deck_a->render(f, n, buf_a); !s) return s;
    if (auto s = m.deck_b->render(f, n, buf_b); !s) return s;
    for (std::size_t at = 0; at < n; at += kAutomationStep) {
        const std::size_t step = std::min(kAutomationStep, n - at);
        const double beat0 = m.clock.beat_at(double(f + std::int64_t(at)) / m.rate - m.t0());
        const double beat1 = m.clock.beat_at(double(f + std::int64_t(at + step)) / m.rate - m.t0());
        const std::int64_t g = f + std::int64_t(at);
        automate(*m.deck_a, g, buf_a + 2 * at, step, m.plan.a, m.trim_a, beat0, beat1);
        automate(*m.deck_b, g, buf_b + 2 * at, step, m.plan.b, m.trim_b, beat0, beat1);
        if (m.plan.style == MixStyle::kEchoOut) {
            const bool send = beat0 >= -m.plan.meter && beat0 < 0;
            m.echo.process(buf_a + 2 * at, step, send ? 1.0f : 0.0f);
        }
    }
    for (std::size_t i = 0; i < 2 * n; ++i) mix[i] = buf_a[i] + buf_b[i];
    // Keep what each deck put into the mix over the overlap (the report's sync reads it).
    const std::int64_t cap_end = m.capture_first + std::int64_t(m.capture_a.size() / 2);
    const std::int64_t from = std::max(f, m.capture_first), to = std::min(f + std::int64_t(n), cap_end);
    for (std::int64_t g = from; g < to; ++g) {
        const auto i = std::size_t(2 * (g - f)), j = std::size_t(2 * (g - m.capture_first));
        m.capture_a[j] = buf_a[i], m.capture_a[j + 1] = buf_a[i + 1];
        m.capture_b[j] = buf_b[i], m.capture_b[j + 1] = buf_b[i + 1];
    }
    return Ok{};
}

std::vector<std::optional<double>> TransitionRenderer::measured_sync() const {
    const auto& m = *impl_;
    std::vector<double> planned(m.master.size());
    for (std::size_t k = 0; k < m.master.size(); ++k) planned[k] = m.t0() + m.master[k];
    const double capture_s = double(m.capture_first) / m.rate;
    auto deck = [&](const std::vector<float>& source, std::int64_t first, const std::vector<double>& beats,
                    const std::vector<float>& rendered) {
        return render::attacks_in_output({&rendered, capture_s}, {{&source, double(first) / m.rate}, beats}, planned,
                                         m.rate);
    };
    return render::sync_differences(deck(m.source_a, m.source_a_first, m.analysed_a, m.capture_a),
                                    deck(m.source_b, m.source_b_first, m.analysed_b, m.capture_b));
}

void TransitionRenderer::fill_report(const TrackAnalysis& a, const TrackAnalysis& b, double offset_s,
                                     MixReport& report) const {
    const auto& m = *impl_;
    report.transition_start_s = offset_s + transition_start_s();
    report.transition_end_s = offset_s + m.tk();
    report.bpm_a = a.grid.bpm;
    report.bpm_b = b.grid.bpm;
    report.stretched = m.plan.stretch;
    report.stretch_ratio = m.plan.stretch ? m.plan.bpm_a / m.plan.bpm_b : 1.0;
    report.style = style_name(m.plan.style);
    report.engine = m.plan.stretch ? engine_name(m.engine) : "none";
    report.notes = m.plan.notes;
    // Beat and downbeat times of each deck in OUT.
    std::vector<double> master_out(m.master.size());
    for (std::size_t k = 0; k < m.master.size(); ++k) master_out[k] = offset_s + m.t0() + m.master[k];
    report.master_beats = master_out;
    const double out_end = offset_s + double(m.end_f) / m.rate;
    // A deck's beat on an edge (B cued on its first beat, at 0 s) maps through the deck's
    // fitted beat map, which the attacks may have moved a few ms: it still belongs inside.
    constexpr double kEdgeSeconds = 0.005;
    auto place = [&](const std::vector<double>& src, const std::vector<double>& map_src, double lo, double hi,
                     std::vector<double>& dst) {
        for (double s : src) {
            const double t = map_to_out(s, map_src, master_out);
            if (t >= std::max(offset_s, lo) - kEdgeSeconds && t <= std::min(out_end, hi) + kEdgeSeconds) {
                dst.push_back(t);
            }
        }
    };
    const double tk = offset_s + m.tk();
    place(a.grid.beats, m.beats_a, offset_s, tk, report.beats_a);
    place(a.grid.downbeats, m.beats_a, offset_s, tk, report.downbeats_a);
    place(b.grid.beats, m.beats_b, report.transition_start_s, out_end, report.beats_b);
    place(b.grid.downbeats, m.beats_b, report.transition_start_s, out_end, report.downbeats_b);
    auto spans = [&](const TrackStructure& s, const std::vector<double>& map_src, double lo, double hi,
                     std::vector<MixReport::SectionSpan>& dst) {
        for (const SongSection& x : s.sections) {
            const double start = std::max(map_to_out(x.start_s, map_src, master_out), std::max(offset_s, lo));
            const double end = std::min(map_to_out(x.end_s, map_src, master_out), std::min(out_end, hi));
            if (end > start) dst.push_back({start, end, x.label});
        }
    };
    spans(a.structure, m.beats_a, offset_s, tk, report.sections_a);
    spans(b.structure, m.beats_b, report.transition_start_s, out_end, report.sections_b);
    if (m.plan.stretch) {
        report.nudge_ms = -1000.0 * m.nudge_s;  // positive: B moved later
        measure_sync(measured_sync(), master_out, report.downbeats_a, report.downbeats_b, m.plan.meter, report);
    }
}

double a_native_until_s(const TransitionPlan& plan) {
    constexpr double kMargin = 0.05;  // seconds: the splice and the beat fit's freedom
    return plan.stretch && plan.bpm_a > 0 ? plan.cue_out_s - 60.0 / plan.bpm_a - kMargin : plan.cue_out_s - kMargin;
}

}  // namespace minidj::render
