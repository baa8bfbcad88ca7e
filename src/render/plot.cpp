// plot_transition(): a PNG of the transition drawn with Cairo. Lanes from top to bottom: deck
// A as heard (envelope, beats, downbeats), deck B likewise, the mix, the fader and EQ curves
// of both decks, the master tempo, the short-term loudness. The overlap is shaded throughout.
#include <cairo.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <memory>

#include "minidj/render.h"
#include "render/cairo_handles.h"
#include "render/section_colours.h"

namespace minidj {
namespace {

constexpr int kWidth = 1600, kHeight = 1000;
constexpr double kLeft = 110, kRight = 20, kTop = 40;

struct Rgb {
    double r, g, b;
};
constexpr Rgb kDeckA{0.15, 0.40, 0.80}, kDeckB{0.85, 0.35, 0.10}, kMix{0.25, 0.25, 0.25};

class Plot {
  public:
    Plot(cairo_t* cr, double duration) : cr_(cr), duration_(std::max(duration, 1e-3)) {}
    double x(double t) const { return kLeft + (kWidth - kLeft - kRight) * t / duration_; }
    void colour(const Rgb& c, double alpha = 1.0) {
        cairo_set_source_rgba(cr_, c.r, c.g, c.b, alpha);
    }
    void text(double px, double py, const std::string& s, double size = 13) {
        cairo_set_font_size(cr_, size);
        cairo_move_to(cr_, px, py);
        cairo_show_text(cr_, s.c_str());
    }
    void lane_label(double top, double height, const std::string& s) {
        colour({0, 0, 0});
        text(8, top + height / 2 + 4, s);
        cairo_set_source_rgba(cr_, 0, 0, 0, 0.25);
        cairo_set_line_width(cr_, 1);
        cairo_rectangle(cr_, kLeft, top, kWidth - kLeft - kRight, height);
        cairo_stroke(cr_);
    }
    // A mirrored peak envelope in a lane.
    void envelope(const std::vector<float>& env, double step, double top, double height,
                  const Rgb& c) {
        colour(c, 0.8);
        const double mid = top + height / 2;
        for (std::size_t i = 0; i < env.size(); ++i) {
            const double h = std::min(1.0f, env[i]) * height / 2;
            cairo_rectangle(cr_, x(double(i) * step), mid - h, std::max(1.0, x(step) - x(0)),
                            2 * h);
        }
        cairo_fill(cr_);
    }
    // Sections as pale bands behind a lane.
    void sections(const std::vector<MixReport::SectionSpan>& spans, double top, double height) {
        for (const auto& s : spans) render::draw_section_band(cr_, x(s.start_s), x(s.end_s), top, height, s.label, 0.35);
    }
    void ticks(const std::vector<double>& times, double top, double height, const Rgb& c,
               double width, double alpha) {
        colour(c, alpha);
        cairo_set_line_width(cr_, width);
        for (double t : times) {
            cairo_move_to(cr_, x(t), top);
            cairo_line_to(cr_, x(t), top + height);
        }
        cairo_stroke(cr_);
    }
    // y = f(t) for t across the plot, value range [lo, hi] mapped into the lane.
    template <class F>
    void curve(F f, double lo, double hi, double top, double height, const Rgb& c, double width = 2,
               double dash = 0) {
        colour(c);
        cairo_set_line_width(cr_, width);
        if (dash > 0) cairo_set_dash(cr_, &dash, 1, 0);
        for (int px = 0; px <= kWidth - int(kLeft + kRight); ++px) {
            const double t = duration_ * px / (kWidth - kLeft - kRight);
            const double v = std::clamp((f(t) - lo) / (hi - lo), 0.0, 1.0);
            const double y = top + height - v * height;
            if (px == 0) {
                cairo_move_to(cr_, kLeft + px, y);
            } else {
                cairo_line_to(cr_, kLeft + px, y);
            }
        }
        cairo_stroke(cr_);
        cairo_set_dash(cr_, nullptr, 0, 0);
    }

