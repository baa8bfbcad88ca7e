#include "structure/song_form.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <utility>

namespace minidj::structure {
namespace {

constexpr std::size_t kMinRunBars = 4;  // shorter runs are too short to tell their progression
constexpr double kSeparation = 2.0;    // two progressions differ this many times more than each varies
constexpr double kKitTrebleDb = 6.0;   // the drum kit keeps the treble this close to the track's full treble
constexpr double kCarry = 2.0 / 3.0;   // a song's verses and choruses fill this much of the band's bars

std::size_t bars_of(const LabelledRun& r) { return r.end - r.first; }

// How unlike two runs' harmony is: the mean chroma distance of their bars, one phrase of `a` at
// most, at the shift into `b` (up to a phrase) that matches best, since a run may start
// anywhere in its progression.
double harmony_distance(const Bars& bars, const LabelledRun& a, const LabelledRun& b) {
    const auto phrase = std::size_t(kPhraseBars);
    double best = std::numeric_limits<double>::infinity();
    for (std::size_t shift = 0; shift < phrase && b.first + shift + kMinRunBars <= b.end; ++shift) {
        const std::size_t length = std::min({phrase, bars_of(a), b.end - b.first - shift});
        double sum = 0;
        for (std::size_t k = 0; k < length; ++k)
            sum += chroma_distance(bars.chroma[a.first + k], bars.chroma[b.first + shift + k]);
        best = std::min(best, sum / double(length));
    }
    return best;
}

struct Progression {
    std::vector<std::size_t> runs;  // indices into the runs, in order; the first is its example
    double fullness_db = 0;         // mean over its runs, by bars
    std::size_t bars = 0;
    double spread = 0;        // the largest distance of a member to the example
    std::size_t phrases = 0;  // runs of a phrase or more
};

// A run with the band playing: nearly as full as the track gets, with the drum kit's treble.
bool band_plays(const LabelledRun& r, const StructureOptions& options) {
    return r.fullness_db >= -options.song_verse_db && r.treble_db >= -kKitTrebleDb;
}

// The runs with the band playing, grouped by progression in order of first appearance: the
// same chords at the same melody level (a verse and a chorus may share their chords).
std::vector<Progression> group_by_harmony(const Bars& bars, const std::vector<LabelledRun>& runs,
                                          const StructureOptions& options) {
    std::vector<Progression> groups;
    for (std::size_t i = 0; i < runs.size(); ++i) {
        const LabelledRun& r = runs[i];
        if (bars_of(r) < kMinRunBars || r.label == SectionLabel::kOutro || !band_plays(r, options))
            continue;
        double nearest = std::numeric_limits<double>::infinity();
        Progression* same = nullptr;
        for (Progression& g : groups) {
            const double d = harmony_distance(bars, runs[g.runs.front()], r);
            const bool same_tune = std::fabs(runs[g.runs.front()].melody_db - r.melody_db) < options.song_melody_db;
            if (d < options.song_harmony_distance && same_tune && d < nearest) {
                nearest = d;
                same = &g;
            }
        }
        if (!same) {
            same = &groups.emplace_back();
            nearest = 0;
        }
        same->runs.push_back(i);
        same->spread = std::max(same->spread, nearest);
        const auto n = double(bars_of(r));
        same->fullness_db =
            (same->fullness_db * double(same->bars) + r.fullness_db * n) / (double(same->bars) + n);
        same->bars += bars_of(r);
        same->phrases += bars_of(r) >= std::size_t(kPhraseBars);
    }
    return groups;
}

// How often the track turns from one of the two progressions to the other.
int turns(const Progression& a, const Progression& b) {
    std::vector<std::pair<std::size_t, int>> order;
    for (std::size_t i : a.runs) order.emplace_back(i, 0);
    for (std::size_t i : b.runs) order.emplace_back(i, 1);
    std::sort(order.begin(), order.end());
    int count = 0;
    for (std::size_t k = 1; k < order.size(); ++k) count += order[k].second != order[k - 1].second;
    return count;
}

bool contains(const Progression& g, std::size_t i) {
    return std::find(g.runs.begin(), g.runs.end(), i) != g.runs.end();
}

// The verse and chorus of a song, or nothing. A song opens with a verse: the first progression
// the band plays for a phrase is the verse's (a dance track's first full part is its drop, and
// what returns after it is a breakdown or another drop). The chorus is the next one that
// returns; it differs clearly from the verse, is at least as full, and either takes turns with
// it (V C V C) or comes back after a single verse (V C bridge C).
std::optional<std::pair<const Progression*, const Progression*>> verse_and_chorus(
    const Bars& bars, const std::vector<LabelledRun>& runs, const std::vector<Progression>& groups,
    const StructureOptions& options) {
    const auto verse = std::find_if(groups.begin(), groups.end(),
                                    [](const Progression& g) { return g.phrases >= 1; });
    if (verse == groups.end()) return std::nullopt;
    const auto chorus =
        std::find_if(verse + 1, groups.end(), [](const Progression& g) { return g.phrases >= 2; });
    if (chorus == groups.end()) return std::nullopt;
    const double apart =
        harmony_distance(bars, runs[verse->runs.front()], runs[chorus->runs.front()]);
    // Or one tune over the same chords, sung louder in the chorus than in the verse.
    const double tune_gap_db = runs[chorus->runs.front()].melody_db - runs[verse->runs.front()].melody_db;
    if (apart < kSeparation * std::max(verse->spread, chorus->spread) && std::fabs(tune_gap_db) < options.song_melody_db)
        return std::nullopt;
    if (chorus->fullness_db < verse->fullness_db + options.song_chorus_margin_db)
        return std::nullopt;
    // The two carry the song: most of the bars where the band plays are one or the other (a
    // dance track whose drops vary phrase by phrase falls into many progressions, two of
    // which may line up by chance).
    std::size_t band_bars = 0;
    for (const Progression& g : groups) band_bars += g.bars;
    if (double(verse->bars + chorus->bars) < kCarry * double(band_bars)) return std::nullopt;
    const bool alternate = turns(*verse, *chorus) >= 3;
    const bool returns_after_one_verse = verse->runs.size() == 1 && chorus->runs.size() >= 2;
    if (!alternate && !returns_after_one_verse) return std::nullopt;
    return std::pair{&*verse, &*chorus};
}

// The verse or chorus label for a run that plays nearly their chords (within twice the
// distance that makes one progression; a melody of its own or the band leaving moves the
// chroma that much), the nearer of the two; nothing for a run with chords of its own.
std::optional<SectionLabel> nearer_part(const Bars& bars, const std::vector<LabelledRun>& runs,
                                        const LabelledRun& r, const Progression& verse,
                                        const Progression& chorus,
                                        const StructureOptions& options) {
    const double to_verse = harmony_distance(bars, runs[verse.runs.front()], r);
    const double to_chorus = harmony_distance(bars, runs[chorus.runs.front()], r);
    if (std::min(to_verse, to_chorus) >= 2.0 * options.song_harmony_distance) return std::nullopt;
    return to_verse < to_chorus ? SectionLabel::kVerse : SectionLabel::kChorus;
}

}  // namespace

bool apply_song_form(const Bars& bars, std::vector<LabelledRun>& runs,
                     const StructureOptions& options) {
    if (bars.chroma.size() != bars.bars()) return false;
    const std::vector<Progression> groups = group_by_harmony(bars, runs, options);
    const auto parts = verse_and_chorus(bars, runs, groups, options);
    if (!parts) return false;
    const Progression& verse = *parts->first;
    const Progression& chorus = *parts->second;
    const std::size_t first_chorus = chorus.runs.front(), last_chorus = chorus.runs.back();
    for (std::size_t i = 0; i < runs.size(); ++i) {
        LabelledRun& r = runs[i];
        if (contains(chorus, i)) {
            r.label = SectionLabel::kChorus;
        } else if (contains(verse, i)) {
            r.label = SectionLabel::kVerse;
        } else if (r.label == SectionLabel::kIntro || r.label == SectionLabel::kOutro) {
            continue;
        } else if (const auto like = bars_of(r) >= kMinRunBars
                                         ? nearer_part(bars, runs, r, verse, chorus, options)
                                         : std::nullopt) {
            r.label =
                *like;  // the verse's or chorus's chords under another melody or without the band
        } else if (i > first_chorus && i < last_chorus && bars_of(r) >= kMinRunBars) {
            r.label = SectionLabel::kBridge;
        } else if (r.label == SectionLabel::kDrop) {
            r.label = SectionLabel::kChorus;  // a song has no drops: its full parts are choruses
        }
    }
    return true;
}

}  // namespace minidj::structure
