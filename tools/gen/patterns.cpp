// Drum parts per section. The downbeat is marked the way real music marks it: the first bar of
// each phrase has the strongest kick (and a crash in full sections), and 3/4 has its kick on 1.
#include <cmath>

#include "patterns.h"

namespace minidj::gen {
namespace {

using K = SectionKind;

struct DrumMask {
    bool kick = false, snare = false, hat = false, open_hat = false, crash = false;
    float hat_level = 1.0f;
};

DrumMask mask_for(const BarInfo& bar, const StylePreset& style) {
    const bool early = bar.early;
    DrumMask m;
    switch (bar.section) {
        case K::kIntro:  // without drums: hats only, from the second stage
            m = bar.drums ? DrumMask{true, false, true, !early, false, 0.8f}
                          : DrumMask{false, false, !early, false, false, 0.7f};
            break;
        case K::kBuild:
            m = {!bar.clear_layers || early, true, true, false, bar.bar_in_section == 0, 1.0f};
            break;
        case K::kDrop:
            m = {true, true, true, true, bar.phrase_start, 1.0f};
            break;
        case K::kBreakdown:  // with drums: kick and hats carry on under it
            m = bar.drums ? DrumMask{true, false, true, false, false, 0.6f}
                          : DrumMask{false, false, !early, false, false, 0.6f};
            break;
        case K::kOutro:
            m = {true, early, true, early, bar.bar_in_section == 0, 0.9f};
            break;
        case K::kVerse:  // the groove without the open hats and crashes
            m = {true, true, true, false, false, 0.8f};
            break;
        case K::kChorus:
            m = {true, true, true, true, bar.phrase_start, 1.0f};
            break;
        case K::kBridge:
            m = bar.drums ? DrumMask{true, false, true, false, false, 0.6f}
                          : DrumMask{false, false, !early, false, false, 0.6f};
            break;
    }
    if (style.soft_drums) {
        const bool full = bar.section == K::kDrop || bar.section == K::kChorus;
        m.kick = full;
        m.hat = full || bar.section == K::kBuild || bar.section == K::kVerse;
        m.snare = m.open_hat = m.crash = false;
    }
    m.crash = m.crash && style.crash_on_phrases;
    return m;
}

void add_hits(std::vector<Event>& out, const SongPlan& plan, int bar, Voice voice,
              const std::vector<Hit>& hits, float scale) {
    for (const Hit& h : hits) {
        if (h.pos >= plan.meter()) continue;
        out.push_back({voice, plan.time_in_bar(bar, h.pos), 0.0, 0, h.velocity * scale, 0.0f});
    }
}

// The last two bars of a build (its whole length with clear layers): a snare roll in 8ths,
// then 16ths in the last bar, rising.
void add_roll(std::vector<Event>& out, const SongPlan& plan, int bar, const BarInfo& info) {
    const int from_end = info.section_bars - info.bar_in_section;
    if (info.section != K::kBuild || (from_end > 2 && !info.clear_layers)) return;
    const int per_beat = plan.eighths_per_beat() * (from_end > 1 ? 1 : 2);  // 8ths, then 16ths
    for (int k = 0; k < plan.meter() * per_beat; ++k) {
        const double p = double(k) / per_beat;
        const double beats = double(plan.meter());
        const float rise = static_cast<float>(
            info.clear_layers ? 0.2 + 0.7 * (info.bar_in_section * beats + p) / (info.section_bars * beats)
                              : 0.35 + 0.5 * ((2 - from_end) * beats + p) / (2.0 * beats));
        out.push_back({Voice::kSnare, plan.time_in_bar(bar, p), 0.0, 0, rise, 0.1f});
    }
}

}  // namespace

std::vector<Event> drum_events(const SongPlan& plan, const StylePreset& style) {
    const DrumPattern pattern = bar_drums(style, plan);
    std::vector<Event> out;
    for (int bar = 0; bar < plan.bars(); ++bar) {
        const BarInfo& info = plan.bar(bar);
        const DrumMask m = mask_for(info, style);
        // Phrase starts get the full kick; other bars a slightly softer one.
        if (m.kick) add_hits(out, plan, bar, Voice::kKick, pattern.kick, info.phrase_start ? 1.0f : 0.92f);
        if (m.snare) add_hits(out, plan, bar, Voice::kSnare, pattern.snare, 1.0f);
        if (m.hat) add_hits(out, plan, bar, Voice::kHat, pattern.hat, m.hat_level);
        if (m.open_hat) add_hits(out, plan, bar, Voice::kOpenHat, pattern.open_hat, m.hat_level);
        if (m.crash) out.push_back({Voice::kCrash, plan.time_in_bar(bar, 0.0), 0.0, 0, 1.0f, 0.3f});
        if (!style.soft_drums) add_roll(out, plan, bar, info);
    }
    for (Event& e : out) {  // hats slightly right, like a drum kit seen from the front
        if (e.voice == Voice::kHat || e.voice == Voice::kOpenHat) e.pan = 0.3f;
    }
    return out;
}

}  // namespace minidj::gen
