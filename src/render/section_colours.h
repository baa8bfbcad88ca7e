#pragma once
// The colour of each section label in every plot (transitions, sets, tracks), so that a drop
// looks the same everywhere.
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
    }
    return {0.8, 0.8, 0.8};
}

}  // namespace minidj::render
