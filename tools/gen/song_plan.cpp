// Sections, beat times and chords of a song; the ground truth is read from the same numbers the
// renderer uses.
#include "song_plan.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <iterator>

#include "harmony.h"
#include "rng.h"

namespace minidj::gen {

std::string section_name(SectionKind kind) {
    switch (kind) {
        case SectionKind::kIntro: return "intro";
        case SectionKind::kBuild: return "build";
        case SectionKind::kDrop: return "drop";
        case SectionKind::kBreakdown: return "breakdown";
        case SectionKind::kOutro: return "outro";
        case SectionKind::kVerse: return "verse";
        case SectionKind::kChorus: return "chorus";
        case SectionKind::kBridge: return "bridge";
    }
    return "drop";
}

std::vector<PlannedSection> plan_for_bars(int bars) {
    assert(bars > 0);
    // The sections must add up to `bars` for any count, not only the whole phrases validate()
    // asks for: render() also runs on unvalidated specs (test helpers), and a section of
    // bars - 16 < 0 bars made truth() index beat_times_ out of bounds.
    if (bars <= 8) return {{SectionKind::kDrop, bars}};
    if (bars <= 16) return {{SectionKind::kIntro, 8}, {SectionKind::kDrop, bars - 8}};
    return {{SectionKind::kIntro, 8}, {SectionKind::kDrop, bars - 16}, {SectionKind::kOutro, 8}};
}

namespace {

// Section lengths in bars, the common ones more often: whole phrases of 8 and 16 most, then
// 4, 12, 24 and 32, and now and then an odd 6 or 10.
int draw_bars(Rng& rng, int shortest, int longest) {
    static constexpr int kBars[] = {4, 6, 8, 8, 8, 10, 12, 16, 16, 16, 24, 32};
    for (;;) {
        const int bars = kBars[rng.below(static_cast<int>(std::size(kBars)))];
        if (bars >= shortest && bars <= longest) return bars;
    }
}

// Where the second stage starts: half-way, or a quarter or three quarters in (whole bars, at
// least one bar in each stage).
int draw_stage(Rng& rng, int bars) {
    static constexpr double kFractions[] = {0.5, 0.5, 0.25, 0.75};
    const int stage = static_cast<int>(std::lround(bars * kFractions[rng.below(4)]));
    return std::clamp(stage, 1, std::max(1, bars - 1));
}

// An arrangement being drawn: each section lasts a drawn number of bars, its second stage drawn
// too, in the drawn arrangements' layering.
struct ArrangementDraw {
    Rng rng;
    std::vector<PlannedSection> plan;
    void add(SectionKind kind, int shortest, int longest, bool drums) {
        const int bars = draw_bars(rng, shortest, longest);
        plan.push_back({kind, bars, drums, draw_stage(rng, bars), true});
    }
};

}  // namespace

std::vector<PlannedSection> draw_arrangement(std::uint32_t seed) {
    assert(seed > 0);
    ArrangementDraw d{stream(seed, 7), {}};
    d.add(SectionKind::kIntro, 4, 32, d.rng.chance(0.6));
    const int rounds = 1 + d.rng.below(3);
    for (int round = 0; round < rounds; ++round) {
        if (d.rng.chance(0.6)) d.add(SectionKind::kBuild, 4, 8, true);
        d.add(SectionKind::kDrop, 8, 32, true);
        if (round + 1 < rounds) d.add(SectionKind::kBreakdown, 4, 16, d.rng.chance(0.4));
    }
    d.add(SectionKind::kOutro, 4, 32, true);
    return d.plan;
}

std::vector<PlannedSection> draw_song_arrangement(std::uint32_t seed) {
    assert(seed > 0);
    ArrangementDraw d{stream(seed, 8), {}};
    d.add(SectionKind::kIntro, 4, 16, d.rng.chance(0.5));
    const int rounds = 2 + d.rng.below(2);
    const bool bridge = d.rng.chance(0.7);
    for (int round = 0; round < rounds; ++round) {
        if (round + 1 == rounds && bridge) {
            d.add(SectionKind::kBridge, 4, 8, d.rng.chance(0.5));
        } else {
            d.add(SectionKind::kVerse, 8, 16, true);
        }
        d.add(SectionKind::kChorus, 8, 16, true);
    }
    d.add(SectionKind::kOutro, 4, 16, true);
    return d.plan;
}

SongPlan::SongPlan(const SongSpec& spec, std::vector<PlannedSection> plan, int chord_bars)
    : meter_(spec.meter), compound_(spec.compound), swing_(spec.swing), sections_(std::move(plan)) {
    assert(!sections_.empty());
    make_bars(spec, chord_bars);
    make_beats(spec);
}

// Tempo moves linearly from bpm to bpm * (1 + drift); each beat interval takes the tempo at its
// middle, and beat times are their running sum, so the truth is exact by construction.
void SongPlan::make_beats(const SongSpec& spec) {
    const int n = bars() * meter_;
    beat_times_.resize(n + 1);
    beat_times_[0] = spec.lead_in_s;
    for (int i = 0; i < n; ++i) {
        const double bpm = spec.bpm * (1.0 + spec.drift * (i + 0.5) / n);
        beat_times_[i + 1] = beat_times_[i] + 60.0 / bpm;
    }
}

void SongPlan::make_bars(const SongSpec& spec, int chord_bars) {
    Rng rng = stream(spec.seed, 1);
    const int main_variant = rng.below(3);
    const int break_variant = (main_variant + 1 + rng.below(2)) % 3;  // the breakdown differs
    const auto main = phrase_progression(spec.key, chord_bars, main_variant);
    const auto alt = phrase_progression(spec.key, chord_bars, break_variant);
    // A song's chorus has a progression of its own (the breakdown's), its bridge the third one.
    const auto third = phrase_progression(spec.key, chord_bars, 3 - main_variant - break_variant);
    const bool song = std::any_of(sections_.begin(), sections_.end(),
                                  [](const PlannedSection& s) { return s.kind == SectionKind::kChorus; });
    for (const PlannedSection& section : sections_) {
        const bool chorus_chords = section.kind == SectionKind::kChorus || (section.kind == SectionKind::kOutro && song);
        const auto& progression = section.kind == SectionKind::kBreakdown || chorus_chords ? alt
                                  : section.kind == SectionKind::kBridge                   ? third
                                                                                           : main;
        for (int b = 0; b < section.bars; ++b) {
            BarInfo info;
            info.section = section.kind;
            info.bar_in_section = b;
            info.section_bars = section.bars;
            info.drums = section.drums;
            info.clear_layers = section.clear_layers;
            info.early = b < (section.stage_bars >= 0 ? section.stage_bars : section.bars / 2);
            info.chord = progression[b % 8];
            info.phrase_start = b % 8 == 0;
            bar_info_.push_back(info);
        }
    }
}

double SongPlan::time_at(double beat) const {
    const int n = static_cast<int>(beat_times_.size()) - 1;
    const double whole = std::floor(beat);
    int i = static_cast<int>(whole);
    double frac = beat - whole;
    if (i < 0 || i >= n) {  // outside the grid: straight extrapolation, no swing
        const int edge = i < 0 ? 0 : n - 1;
        const double interval = beat_times_[edge + 1] - beat_times_[edge];
        return beat_times_[edge] + (beat - edge) * interval;
    }
    // Swing: the off-beat 8th moves from 0.5 to 0.5 + swing / 2 of the beat; the two halves of
    // the beat stretch and shrink linearly so 16ths follow it.
    const double mid = 0.5 + 0.5 * swing_;
    frac = frac < 0.5 ? frac * (mid / 0.5) : mid + (frac - 0.5) * ((1.0 - mid) / 0.5);
    return beat_times_[i] + frac * (beat_times_[i + 1] - beat_times_[i]);
}

GroundTruth SongPlan::truth(const SongSpec& spec, double tail_s) const {
    GroundTruth truth;
    truth.spec = spec;
    truth.duration_s = end_time() + tail_s;
    truth.beats.assign(beat_times_.begin(), beat_times_.end() - 1);
    for (int b = 0; b < bars(); ++b) {
        truth.downbeats.push_back(beat_times_[b * meter_]);
        const ChordSymbol chord = bar_info_[b].chord;
        if (b == 0 || !(chord == bar_info_[b - 1].chord)) {
            truth.chords.push_back({beat_times_[b * meter_], chord.root, chord.minor});
        }
    }
    int bar = 0;
    for (const PlannedSection& section : sections_) {
        truth.sections.push_back({section_name(section.kind), beat_times_[bar * meter_],
                                  beat_times_[(bar + section.bars) * meter_], section.bars});
        bar += section.bars;
    }
    return truth;
}

}  // namespace minidj::gen
