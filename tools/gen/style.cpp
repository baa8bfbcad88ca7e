// The five styles' presets. Kicks on beats are louder on beat 1 (patterns.cpp adds the phrase
// accent), so the downbeat is marked by the drums as well as by chord and bass changes.
#include "style.h"

namespace minidj::gen {
namespace {

using K = SectionKind;

std::vector<Hit> every(double step, int beats, float on_beat, float off_beat, double from = 0.0) {
    std::vector<Hit> hits;
    for (double p = from; p < beats - 1e-9; p += step) {
        const bool on = p == static_cast<int>(p);
        hits.push_back({p, on ? on_beat : off_beat});
    }
    return hits;
}

// Every eighth of a 6/8 bar (two beats of three).
std::vector<Hit> eighths6(float on_beat, float off_beat) {
    std::vector<Hit> hits;
    for (int k = 0; k < 6; ++k) hits.push_back({k / 3.0, k % 3 == 0 ? on_beat : off_beat});
    return hits;
}

// 3/4: kick on 1, snare and hats on 2 and 3 (a waltz-like bar), shared by the drum styles.
DrumPattern waltz(float hat_level) {
    return {{{0.0, 1.0f}}, {{1.0, 0.7f}, {2.0, 0.7f}}, every(0.5, 3, hat_level, hat_level * 0.5f), {}};
}
const std::vector<BassStep> kBass3 = {{0.0, 0.9, 0, 1.0f}, {1.0, 0.45, 12, 0.7f}, {2.0, 0.45, 7, 0.6f}};

StylePreset house() {
    StylePreset p;
    p.kick = {160.0, 52.0, 0.035, 0.22, 0.0, 1.0};
    p.snare = {0.14, 900.0, 9000.0, 0.0, 0.0, true, 0.45};  // clap
    p.hat = {0.035, 7000.0, 16000.0, 0.0, 0.0, false, 0.16};
    p.open_hat = {0.09, 6000.0, 16000.0, 0.0, 0.0, false, 0.16};
    p.crash = {1.1, 4000.0, 15000.0, 0.0, 0.0, false, 0.14};
    p.bass = {0.004, 0.18, 0.55, 0.03, 380.0, 900.0, 0.0, 0.7, 0.42};
    p.pad = {0.25, 1.0, 0.8, 0.4, 1800.0, 0.0, 9.0, 0.0, 0.045};
    p.stab = {0.003, 0.16, 0.0, 0.05, 2200.0, 2500.0, 7.0, 0.0, 0.07};
    p.lead = {0.006, 0.25, 0.55, 0.08, 3200.0, 2000.0, 5.0, 0.35, 0.08};
    p.chord_bars = 2;
    p.pad_level = 0.6;
    p.stabs = {{0.0, 1.0f}, {0.75, 0.7f}, {1.5, 0.8f}, {2.5, 0.8f}};
    p.crash_on_phrases = true;
    p.drums4 = {{{0, 1.0f}, {1, 0.85f}, {2, 0.9f}, {3, 0.85f}},
                {{1, 0.9f}, {3, 0.9f}},
                every(0.5, 4, 0.0f, 0.35f, 0.25),  // 16ths between beats and off-beats
                every(1.0, 4, 0.8f, 0.8f, 0.5)};   // the off-beat open hat
    p.drums3 = waltz(0.8f);
    p.bass4 = {{0.0, 0.45, 0, 1.0f}, {1.5, 0.4, 0, 0.8f}, {2.5, 0.4, 12, 0.7f}, {3.5, 0.4, 0, 0.8f}};
    p.bass3 = kBass3;
    // 6/8: a kick on each beat, the clap on the second, hats between, an open hat leading in.
    p.drums6 = {{{0, 1.0f}, {1, 0.85f}}, {{1, 0.9f}}, eighths6(0.0f, 0.35f), {{5.0 / 3, 0.6f}}};
    p.bass6 = {{0.0, 0.6, 0, 1.0f}, {2.0 / 3, 0.3, 12, 0.6f}, {1.0, 0.6, 7, 0.75f}, {5.0 / 3, 0.3, 0, 0.6f}};
    p.stabs6 = {{0.0, 1.0f}, {2.0 / 3, 0.7f}, {4.0 / 3, 0.8f}};
    p.default_plan = {{K::kIntro, 16}, {K::kBuild, 8}, {K::kDrop, 16}, {K::kBreakdown, 8, false},
                      {K::kBuild, 8},  {K::kDrop, 16}, {K::kOutro, 16}};
    return p;
}

StylePreset techno() {
    StylePreset p = house();
    p.kick = {190.0, 45.0, 0.03, 0.24, 1.8, 1.0};
    p.snare = {0.12, 1200.0, 7000.0, 0.0, 0.0, true, 0.42};
    p.hat = {0.03, 8000.0, 14000.0, 0.0, 0.0, false, 0.15};
    p.open_hat = {0.08, 7000.0, 14000.0, 0.0, 0.0, false, 0.14};
    p.bass = {0.002, 0.09, 0.2, 0.02, 260.0, 700.0, 0.0, 0.5, 0.36};
    p.pad = {0.4, 1.5, 0.7, 0.6, 900.0, 0.0, 12.0, 0.0, 0.045};
    p.stab = {0.002, 0.12, 0.0, 0.04, 1100.0, 1800.0, 12.0, 0.0, 0.07};
    p.lead = {0.004, 0.15, 0.3, 0.05, 1800.0, 2500.0, 0.0, 0.0, 0.06};
    p.stabs = {{0.5, 0.9f}, {2.5, 0.8f}};
    p.drums4 = {{{0, 1.0f}, {1, 0.88f}, {2, 0.92f}, {3, 0.88f}},
                {{1, 0.6f}, {3, 0.6f}},
                every(0.25, 4, 0.25f, 0.45f),
                every(1.0, 4, 0.7f, 0.7f, 0.5)};
    p.drums3 = waltz(0.8f);
    p.bass4.clear();  // rolling 16ths around the kick, the root on the downbeat
    p.bass4.push_back({0.0, 0.2, 0, 1.0f});
    for (int beat = 0; beat < 4; ++beat) {
        p.bass4.push_back({beat + 0.25, 0.18, 0, 0.6f});
        p.bass4.push_back({beat + 0.5, 0.18, beat == 3 ? 12 : 0, 0.8f});
        p.bass4.push_back({beat + 0.75, 0.18, 0, 0.6f});
    }
    p.drums6.hat = eighths6(0.25f, 0.45f);
    p.bass6.clear();  // rolling eighths, the octave leading back to the downbeat
    for (int k = 0; k < 6; ++k) p.bass6.push_back({k / 3.0, 0.28, k == 5 ? 12 : 0, k % 3 == 0 ? 1.0f : 0.65f});
    p.stabs6 = {{1.0 / 3, 0.9f}, {4.0 / 3, 0.8f}};
    p.default_plan = {{K::kIntro, 16}, {K::kBuild, 8}, {K::kDrop, 16}, {K::kBreakdown, 16, false},
                      {K::kDrop, 16},  {K::kOutro, 16}};
    return p;
}

StylePreset drum_and_bass() {
    StylePreset p = house();
    p.kick = {170.0, 55.0, 0.025, 0.16, 0.6, 1.0};
    p.snare = {0.12, 700.0, 11000.0, 200.0, 0.35, false, 0.6};
    p.hat = {0.03, 7500.0, 16000.0, 0.0, 0.0, false, 0.17};
    p.bass = {0.01, 0.6, 0.8, 0.08, 300.0, 300.0, 9.0, 0.7, 0.36};  // detuned "reese"
    p.pad = {0.5, 2.0, 0.8, 0.8, 2400.0, 0.0, 10.0, 0.0, 0.05};
    p.lead = {0.01, 0.3, 0.6, 0.15, 3500.0, 1500.0, 4.0, 0.6, 0.08};
    p.stabs.clear();
    p.drums4 = {{{0, 1.0f}, {2.5, 0.85f}},
                {{1, 1.0f}, {3, 1.0f}},
                every(0.5, 4, 0.9f, 0.4f),
                {}};
    p.drums3 = waltz(0.8f);
    p.bass4 = {{0.0, 2.4, 0, 1.0f}, {2.5, 1.4, 0, 0.85f}};
    p.drums6 = {{{0, 1.0f}, {5.0 / 3, 0.85f}}, {{1, 1.0f}}, eighths6(0.9f, 0.4f), {}};
    p.bass6 = {{0.0, 1.5, 0, 1.0f}, {5.0 / 3, 0.3, 0, 0.85f}};
    p.stabs6.clear();
    p.default_plan = {{K::kIntro, 16}, {K::kBuild, 8}, {K::kDrop, 32}, {K::kBreakdown, 16, false},
                      {K::kBuild, 8},  {K::kDrop, 32}, {K::kOutro, 16}};
    return p;
}

StylePreset hip_hop() {
    StylePreset p = house();
    p.kick = {130.0, 50.0, 0.04, 0.25, 0.3, 1.0};
    p.snare = {0.18, 500.0, 8000.0, 190.0, 0.4, false, 0.65};
    p.hat = {0.04, 6000.0, 12000.0, 0.0, 0.0, false, 0.15};
    p.open_hat = {0.2, 5000.0, 12000.0, 0.0, 0.0, false, 0.12};
    p.bass = {0.006, 0.35, 0.6, 0.06, 250.0, 300.0, 0.0, 0.8, 0.45};
    p.pad = {0.05, 0.8, 0.5, 0.3, 2000.0, 0.0, 4.0, 0.5, 0.06};  // soft keys
    p.lead = {0.005, 0.4, 0.3, 0.1, 2500.0, 1000.0, 0.0, 0.85, 0.09};
    p.chord_bars = 1;
    p.stabs.clear();
    p.crash_on_phrases = false;
    p.drums4 = {{{0, 1.0f}, {1.5, 0.75f}, {2, 0.85f}},
                {{1, 1.0f}, {3, 1.0f}},
                every(0.5, 4, 0.5f, 0.3f),
                {{3.5, 0.5f}}};
    p.drums3 = waltz(0.8f);
    p.bass4 = {{0.0, 1.2, 0, 1.0f}, {1.5, 0.45, 0, 0.75f}, {2.0, 0.9, 12, 0.8f}, {3.5, 0.4, 7, 0.5f}};
    p.drums6 = {{{0, 1.0f}, {5.0 / 3, 0.75f}}, {{1, 1.0f}}, eighths6(0.5f, 0.3f), {{2.0 / 3, 0.5f}}};
    p.bass6 = {{0.0, 0.6, 0, 1.0f}, {2.0 / 3, 0.3, 0, 0.75f}, {1.0, 0.6, 12, 0.8f}, {5.0 / 3, 0.3, 7, 0.5f}};
    p.stabs6.clear();
    p.default_plan = {{K::kIntro, 8}, {K::kDrop, 16}, {K::kBreakdown, 8, false},
                      {K::kDrop, 16}, {K::kBreakdown, 8, false}, {K::kOutro, 8}};
    return p;
}

StylePreset ambient() {
    StylePreset p = house();
    p.kick = {110.0, 48.0, 0.05, 0.3, 0.0, 0.45};
    p.hat = {0.05, 5000.0, 10000.0, 0.0, 0.0, false, 0.07};  // a soft shaker
    p.bass = {0.3, 2.0, 0.8, 1.0, 200.0, 0.0, 0.0, 1.0, 0.3};
    p.pad = {1.2, 3.0, 0.9, 2.0, 1500.0, 0.0, 8.0, 0.2, 0.06};
    p.lead = {0.08, 1.0, 0.6, 0.6, 2500.0, 0.0, 3.0, 0.9, 0.06};
    p.pad_level = 1.0;
    p.soft_drums = true;
    p.stabs.clear();
    p.crash_on_phrases = false;
    p.drums4 = {{{0, 0.7f}}, {}, every(1.0, 4, 0.8f, 0.8f), {}};
    p.drums3 = {{{0, 0.7f}}, {}, every(1.0, 3, 0.8f, 0.8f), {}};
    p.bass4 = {{0.0, 4.0, 0, 0.8f}};
    p.bass3 = {{0.0, 3.0, 0, 0.8f}};
    p.drums6 = {{{0, 0.7f}}, {}, {{0, 0.8f}, {1, 0.8f}}, {}};
    p.bass6 = {{0.0, 2.0, 0, 0.8f}};
    p.stabs6.clear();
    p.default_plan = {{K::kIntro, 16}, {K::kBuild, 8}, {K::kDrop, 16}, {K::kBreakdown, 8, false},
                      {K::kOutro, 16}};
    return p;
}

}  // namespace

const StylePreset& preset(Style style) {
    static const StylePreset kHouse = house(), kTechno = techno(), kDnb = drum_and_bass(),
                             kHipHop = hip_hop(), kAmbient = ambient();
    switch (style) {
        case Style::kHouse: return kHouse;
        case Style::kTechno: return kTechno;
        case Style::kDrumAndBass: return kDnb;
        case Style::kHipHop: return kHipHop;
        case Style::kAmbient: return kAmbient;
    }
    return kHouse;
}

// 12/8 is two 6/8 halves; the second half's accents a little softer, so beat 1 leads the bar.
template <class Step>
std::vector<Step> twice(const std::vector<Step>& half, const SongPlan& plan) {
    std::vector<Step> bar = half;
    if (plan.meter() == 4) {
        for (Step s : half) {
            s.pos += 2.0;
            s.velocity *= 0.92f;
            bar.push_back(s);
        }
    }
    return bar;
}

DrumPattern bar_drums(const StylePreset& style, const SongPlan& plan) {
    if (!plan.compound()) return plan.meter() == 3 ? style.drums3 : style.drums4;
    const DrumPattern& d = style.drums6;
    return {twice(d.kick, plan), twice(d.snare, plan), twice(d.hat, plan), twice(d.open_hat, plan)};
}

std::vector<BassStep> bar_bass(const StylePreset& style, const SongPlan& plan) {
    if (!plan.compound()) return plan.meter() == 3 ? style.bass3 : style.bass4;
    return twice(style.bass6, plan);
}

std::vector<Hit> bar_stabs(const StylePreset& style, const SongPlan& plan) {
    return plan.compound() ? twice(style.stabs6, plan) : style.stabs;
}

}  // namespace minidj::gen
