// plot_track(): one analysed track as a PNG (`minidj info --plot`). Its sections are coloured
// bands under the per-second energy and the short-term loudness; downbeats are ticks along the
// bottom, phrase starts longer ticks, and the mix-in / mix-out cues marked lines with their
// reasons.
#include <cairo.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "minidj/render.h"
#include "render/cairo_handles.h"
#include "render/section_colours.h"

namespace minidj {
namespace {

constexpr int kWidth = 1600, kHeight = 520;
constexpr double kLeft = 20, kRight = 20, kTop = 50, kLaneHeight = 360;

class TrackCanvas {
public:
    TrackCanvas(cairo_t* cr, double duration) : cr_(cr), duration_(std::max(duration, 1e-3)) {}
    double x(double t) const { return kLeft + (kWidth - kLeft - kRight) * t / duration_; }
    double y(double fraction) const { return kTop + kLaneHeight * (1.0 - std::clamp(fraction, 0.0, 1.0)); }

    void text(double px, double py, const std::string& s, double size = 12) {
        cairo_set_font_size(cr_, size);
        cairo_move_to(cr_, px, py);
        cairo_show_text(cr_, s.c_str());
    }

    void sections(const TrackStructure& s) {
        for (const SongSection& x0 : s.sections) {
            render::draw_section_band(cr_, x(x0.start_s), x(x0.end_s), kTop, kLaneHeight, x0.label, 0.45);
            if (x(x0.end_s) - x(x0.start_s) <= 50) continue;
            cairo_set_source_rgb(cr_, 0.15, 0.15, 0.15);
            text(x(x0.start_s) + 3, kTop + 26, fmt::format("{} bars, energy {}", x0.bars, x0.energy), 10);
        }
    }

    // The per-second energy in dB, 60 dB of range under its loudest second.
    void energy(const std::vector<float>& curve) {
        if (curve.empty()) return;
        const float peak = *std::max_element(curve.begin(), curve.end());
        cairo_set_source_rgb(cr_, 0.2, 0.2, 0.2);
        cairo_set_line_width(cr_, 1.5);
        for (std::size_t i = 0; i < curve.size(); ++i) {
            const double db = 20.0 * std::log10(std::max(double(curve[i]), 1e-9) / std::max(double(peak), 1e-9));
            const double px = x(double(i) + 0.5), py = y(1.0 + db / 60.0);
            if (i == 0) cairo_move_to(cr_, px, py);
            else cairo_line_to(cr_, px, py);
        }
        cairo_stroke(cr_);
    }

    void ticks(const std::vector<double>& times, double length, double width) {
        cairo_set_source_rgba(cr_, 0, 0, 0, 0.6);
        cairo_set_line_width(cr_, width);
        for (double t : times) {
            cairo_move_to(cr_, x(t), kTop + kLaneHeight);
            cairo_line_to(cr_, x(t), kTop + kLaneHeight - length);
        }
        cairo_stroke(cr_);
    }

    void cue(const std::optional<CuePoint>& cue, const std::string& name, double row) {
        if (!cue) return;
        cairo_set_source_rgb(cr_, 0.1, 0.1, 0.1);
        cairo_set_line_width(cr_, 2.5);
        cairo_move_to(cr_, x(cue->time_s), kTop);
        cairo_line_to(cr_, x(cue->time_s), kTop + kLaneHeight);
        cairo_stroke(cr_);
        const std::string label = fmt::format("{} {}: {}", name, clock_time(cue->time_s), cue->reason);
        const double px = std::min(x(cue->time_s) + 4, double(kWidth) - 7.0 * double(label.size()));
        text(std::max(kLeft, px), kTop + kLaneHeight + row, label);
    }

private:
    cairo_t* cr_;
    double duration_;
};

}  // namespace

Status plot_track(const TrackAnalysis& track, const std::filesystem::path& png) {
    const render::WhitePage page = render::white_page(kWidth, kHeight);
    cairo_t* cr = page.cr();
    TrackCanvas canvas(cr, track.duration_s);
    cairo_set_source_rgb(cr, 0, 0, 0);
    canvas.text(kLeft, 24,
                fmt::format("{}    {:.1f} BPM, {}/4, {}    energy (dB, per second) over the sections",
                            std::filesystem::path(track.path).filename().string(), track.grid.bpm, track.grid.meter,
                            clock_time(track.duration_s)),
                15);
    canvas.sections(track.structure);
    canvas.energy(track.energy_curve);
    canvas.ticks(track.grid.downbeats, 8, 1);
    canvas.ticks(track.structure.phrases, 22, 2);
    canvas.cue(track.structure.mix_in, "mix in", 22);
    canvas.cue(track.structure.mix_out, "mix out", 40);
    cairo_set_source_rgb(cr, 0, 0, 0);
    const double step = track.duration_s > 600 ? 120 : track.duration_s > 120 ? 30 : 5;
    for (double t = 0; t <= track.duration_s; t += step) canvas.text(canvas.x(t) - 10, kHeight - 8, clock_time(t), 10);
    return render::write_png(page.surface.get(), png);
}

}  // namespace minidj
