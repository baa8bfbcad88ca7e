#include "structure/labels.h"

#include <algorithm>
#include <cmath>

#include "structure/song_form.h"

namespace minidj::structure {
namespace {

struct Run {
    std::size_t first = 0, end = 0;
    double fullness_db = 0;  // how far under the track's full sound (0: as full as its fullest parts)
    double treble_db = 0;    // treble level under the track's full treble (<= 0)
    double motion_db = 0;    // harmonic motion under the track's full motion (<= 0)
    double tonal_db = 0;     // mean tonal level (dB; 0 in every run when the matrix has none)
    double melody_db = 0;    // mean melody level (dB; 0 likewise)
    SectionLabel label = SectionLabel::kDrop;
};

std::size_t bars_of(const Run& r) { return r.end - r.first; }

double mean_of(const Bars& bars, std::size_t first, std::size_t end, int column) {
    double sum = 0;
    for (std::size_t b = first; b < end; ++b) sum += bars.at(b, column);
    return end > first ? sum / double(end - first) : 0.0;
}

constexpr std::size_t kMinDropBars = 8;    // drops last a phrase or more
constexpr std::size_t kMaxBuildBars = 16;  // builds are short
constexpr std::size_t kMinInnerBars = 4;   // shorter runs between two of one label are theirs

// The columns a drop is full in: every band, and the harmonic motion of its lead or bass.
constexpr int kFullnessColumns[] = {kLow, kMid, kHigh, kMotion, kTonal};
constexpr std::size_t kFullHigh = 2, kFullMotion = 3;  // their places in kFullnessColumns

// The track's full sound per column: the level its fullest bars reach (90th percentile, so a
// few loud bars do not set it).
std::vector<double> full_levels(const Bars& bars) {
    std::vector<double> out;
    for (int column : kFullnessColumns) {
        std::vector<double> levels;
        for (std::size_t b = 0; b < bars.bars(); ++b) levels.push_back(bars.at(b, column));
        std::sort(levels.begin(), levels.end());
        out.push_back(levels[std::size_t(0.9 * double(levels.size() - 1))]);
    }
    return out;
}

// Bars [first, end) measured against the track's full sound `full` (from full_levels).
Run measure_run(const Bars& bars, const std::vector<double>& full, std::size_t first, std::size_t end) {
    Run r;
    r.first = first;
    r.end = end;
    for (std::size_t c = 0; c < full.size(); ++c) {
        r.fullness_db += std::min(0.0, mean_of(bars, r.first, r.end, kFullnessColumns[c]) - full[c]);
    }
    r.fullness_db /= double(bars.has_tonal ? full.size() : full.size() - 1);  // without, the tonal term is 0
    r.motion_db = std::min(0.0, mean_of(bars, r.first, r.end, kMotion) - full[kFullMotion]);
    r.treble_db = std::min(0.0, mean_of(bars, r.first, r.end, kHigh) - full[kFullHigh]);
    r.tonal_db = mean_of(bars, r.first, r.end, kTonal);
    r.melody_db = mean_of(bars, r.first, r.end, kMelody);
    return r;
}

std::vector<Run> measure_runs(const Bars& bars, const std::vector<std::size_t>& starts) {
    const std::vector<double> full = full_levels(bars);
    std::vector<Run> runs;
    for (std::size_t i = 0; i + 1 < starts.size(); ++i) runs.push_back(measure_run(bars, full, starts[i], starts[i + 1]));
    return runs;
}

// The runs just before a drop that keep the treble up (snare rolls, risers, hats) while
// something else leaves (the kick and bass drop out, a lead stops) are its build; a "drop" too
// short to be one among them is the build's first stage, which often sounds as full as the
// drop. Walks back from each drop over at most 16 bars.
void mark_builds(std::vector<Run>& runs, const StructureOptions& options) {
    for (std::size_t d = 1; d < runs.size(); ++d) {
        if (runs[d].label != SectionLabel::kDrop || runs[d - 1].label == SectionLabel::kDrop) continue;
        std::size_t bars = 0, first = d;
        bool stripped = false;
        for (std::size_t i = d; i-- > 0;) {
            const bool short_drop = runs[i].label == SectionLabel::kDrop && bars_of(runs[i]) < kMinDropBars;
            if (runs[i].label == SectionLabel::kDrop && !short_drop) break;
            if (runs[i].treble_db < -options.build_treble_db || bars + bars_of(runs[i]) > kMaxBuildBars) break;
            bars += bars_of(runs[i]);
            stripped = stripped || runs[i].fullness_db < -options.drop_margin_db;
            first = i;
        }
        if (!stripped) continue;  // as full as the drop throughout: part of it, not a build
        for (std::size_t i = first; i < d; ++i) runs[i].label = SectionLabel::kBuild;
    }
}

// An outro is the groove without the music: where the last drop's harmonic motion falls away
// (the lead and bass stop) while the drums still sound full, the outro starts. Told against the
// drop just before it, not the track's fullest motion: some drops move less than others.
void mark_outro_start(std::vector<Run>& runs, const StructureOptions& options) {
    std::size_t last = runs.size();
    while (last > 0 && runs[last - 1].label == SectionLabel::kOutro) --last;
    if (last < 2) return;
    Run& tail = runs[last - 1];
    const Run& before = runs[last - 2];
    if (tail.label != SectionLabel::kDrop || before.label != SectionLabel::kDrop || bars_of(before) < kMinDropBars) return;
    const bool music_stops = tail.motion_db <= before.motion_db - options.outro_motion_db ||
                             tail.tonal_db <= before.tonal_db - options.outro_tonal_db ||
                             tail.melody_db <= before.melody_db - options.outro_melody_db;
    if (music_stops) tail.label = SectionLabel::kOutro;
}

// Drops first (the runs as full as the track gets), then what lies around them: before the
// first drop an intro, after the last an outro, between drops a breakdown, and the build into
// a drop. A track that never changes is one drop.
void assign_labels(std::vector<Run>& runs, const StructureOptions& options) {
    auto is_drop = [&](std::size_t i) { return i < runs.size() && runs[i].fullness_db >= -options.drop_margin_db; };
    std::size_t first_drop = runs.size(), last_drop = 0;
    for (std::size_t i = 0; i < runs.size(); ++i) {
        if (!is_drop(i)) continue;
        first_drop = std::min(first_drop, i);
        last_drop = i;
    }
    for (std::size_t i = 0; i < runs.size(); ++i) {
        if (is_drop(i)) {
            runs[i].label = SectionLabel::kDrop;
        } else if (i > last_drop) {
            runs[i].label = SectionLabel::kOutro;
        } else {
            runs[i].label = i < first_drop ? SectionLabel::kIntro : SectionLabel::kBreakdown;
        }
    }
    mark_outro_start(runs, options);
    mark_builds(runs, options);
}

}  // namespace

int energy_level(double level_db, double fullness_db) {
    // -32 dB RMS (a soft intro) reads 1, -8 dB (a loud master's drop) 10; every 3 dB a section
    // lacks of the track's full sound (bands and motion) takes a step off.
    const double from_level = 1.0 + 9.0 * (level_db + 32.0) / 24.0;
    return std::clamp(int(std::lround(from_level + fullness_db / 3.0)), 1, 10);
}

namespace {

// A run under 4 bars between two runs of one label takes theirs: a level hovering at the drop's
// threshold is not a drop, a breakdown, a drop and a breakdown again.
void absorb_slivers(std::vector<Run>& runs) {
    for (std::size_t i = 1; i + 1 < runs.size(); ++i) {
        if (bars_of(runs[i]) < kMinInnerBars && runs[i - 1].label == runs[i + 1].label) runs[i].label = runs[i - 1].label;
    }
}

// A song's verses, choruses and bridge replace the dance labels where the track is one.
bool read_as_song(const Bars& bars, std::vector<Run>& runs, const StructureOptions& options) {
    std::vector<LabelledRun> song;
    for (const Run& r : runs) song.push_back({r.first, r.end, r.fullness_db, r.treble_db, r.melody_db, r.label});
    if (!apply_song_form(bars, song, options)) return false;
    for (std::size_t i = 0; i < runs.size(); ++i) runs[i].label = song[i].label;
    return true;
}

std::vector<Run> join_neighbours(const std::vector<Run>& runs) {
    std::vector<Run> joined;
    for (const Run& r : runs) {
        if (!joined.empty() && joined.back().label == r.label) {
            Run& last = joined.back();
            const double bars_before = double(last.end - last.first), bars_added = double(r.end - r.first);
            last.fullness_db = (last.fullness_db * bars_before + r.fullness_db * bars_added) / (bars_before + bars_added);
            last.end = r.end;
        } else {
            joined.push_back(r);
        }
    }
    return joined;
}

}  // namespace

LabelledSections label_sections(const Bars& bars, const std::vector<std::size_t>& starts,
                                const StructureOptions& options) {
    std::vector<Run> runs = measure_runs(bars, starts);
    if (runs.empty()) return {};
    assign_labels(runs, options);
    LabelledSections out;
    out.song = read_as_song(bars, runs, options);
    absorb_slivers(runs);
    const std::vector<Run> joined = join_neighbours(runs);
    std::vector<SongSection>& sections = out.sections;
    for (const Run& r : joined) {
        SongSection s;
        s.start_s = bars.starts[r.first];
        s.end_s = bars.starts[r.end];
        s.label = r.label;
        s.bars = int(r.end - r.first);
        s.energy = energy_level(mean_of(bars, r.first, r.end, kLoud), r.fullness_db);
        sections.push_back(s);
    }
    return out;
}

}  // namespace minidj::structure
