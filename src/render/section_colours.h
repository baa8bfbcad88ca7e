#pragma once
// The colour of each section label in every plot (transitions, sets, tracks), so that a drop
// looks the same everywhere, and the band that draws a section.
#include <cairo.h>

#include "minidj/structure.h"

namespace minidj::render {

struct SectionColour {
    double r, g, b;
};

inline SectionColour section_colour(SectionLabel label) {
    switch (label) {
        case SectionLabel::kIntro: return {0.55, 0.75, 0.95};
        case SectionLabel::kBuild: return {0.98, 0.80, 0.35};
        case SectionLabel::kDrop: return {0.93, 0.40, 0.35};
        case SectionLabel::kBreakdown: return {0.60, 0.85, 0.60};
        case SectionLabel::kOutro: return {0.75, 0.65, 0.90};
        // A song's parts in the hues of their dance cousins: the chorus a drop's red, the
        // verse a cooler green-blue than the breakdown, the bridge a sand between.
        case SectionLabel::kVerse: return {0.55, 0.80, 0.80};
        case SectionLabel::kChorus: return {0.90, 0.50, 0.55};
        case SectionLabel::kBridge: return {0.85, 0.75, 0.55};
    }
    return {0.8, 0.8, 0.8};
}

/// A section as a band from x0 to x1 (pixels) over [top, top + height), its name at the top
/// left when the band is wide enough to hold it.
inline void draw_section_band(cairo_t* cr, double x0, double x1, double top, double height, SectionLabel label,
                              double alpha) {
    const SectionColour c = section_colour(label);
    cairo_set_source_rgba(cr, c.r, c.g, c.b, alpha);
    cairo_rectangle(cr, x0, top, x1 - x0, height);
    cairo_fill(cr);
    if (x1 - x0 <= 45) return;
    cairo_set_source_rgba(cr, 0.15, 0.15, 0.15, 0.9);
    cairo_set_font_size(cr, 10);
    cairo_move_to(cr, x0 + 3, top + 12);
    cairo_show_text(cr, section_label_name(label).c_str());
}

}  // namespace minidj::render