  private:
    cairo_t* cr_;
    double duration_;
};

}  // namespace

Status plot_transition(const TransitionPlan& plan, const MixReport& r,
                       const std::filesystem::path& png) {
    const render::WhitePage page = render::white_page(kWidth, kHeight);
    cairo_t* cr = page.cr();
    Plot p(cr, r.duration_s);

    // Master beat -> OUT seconds, from the master beats the renderer placed.
    const auto& mb = r.master_beats;
    auto beat_at = [&](double t) {
        if (mb.size() < 2) return 0.0;
        if (t <= mb.front()) return (t - mb.front()) / (mb[1] - mb[0]);
        if (t >= mb.back())
            return double(mb.size() - 1) + (t - mb.back()) / (mb.back() - mb[mb.size() - 2]);
        const auto i = std::size_t(std::upper_bound(mb.begin(), mb.end(), t) - mb.begin()) - 1;
        return double(i) + (t - mb[i]) / (mb[i + 1] - mb[i]);
    };

    cairo_set_source_rgb(cr, 0, 0, 0);
    p.text(kLeft, 24,
           fmt::format("{}  ->  {}    style {}, {} bars, {}",
                       std::filesystem::path(plan.track_a).filename().string(),
                       std::filesystem::path(plan.track_b).filename().string(), r.style, plan.bars,
                       r.engine),
           15);
    // Overlap shading across every lane.
    cairo_set_source_rgba(cr, 1.0, 0.85, 0.2, 0.18);
    cairo_rectangle(cr, p.x(r.transition_start_s), kTop,
                    p.x(r.transition_end_s) - p.x(r.transition_start_s), kHeight - kTop - 40);
    cairo_fill(cr);

    const double lane = 120, gap = 12;
    double top = kTop + 6;
    p.lane_label(top, lane, "A (heard)");
    p.sections(r.sections_a, top, lane);
    p.envelope(r.envelope_a, r.envelope_step_s, top, lane, kDeckA);
    p.ticks(r.beats_a, top, lane * 0.15, kDeckA, 1, 0.6);
    p.ticks(r.downbeats_a, top, lane * 0.3, kDeckA, 2.5, 0.9);
    top += lane + gap;
    p.lane_label(top, lane, "B (heard)");
    p.sections(r.sections_b, top, lane);
    p.envelope(r.envelope_b, r.envelope_step_s, top, lane, kDeckB);
    p.ticks(r.beats_b, top + lane * 0.85, lane * 0.15, kDeckB, 1, 0.6);
    p.ticks(r.downbeats_b, top + lane * 0.7, lane * 0.3, kDeckB, 2.5, 0.9);
    top += lane + gap;
    p.lane_label(top, lane, "mix");
    p.envelope(r.envelope_mix, r.envelope_step_s, top, lane, kMix);
    top += lane + gap;

    // Fader (solid) and EQ curves (low dashed thick, mid dashed, high dotted) per deck.
    const double curves_h = 170;
    p.lane_label(top, curves_h, "gain / EQ");
    const auto in_range = [&](const Curve& c, double t) { return evaluate(c, beat_at(t)); };
    for (const auto& [deck, colour] : {std::pair{&plan.a, kDeckA}, std::pair{&plan.b, kDeckB}}) {
        p.curve([&](double t) { return in_range(deck->gain, t); }, 0, 1.05, top, curves_h, colour,
                2.5);
        p.curve([&](double t) { return in_range(deck->low, t); }, 0, 1.05, top, curves_h, colour,
                1.5, 8);
        p.curve([&](double t) { return in_range(deck->mid, t); }, 0, 1.05, top, curves_h, colour,
                1.0, 4);
        p.curve([&](double t) { return in_range(deck->high, t); }, 0, 1.05, top, curves_h, colour,
                1.0, 2);
    }
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    p.text(kLeft + 6, top + 14,
           "solid: fader   long dash: low   dash: mid   dots: high   (blue A, orange B)", 11);
    top += curves_h + gap;

    // Master tempo.
    const double tempo_h = 110;
    const double bpm_lo = std::min(plan.bpm_a, plan.bpm_b) - 3,
                 bpm_hi = std::max(plan.bpm_a, plan.bpm_b) + 3;
    p.lane_label(top, tempo_h, "tempo");
    p.curve(
        [&](double t) {
            if (!plan.stretch) return t < r.transition_start_s ? plan.bpm_a : plan.bpm_b;
            const double beat = beat_at(t);
            if (beat < 0) return plan.bpm_a;
            if (beat > plan.overlap_beats()) return plan.bpm_b;
            return evaluate(plan.tempo, beat);
        },
        bpm_lo, bpm_hi, top, tempo_h, kMix);
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    p.text(kLeft + 6, top + 14, fmt::format("{:.1f} -> {:.1f} BPM", plan.bpm_a, plan.bpm_b), 11);
    top += tempo_h + gap;

    // Short-term loudness.
    const double loud_h = kHeight - 40 - top;
    p.lane_label(top, loud_h, "LUFS (3 s)");
    const auto& st = r.short_term_curve;
    double lufs_lo = 0, lufs_hi = -70;
    for (float v : st) {
        if (v > -60) lufs_lo = std::min(lufs_lo, double(v)), lufs_hi = std::max(lufs_hi, double(v));
    }
    if (lufs_hi < lufs_lo) lufs_lo = -30, lufs_hi = -5;
    lufs_lo = std::floor(lufs_lo - 2), lufs_hi = std::ceil(lufs_hi + 2);
    p.curve(
        [&](double t) {
            const auto i = std::size_t(
                std::clamp((t + 1.5) / 0.1 - 1, 0.0, double(st.size() ? st.size() - 1 : 0)));
            return st.empty() ? -70.0 : double(st[i]);
        },
        lufs_lo, lufs_hi, top, loud_h, kMix, 1.5);
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    p.text(kLeft + 6, top + 14,
           fmt::format("{:.0f}..{:.0f} LUFS; dip {:.2f} LU, bump {:.2f} LU; true peak {:.2f} dBTP",
                       lufs_lo, lufs_hi, r.loudness_dip_lu, r.loudness_bump_lu, r.true_peak_dbtp),
           11);

    // Time axis.
    cairo_set_source_rgb(cr, 0, 0, 0);
    for (double t = 0; t <= r.duration_s; t += r.duration_s > 120 ? 30 : 5) {
        p.text(p.x(t) - 8, kHeight - 18, fmt::format("{:.0f}s", t), 11);
    }
    if (r.stretched) {
        p.text(kLeft, kHeight - 4,
               fmt::format("beat-phase error median {:.2f} ms, max {:.2f} ms; downbeats {}",
                           r.phase_error_median_ms, r.phase_error_max_ms,
                           r.downbeats_aligned ? "aligned" : "NOT aligned"),
               11);
    }
    return render::write_png(page.surface.get(), png);
}

}  // namespace minidj
