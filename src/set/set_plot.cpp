// plot_set(): a PNG of the whole set drawn with Cairo. Five lanes over the mix's time: each
// track's tempo, its energy rank against the requested arc, the key path on the Camelot
// wheel (1..12, minor A below major B), each seam's score at its place, and each track's
// sections as it plays them.
#include <cairo.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <memory>

#include "minidj/set.h"
#include "render/cairo_handles.h"
#include "render/section_colours.h"

namespace minidj {
namespace {

constexpr int kWidth = 1600, kHeight = 900;
constexpr double kLeft = 120, kRight = 30, kTop = 50, kLaneGap = 30;
constexpr int kLanes = 5;
constexpr double kLaneHeight = (kHeight - kTop - 40 - (kLanes - 1) * kLaneGap) / kLanes;

class Canvas {
public:
    Canvas(cairo_t* cr, double duration) : cr_(cr), duration_(std::max(duration, 1.0)) {}
    double x(double t) const { return kLeft + (kWidth - kLeft - kRight) * t / duration_; }
    // y within a lane for v in [lo, hi]
    static double y(int lane, double v, double lo, double hi) {
        const double top = kTop + lane * (kLaneHeight + kLaneGap);
        return top + kLaneHeight * (1.0 - (std::clamp(v, lo, hi) - lo) / std::max(1e-9, hi - lo));
    }
    void rgb(double r, double g, double b, double a = 1.0) { cairo_set_source_rgba(cr_, r, g, b, a); }
    void text(double px, double py, const std::string& s, double size = 13) {
        cairo_set_font_size(cr_, size);
        cairo_move_to(cr_, px, py);
        cairo_show_text(cr_, s.c_str());
    }
    void lane(int index, const std::string& label, const std::string& lo, const std::string& hi) {
        const double top = kTop + index * (kLaneHeight + kLaneGap);
        rgb(0, 0, 0);
        text(8, top + kLaneHeight / 2 + 4, label);
        text(kLeft - 40, top + 10, hi, 11);
        text(kLeft - 40, top + kLaneHeight, lo, 11);
        rgb(0, 0, 0, 0.3);
        cairo_set_line_width(cr_, 1);
        cairo_rectangle(cr_, kLeft, top, kWidth - kLeft - kRight, kLaneHeight);
        cairo_stroke(cr_);
    }
    void segment(double x0, double y0, double x1, double y1, double width) {
        cairo_set_line_width(cr_, width);
        cairo_move_to(cr_, x0, y0);
        cairo_line_to(cr_, x1, y1);
        cairo_stroke(cr_);
    }
    void dot(double px, double py, double radius) {
        cairo_arc(cr_, px, py, radius, 0, 2 * M_PI);
        cairo_fill(cr_);
    }
    cairo_t* cr() { return cr_; }

private:
    cairo_t* cr_;
    double duration_;
};

// A track's sections in lane 4, its source time + `offset` giving mix time, clipped to [lo, hi).
void draw_sections(Canvas& c, const TrackStructure& s, double offset, double lo, double hi) {
    const double top = Canvas::y(4, 1, 0, 1), bottom = Canvas::y(4, 0, 0, 1);
    for (const SongSection& x : s.sections) {
        const double start = std::max(x.start_s + offset, lo), end = std::min(x.end_s + offset, hi);
        if (end <= start) continue;
        render::draw_section_band(c.cr(), c.x(start), c.x(end), top, bottom - top, x.label, 0.8);
    }
}

// Camelot position as a height: 1A..12A low, 1B..12B high.
double camelot_height(const std::string& code) {
    if (code.empty()) return -1;
    const int n = std::atoi(code.c_str());
    return n + (code.back() == 'B' ? 12 : 0);
}

}  // namespace

Status plot_set(const SetPlan& plan, const SetReport& report, const std::vector<TrackAnalysis>& analyses,
                const std::filesystem::path& png) {
    const std::size_t n = plan.tracks.size();
    if (report.tracklist.size() != n || analyses.size() != n || plan.transitions.size() + 1 != n) {
        return Error{fmt::format("plot: {}: one tracklist entry, analysis and transition per track", printable_path(png))};
    }
    std::vector<double> bpm;
    std::vector<std::string> camelot;
    for (const TrackAnalysis& a : analyses) {
        bpm.push_back(a.grid.bpm);
        camelot.push_back(a.key.key ? a.key.key->camelot() : "");
    }
    const render::WhitePage page = render::white_page(kWidth, kHeight);
    // Each track over its span in the mix, as the report and the CUE sheet have it.
    std::vector<double> from(n), to(n);
    const auto spans = track_spans(report.tracklist, report.duration_s);
    for (std::size_t i = 0; i < n; ++i) from[i] = spans[i].start_s, to[i] = spans[i].end_s;
    Canvas c(page.cr(), to.back());
    c.rgb(0, 0, 0);
    c.text(kLeft, 28, fmt::format("minidj set: {} tracks, {}, arc {}, objective {:.3f} (seams {:.3f}, arc {:.3f})", n,
                                  mix_time(report.duration_s), plan.arc.empty() ? "-" : plan.arc, plan.objective_total,
                                  plan.objective_seam, plan.objective_arc),
           16);
    // Lane 0: tempo.
    double lo = 1e9, hi = 0;
    for (double b : bpm) {
        if (b > 0) lo = std::min(lo, b), hi = std::max(hi, b);
    }
    if (hi <= 0) lo = 60, hi = 180;
    lo = std::floor(lo - 3), hi = std::ceil(hi + 3);
    c.lane(0, "tempo (BPM)", fmt::format("{:.0f}", lo), fmt::format("{:.0f}", hi));
    c.rgb(0.15, 0.4, 0.8);
    for (std::size_t i = 0; i < n; ++i) {
        if (bpm[i] > 0) c.segment(c.x(from[i]), Canvas::y(0, bpm[i], lo, hi), c.x(to[i]), Canvas::y(0, bpm[i], lo, hi), 4);
    }
    // Lane 1: energy rank against the arc.
    c.lane(1, "energy vs arc", "0", "1");
    for (std::size_t i = 0; i < n && i < plan.arc_target.size(); ++i) {
        c.rgb(0.6, 0.6, 0.6);
        c.segment(c.x(from[i]), Canvas::y(1, plan.arc_target[i], 0, 1), c.x(to[i]), Canvas::y(1, plan.arc_target[i], 0, 1), 2);
    }
    c.rgb(0.85, 0.35, 0.1);
    c.text(kLeft + 8, Canvas::y(1, 1, 0, 1) + 14, "track energy (rank)", 11);
    c.rgb(0.5, 0.5, 0.5);
    c.text(kLeft + 150, Canvas::y(1, 1, 0, 1) + 14, "arc target", 11);
    c.rgb(0.85, 0.35, 0.1);
    for (std::size_t i = 0; i < n && i < plan.energy_rank.size(); ++i) {
        c.segment(c.x(from[i]), Canvas::y(1, plan.energy_rank[i], 0, 1), c.x(to[i]), Canvas::y(1, plan.energy_rank[i], 0, 1), 4);
    }
    // Lane 2: the key path on the Camelot wheel.
    c.lane(2, "key (Camelot)", "1A", "12B");
    c.rgb(0.2, 0.6, 0.3);
    for (std::size_t i = 0; i < n; ++i) {
        const double h = camelot_height(camelot[i]);
        if (h < 0) continue;
        const double px = 0.5 * (c.x(from[i]) + c.x(to[i])), py = Canvas::y(2, h, 1, 24);
        c.dot(px, py, 6);
        c.text(px + 8, py + 4, camelot[i], 12);
        if (i + 1 < n && camelot_height(camelot[i + 1]) >= 0) {
            c.segment(px, py, 0.5 * (c.x(from[i + 1]) + c.x(to[i + 1])), Canvas::y(2, camelot_height(camelot[i + 1]), 1, 24), 1.5);
        }
    }
    // Lane 3: each seam's score, at the start of the track it leads into.
    c.lane(3, "seam score", "0", "1");
    for (std::size_t i = 0; i < plan.seam_score.size() && i + 1 < n; ++i) {
        const double px = c.x(from[i + 1]);
        c.rgb(0.5, 0.2, 0.7, 0.85);
        cairo_rectangle(c.cr(), px - 8, Canvas::y(3, plan.seam_score[i], 0, 1), 16,
                        Canvas::y(3, 0, 0, 1) - Canvas::y(3, plan.seam_score[i], 0, 1));
        cairo_fill(c.cr());
        c.rgb(0, 0, 0);
        c.text(px - 12, Canvas::y(3, plan.seam_score[i], 0, 1) - 4, fmt::format("{:.2f}", plan.seam_score[i]), 11);
    }
    // Lane 4: each track's sections from where its span starts (its incoming transition's
    // end; the first track from its start) to where the next one's does.
    c.lane(4, "sections", "", "");
    for (std::size_t i = 0; i < n; ++i) {
        const double source_at_start = i == 0 ? 0.0 : incoming_end_s(plan.transitions[i - 1]);
        draw_sections(c, analyses[i].structure, from[i] - source_at_start, from[i], to[i]);
    }
    // Track boundaries and time axis.
    c.rgb(0, 0, 0, 0.15);
    for (std::size_t i = 1; i < n; ++i) c.segment(c.x(from[i]), kTop, c.x(from[i]), kHeight - 40, 1);
    c.rgb(0, 0, 0);
    for (double t = 0; t <= to.back(); t += 300) c.text(c.x(t) - 10, kHeight - 18, fmt::format("{}:00", int(t / 60)), 11);
    return render::write_png(page.surface.get(), png);
}

}  // namespace minidj
