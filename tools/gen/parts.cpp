// Bass, chords and lead. The bass plays the chord root on every downbeat, and chords change only
// on downbeats, so harmony marks the bar phase as the drums do.
#include <algorithm>
#include <cstdlib>

#include "harmony.h"
#include "patterns.h"
#include "rng.h"

namespace minidj::gen {
namespace {

using K = SectionKind;

double span_s(const SongPlan& plan, int bar, double pos, double length) {
    return plan.time_in_bar(bar, pos + length) - plan.time_in_bar(bar, pos);
}

bool bass_plays(const BarInfo& bar, const StylePreset& style) {
    if (style.soft_drums) return true;  // ambient: a drone throughout
    switch (bar.section) {
        case K::kIntro: return !bar.early;
        case K::kBreakdown: return false;
        case K::kBridge: return bar.drums;  // a bridge without drums is the song's breather
        case K::kOutro: return bar.early && !bar.clear_layers;
        case K::kBuild: return bar.early || !bar.clear_layers;
        default: return true;
    }
}

float pad_level(const BarInfo& bar, const StylePreset& style) {
    if (bar.section == K::kBreakdown || bar.section == K::kBridge) return 1.0f;
    if (bar.section == K::kVerse) return static_cast<float>(0.8 * style.pad_level);
    if (bar.section == K::kIntro && bar.early) return static_cast<float>(0.6 * style.pad_level);
    return static_cast<float>(style.pad_level);
}

// Bars the pad holds from `bar`: while the chord and the section stay the same.
int held_bars(const SongPlan& plan, int bar) {
    int end = bar + 1;
    while (end < plan.bars() && plan.bar(end).chord == plan.bar(bar).chord &&
           plan.bar(end).section == plan.bar(bar).section && plan.bar(end).bar_in_section != 0) {
        ++end;
    }
    return end - bar;
}

void add_pad(std::vector<Event>& out, const SongPlan& plan, const MusicalKey& key, int bar,
             int bars, float level, bool tonic_pedal) {
    const auto tones = chord_tones(plan.bar(bar).chord);
    const double start = plan.time_in_bar(bar, 0.0);
    const double length = plan.time_in_bar(bar + bars, 0.0) - start;
    static constexpr float kPans[3] = {-0.5f, 0.0f, 0.5f};
    static constexpr float kLevels[3] = {0.7f, 1.0f, 0.6f};  // the third, which sets the mode, leads
    for (int i = 0; i < 3; ++i) {
        out.push_back({Voice::kPad, start, length, note_in_range(tones[i], 55), kLevels[i] * level, kPans[i]});
    }
    // In some songs a top voice holds the key's tonic through every chord (a pedal, as pads and
    // drones often do; over V it is a suspension): the tonic becomes the most heard pitch class.
    if (tonic_pedal)
        out.push_back(
            {Voice::kPad, start, length, note_in_range(key.tonic, 67), 0.8f * level, 0.2f});
    // The root an octave lower gives the chord body and repeats its root.
    out.push_back({Voice::kPadSub, start, length, note_in_range(tones[0], 40), 0.6f * level, 0.0f});
}

void add_stabs(std::vector<Event>& out, const SongPlan& plan, int bar, const StylePreset& style) {
    const auto tones = chord_tones(plan.bar(bar).chord);
    for (const Hit& h : bar_stabs(style, plan)) {
        if (h.pos >= plan.meter()) continue;
        const double t = plan.time_in_bar(bar, h.pos);
        const double len = span_s(plan, bar, h.pos, 0.25);
        for (int i = 0; i < 3; ++i) {
            out.push_back({Voice::kStab, t, len, note_in_range(tones[i], 60), h.velocity,
                           0.25f * static_cast<float>(i - 1)});
        }
    }
}

// Moves `target` to the nearest MIDI note accepted by `fits` (ties go down).
template <class Fits>
int snap(int target, Fits fits) {
    for (int d = 0; d < 12; ++d) {
        if (fits(target - d)) return target - d;
        if (fits(target + d)) return target + d;
    }
    return target;
}

struct MotifNote {
    double pos, length;
    int offset;  ///< semitones from the lead's centre, before snapping to the harmony
};

// A two-bar rhythm on the 8th grid with a contour; repeated through a phrase, as hooks are.
std::vector<MotifNote> make_motif(const SongPlan& plan, Rng& rng) {
    static constexpr int kOffsets[] = {-5, -3, 0, 2, 3, 5, 7, 9};
    const int meter = plan.meter();
    const int per_beat = plan.eighths_per_beat();
    std::vector<double> onsets = {0.0};
    for (int k = 1; k < 2 * meter * per_beat; ++k) {
        if (rng.chance(k % per_beat == 0 ? 0.6 : 0.35)) onsets.push_back(double(k) / per_beat);
    }
    std::vector<MotifNote> motif;
    for (std::size_t i = 0; i < onsets.size(); ++i) {
        const double next = i + 1 < onsets.size() ? onsets[i + 1] : 2.0 * meter;
        motif.push_back({onsets[i], 0.9 * std::min(next - onsets[i], 1.0), kOffsets[rng.below(8)]});
    }
    motif.front().offset = 0;  // the motif starts on the chord root's neighbourhood
    return motif;
}

// A song's melody (its singer) goes through verses, choruses and bridges.
bool lead_plays(const BarInfo& bar) {
    switch (bar.section) {
        case K::kDrop:
        case K::kVerse:
        case K::kChorus:
        case K::kBridge: return true;
        case K::kBreakdown: return !bar.early;
        default: return false;
    }
}

float lead_level(const BarInfo& bar) {
    switch (bar.section) {
        case K::kBreakdown: return 0.7f;
        case K::kVerse: return 0.6f;
        case K::kBridge: return 0.8f;
        case K::kChorus: return 1.5f;
        default: return bar.clear_layers ? 2.0f : 1.0f;
    }
}

}  // namespace

std::vector<Event> bass_events(const SongPlan& plan, const StylePreset& style) {
    const auto steps = bar_bass(style, plan);
    std::vector<Event> out;
    for (int bar = 0; bar < plan.bars(); ++bar) {
        if (!bass_plays(plan.bar(bar), style)) continue;
        const int root = note_in_range(plan.bar(bar).chord.root, 28);  // E1..D#2, under the pads
        for (const BassStep& s : steps) {
            if (s.pos >= plan.meter()) continue;
            const double len = std::min(s.length, plan.meter() - s.pos);
            out.push_back({Voice::kBass, plan.time_in_bar(bar, s.pos), span_s(plan, bar, s.pos, len),
                           root + s.interval, s.velocity, 0.0f});
        }
    }
    return out;
}

std::vector<Event> chord_events(const SongPlan& plan, const StylePreset& style,
                                const MusicalKey& key, bool tonic_pedal) {
    std::vector<Event> out;
    for (int bar = 0; bar < plan.bars();) {
        const int bars = held_bars(plan, bar);
        add_pad(out, plan, key, bar, bars, pad_level(plan.bar(bar), style), tonic_pedal);
        bar += bars;
    }
    for (int bar = 0; bar < plan.bars(); ++bar) {
        const K section = plan.bar(bar).section;
        if (section == K::kDrop || section == K::kChorus) add_stabs(out, plan, bar, style);
    }
    return out;
}

std::vector<Event> lead_events(const SongPlan& plan, const SongSpec& spec, bool opens_on_tonic) {
    Rng rng = stream(spec.seed, 2);
    const int centre = note_in_range(spec.key.tonic, 67);
    std::vector<MotifNote> motif;
    std::vector<Event> out;
    for (int bar = 0; bar < plan.bars(); ++bar) {
        const BarInfo& info = plan.bar(bar);
        if (info.phrase_start || motif.empty()) {
            // A song's sections of one kind sing one melody, phrase after phrase (the chorus's
            // hook comes back each time); a dance track's lead varies phrase by phrase.
            if (spec.song_form) {
                Rng hook = stream(spec.seed, 100 + static_cast<std::uint64_t>(info.section));
                motif = make_motif(plan, hook);
            } else {
                motif = make_motif(plan, rng);
            }
        }
        if (!lead_plays(info)) continue;
        const float level = lead_level(info);
        const int half = info.bar_in_section % 2;  // which bar of the two-bar motif
        for (const MotifNote& n : motif) {
            const double pos = n.pos - half * plan.meter();
            if (pos < 0.0 || pos >= plan.meter()) continue;
            const ChordSymbol chord = info.chord;
            const auto tones = chord_tones(chord);
            const bool strong = pos == static_cast<int>(pos);
            const bool tonic_in_chord = std::find(tones.begin(), tones.end(), spec.key.tonic) != tones.end();
            const bool on_tonic = opens_on_tonic && pos == 0.0 && tonic_in_chord;
            const int midi = snap(centre + n.offset, [&](int m) {
                const int pc = m % 12;
                if (on_tonic) return pc == spec.key.tonic;
                if (strong) return pc == tones[0] || pc == tones[1] || pc == tones[2];
                return in_scale(pc, spec.key, chord);
            });
            out.push_back({Voice::kLead, plan.time_in_bar(bar, pos), span_s(plan, bar, pos, n.length),
                           midi, level * (strong ? 1.0f : 0.8f), -0.2f});
        }
    }
    return out;
}

}  // namespace minidj::gen
