// render_transition(): lays the two decks on the output timeline, stretches the overlap,
// streams every block through deck gain, EQ, faders, the echo, the mix and the limiter into
// the encoder, then measures the written file.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>

#include "minidj/audio.h"
#include "minidj/render.h"
#include "render/cues.h"
#include "render/deck_source.h"
#include "render/echo.h"
#include "render/eq.h"
#include "render/limiter.h"
#include "render/master_clock.h"
#include "render/measure.h"
#include "render/onsets.h"
#include "render/stretch.h"

namespace minidj {
namespace {

using render::MasterClock;

constexpr double kCeilingDbtp = -1.5;        // limiter target: 0.5 dB of margin under -1 dBTP
constexpr std::size_t kBlock = 1024;         // frames per block
constexpr std::size_t kAutomationStep = 64;  // curves evaluated every 64 frames, ramped between
constexpr std::int64_t kSpliceFrames = 512;  // native <-> stretched crossfade
constexpr double kMaxNudge = 0.02;  // seconds: a larger lag is a wrong measurement, not a drift

std::int64_t to_frames(double seconds, int rate) {
    return std::int64_t(std::llround(seconds * rate));
}

// The source times of the master beats 0..K: the deck's grid, or a clock-driven line from the
// cue when the track has no beat.
std::vector<double> deck_beats(const BeatGrid& grid, double cue, int beats, double scale,
                               const MasterClock& clock) {
    auto out = render::overlap_beats(grid, cue, beats, scale);
    if (out.empty()) {
        for (int k = 0; k <= beats; ++k) out.push_back(cue + clock.time_of(k));
    }
    return out;
}

// One deck on the output timeline: native audio outside the stretched segment, the segment
// inside it, crossfaded at the splices.
struct DeckLayout {
    std::int64_t native_offset_before =
        0;  // source frame = output frame + offset (before the segment)
    std::int64_t native_offset_after = 0;  // ... after it
    bool native_before = true, native_after = true;
    std::int64_t segment_start = 0;              // output frame of stretched[0]
    std::vector<float> stretched;                // empty: no stretched segment
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
            if (g < l.splice_in + kSpliceFrames)
                w = std::clamp(double(g - l.splice_in) / kSpliceFrames, 0.0, 1.0);
            if (g >= l.splice_out)
                w = std::clamp(1.0 - double(g - l.splice_out) / kSpliceFrames, 0.0, 1.0);
            if (!l.native_before && g < l.splice_in + kSpliceFrames) w = 1.0;
            if (!l.native_after && g >= l.splice_out) w = 1.0;
            out[2 * i] = float(w * s0 + (1.0 - w) * native_[2 * i]);
            out[2 * i + 1] = float(w * s1 + (1.0 - w) * native_[2 * i + 1]);
        }
        return Ok{};
    }

    render::ThreeBandEq& eq() { return eq_; }
    const DeckLayout& layout() const { return layout_; }

  private:
    std::unique_ptr<render::DeckSource> source_;
    DeckLayout layout_;
    render::ThreeBandEq eq_;
    std::vector<float> native_;
};

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

// Source time -> OUT time through a deck's beat map (piecewise linear between the beats,
// native speed outside them).
double map_to_out(double s, const std::vector<double>& src, const std::vector<double>& out) {
    if (s <= src.front()) return out.front() + (s - src.front());
    if (s >= src.back()) return out.back() + (s - src.back());
    const auto it = std::upper_bound(src.begin(), src.end(), s);
    const auto i = std::size_t(it - src.begin()) - 1;
    return out[i] + (s - src[i]) * (out[i + 1] - out[i]) / (src[i + 1] - src[i]);
}

// A stretched segment for one deck: source [beats[0] - pre, beats[K] + post] pinned beat by beat
// to the master clock, the margins at the native speed.
struct Segment {
    std::vector<float> audio;
    std::int64_t out_start = 0;  // output frame of audio[0]
    std::vector<double> beats;   // source beats after fitting to the onsets
};

Result<Segment> stretch_deck(const std::string& path, std::vector<double> beats,
                             std::int64_t t0_frames, const std::vector<double>& master, int rate,
                             StretchEngine engine) {
    const double period = beats[1] - beats[0];
    const std::int64_t src_first = to_frames(beats.front() - period, rate);
    const std::int64_t src_last = to_frames(beats.back() + period, rate);
    auto audio = render::read_segment(path, rate, src_first, std::size_t(src_last - src_first));
    if (!audio) return audio.error();
    const render::OnsetEnvelope env(audio.value().data(), audio.value().size() / 2, rate,
                                    double(src_first) / rate);
    Segment seg;
    seg.beats = render::fit_beats_to_onsets(beats, env);
    // Margins run at native speed: the segment starts `pre` frames before beat 0 in both clocks.
    const std::int64_t b0 = to_frames(seg.beats.front(), rate);
    const std::int64_t pre = b0 - src_first;
    const std::int64_t post = src_last - to_frames(seg.beats.back(), rate);
    seg.out_start = t0_frames - pre;
    std::map<std::size_t, std::size_t> keys;
    for (std::size_t k = 0; k < seg.beats.size(); ++k) {
        const std::int64_t in = to_frames(seg.beats[k], rate) - src_first;
        const std::int64_t out = pre + to_frames(master[k], rate);
        if (in > 0 && out > 0) keys[std::size_t(in)] = std::size_t(out);
    }
    const std::int64_t out_frames = pre + to_frames(master.back(), rate) + post;
    seg.audio = render::stretch_segment(
        audio.value(), rate, std::size_t(std::max<std::int64_t>(out_frames, 1)), keys, engine);
    return seg;
}

render::BandGains gains_at(const DeckCurves& c, double beat) {
    return {evaluate(c.low, beat), evaluate(c.mid, beat), evaluate(c.high, beat)};
}

// EQ then fader (times the loudness trim) on `m` frames of one deck, ramped from beat0 to beat1.
void automate(Deck& deck, float* x, std::size_t m, const DeckCurves& curves, float trim,
              double beat0, double beat1) {
    deck.eq().process(x, m, gains_at(curves, beat0), gains_at(curves, beat1));
    const double g0 = evaluate(curves.gain, beat0), g1 = evaluate(curves.gain, beat1);
    for (std::size_t i = 0; i < m; ++i) {
        const float g = float(g0 + (g1 - g0) * double(i + 1) / double(m)) * trim;
        x[2 * i] *= g;
        x[2 * i + 1] *= g;
    }
}

}  // namespace

Result<MixReport> render_transition(const TrackAnalysis& a, const TrackAnalysis& b,
                                    const TransitionPlan& plan, const RenderOptions& options) {
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

    const MasterClock clock(plan);
    const int k_beats = plan.overlap_beats();
    auto beats_a = deck_beats(a.grid, plan.cue_out_s, k_beats, 1.0, clock);
    auto beats_b = deck_beats(b.grid, plan.cue_in_s, k_beats, plan.b_beat_scale, clock);
    // Without a stretch both decks play at their own speed from their cues.
    if (!plan.stretch) {
        for (int k = 0; k <= k_beats; ++k) {
            beats_a[std::size_t(k)] = plan.cue_out_s + clock.time_of(k);
            beats_b[std::size_t(k)] = plan.cue_in_s + clock.time_of(k);
        }
    }
    const double a_start = plan.before_s < 0 ? 0.0 : std::max(0.0, beats_a.front() - plan.before_s);
    const std::int64_t a_start_f = to_frames(a_start, rate);

    std::vector<double> master(std::size_t(k_beats) + 1);
    for (int k = 0; k <= k_beats; ++k) master[std::size_t(k)] = clock.time_of(k);

    DeckLayout la, lb;
    Segment seg_a, seg_b;
    std::int64_t t0_f = to_frames(beats_a.front(), rate) - a_start_f;
    if (plan.stretch) {
        auto sa = stretch_deck(plan.track_a, beats_a, 0, master, rate, options.engine);
        if (!sa) return sa.error();
        seg_a = std::move(sa.value());
        t0_f = to_frames(seg_a.beats.front(), rate) - a_start_f;  // A's fitted cue downbeat
        seg_a.out_start += t0_f;
        auto sb = stretch_deck(plan.track_b, beats_b, t0_f, master, rate, options.engine);
        if (!sb) return sb.error();
        seg_b = std::move(sb.value());
        beats_a = seg_a.beats;
        beats_b = seg_b.beats;
        // Nudge: B's attacks against A's over the whole overlap, once, by their median lag.
        std::vector<double> master_out(master.size());
        for (std::size_t k = 0; k < master.size(); ++k)
            master_out[k] = double(t0_f) / rate + master[k];
        const auto lag =
            render::median_lag({&seg_a.audio, double(seg_a.out_start) / rate},
                               {&seg_b.audio, double(seg_b.out_start) / rate}, master_out, rate);
        const std::int64_t nudge = lag && std::abs(*lag) <= kMaxNudge ? to_frames(*lag, rate) : 0;
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
    } else {
        la.native_offset_before = a_start_f;
        lb.native_offset_before = to_frames(beats_b.front(), rate) - t0_f;
    }
    const double t0 = double(t0_f) / rate;
    const double tk = t0 + master.back();
    const double b_end =
        plan.after_s < 0 ? b.duration_s : std::min(b.duration_s, beats_b.back() + plan.after_s);
    const std::int64_t end_f = to_frames(tk + std::max(0.0, b_end - beats_b.back()), rate);

    auto src_a = render::DeckSource::open(plan.track_a, rate);
    if (!src_a) return src_a.error();
    auto src_b = render::DeckSource::open(plan.track_b, rate);
    if (!src_b) return src_b.error();
    Deck deck_a(std::move(src_a.value()), std::move(la), rate);
    Deck deck_b(std::move(src_b.value()), std::move(lb), rate);

    auto encoder = AudioEncoder::open(options.output, rate, 2);
    if (!encoder) return encoder.error();
    render::TruePeakLimiter limiter(rate, kCeilingDbtp);
    const double echo_period = 60.0 / plan.bpm_a * plan.echo_beats;
    render::BeatEcho echo(std::size_t(std::max<std::int64_t>(1, to_frames(echo_period, rate))),
                          plan.echo_feedback);
    const float trim_a = float(std::pow(10.0, plan.gain_a_db / 20.0));
    const float trim_b = float(std::pow(10.0, plan.gain_b_db / 20.0));

    MixReport report;
    report.output = options.output.string();
    report.transition_start_s =
        plan.style == MixStyle::kEchoOut ? t0 + clock.time_of(-plan.meter) : t0;
    report.transition_end_s = tk;
    report.bpm_a = a.grid.bpm;
    report.bpm_b = b.grid.bpm;
    report.stretched = plan.stretch;
    report.stretch_ratio = plan.stretch ? plan.bpm_a / plan.bpm_b : 1.0;
    report.style = style_name(plan.style);
    report.engine = !plan.stretch                             ? "none"
                    : options.engine == StretchEngine::kFiner ? "R3 (finer)"
                                                              : "R2 (faster)";
    report.notes = plan.notes;
    const auto env_step = std::size_t(std::lround(report.envelope_step_s * rate));
    Envelope env_a{env_step, &report.envelope_a}, env_b{env_step, &report.envelope_b},
        env_mix{env_step, &report.envelope_mix};

    std::vector<float> buf_a(2 * kBlock), buf_b(2 * kBlock), mix(2 * kBlock), limited;
    for (std::int64_t f = 0; f < end_f; f += std::int64_t(kBlock)) {
        if (options.cancel && options.cancel->load()) return Error{"mix: cancelled"};
        const auto n = std::size_t(std::min<std::int64_t>(std::int64_t(kBlock), end_f - f));
        if (auto s = deck_a.render(f, n, buf_a.data()); !s) return s.error();
        if (auto s = deck_b.render(f, n, buf_b.data()); !s) return s.error();
        for (std::size_t at = 0; at < n; at += kAutomationStep) {
            const std::size_t m = std::min(kAutomationStep, n - at);
            const double beat0 = clock.beat_at(double(f + std::int64_t(at)) / rate - t0);
            const double beat1 = clock.beat_at(double(f + std::int64_t(at + m)) / rate - t0);
            automate(deck_a, buf_a.data() + 2 * at, m, plan.a, trim_a, beat0, beat1);
            automate(deck_b, buf_b.data() + 2 * at, m, plan.b, trim_b, beat0, beat1);
            if (plan.style == MixStyle::kEchoOut) {
                const bool send = beat0 >= -plan.meter && beat0 < 0;
                echo.process(buf_a.data() + 2 * at, m, send ? 1.0f : 0.0f);
            }
        }
        env_a.add(buf_a.data(), n);
        env_b.add(buf_b.data(), n);
        for (std::size_t i = 0; i < 2 * n; ++i) mix[i] = buf_a[i] + buf_b[i];
        env_mix.add(mix.data(), n);
        limited.clear();
        limiter.process(mix.data(), n, limited);
        if (auto s = encoder.value()->write(limited.data(), limited.size() / 2); !s)
            return s.error();
    }
    limited.clear();
    limiter.finish(limited);
    if (auto s = encoder.value()->write(limited.data(), limited.size() / 2); !s) return s.error();
    if (auto s = encoder.value()->finish(); !s) return s.error();
    report.render_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

    // Beat and downbeat times of each deck in OUT, for the plot.
    std::vector<double> master_out(master.size());
    for (std::size_t k = 0; k < master.size(); ++k) master_out[k] = t0 + master[k];
    report.master_beats = master_out;
    const double out_len = double(end_f) / rate;
    auto place = [&](const std::vector<double>& src, const std::vector<double>& map_src, double lo,
                     double hi, std::vector<double>& dst) {
        for (double s : src) {
            const double t = map_to_out(s, map_src, master_out);
            if (t >= 0 && t <= out_len && t >= lo && t <= hi) dst.push_back(t);
        }
    };
    place(a.grid.beats, beats_a, 0, tk, report.beats_a);
    place(a.grid.downbeats, beats_a, 0, tk, report.downbeats_a);
    place(b.grid.beats, beats_b, report.transition_start_s, out_len, report.beats_b);
    place(b.grid.downbeats, beats_b, report.transition_start_s, out_len, report.downbeats_b);

    if (plan.stretch) {
        render::measure_sync(
            {&deck_a.layout().stretched, double(deck_a.layout().segment_start) / rate},
            {&deck_b.layout().stretched, double(deck_b.layout().segment_start) / rate}, master_out,
            report.downbeats_a, report.downbeats_b, plan.meter, rate, report);
    }
    if (auto s = render::measure_file(options.output, report); !s) return s.error();
    return report;
}

}  // namespace minidj
