#include "structure/labels.h"

#include <algorithm>
#include <cmath>

namespace minidj::structure {
namespace {

struct Run {
    std::size_t first = 0, end = 0;
    double fullness_db = 0;  // how far under the track's full sound (0: as full as its fullest parts)
    double rise_db = 0;      // second half's loudness minus the first half's
    SectionLabel label = SectionLabel::kDrop;
};

double mean_of(const Bars& bars, std::size_t first, std::size_t end, int column) {
    double sum = 0;
    for (std::size_t b = first; b < end; ++b) sum += bars.at(b, column);
    return end > first ? sum / double(end - first) : 0.0;
}

constexpr std::size_t kMinDropBars = 8;  // drops last a phrase or more

// The columns a drop is full in: every band, and the harmonic motion of its lead or bass.
constexpr int kFullnessColumns[] = {kLow, kMid, kHigh, kMotion};

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

std::vector<Run> measure_runs(const Bars& bars, const std::vector<std::size_t>& starts) {
    const std::vector<double> full = full_levels(bars);
    std::vector<Run> runs;
    for (std::size_t i = 0; i + 1 < starts.size(); ++i) {
        Run r;
        r.first = starts[i];
        r.end = starts[i + 1];
        for (std::size_t c = 0; c < full.size(); ++c) {
            r.fullness_db += std::min(0.0, mean_of(bars, r.first, r.end, kFullnessColumns[c]) - full[c]);
        }
        r.fullness_db /= double(full.size());
        const std::size_t middle = r.first + (r.end - r.first) / 2;
        if (middle > r.first) r.rise_db = mean_of(bars, middle, r.end, kLoud) - mean_of(bars, r.first, middle, kLoud);
        runs.push_back(r);
    }
    return runs;
}

// Drops first (the runs as full as the track gets), then what lies around them: before the
// first drop an intro, after the last an outro, between drops a breakdown; a run that rises
// into a drop is a build. A track that never changes is one drop.
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
        } else if (is_drop(i + 1) && runs[i].rise_db >= options.build_rise_db) {
            runs[i].label = SectionLabel::kBuild;
        } else {
            runs[i].label = i < first_drop ? SectionLabel::kIntro : SectionLabel::kBreakdown;
        }
    }
    // A build often opens as full as the drop it leads to, then strips down and rolls into it:
    // a "drop" too short to be one, right before a build, is that build's first stage.
    for (std::size_t i = runs.size(); i-- > 1;) {
        const bool short_drop = runs[i - 1].label == SectionLabel::kDrop && runs[i - 1].end - runs[i - 1].first < kMinDropBars;
        if (runs[i].label == SectionLabel::kBuild && short_drop) runs[i - 1].label = SectionLabel::kBuild;
    }
}

}  // namespace

int energy_level(double level_db, double fullness_db) {
    // -32 dB RMS (a soft intro) reads 1, -8 dB (a loud master's drop) 10; every 3 dB a section
    // lacks of the track's full sound (bands and motion) takes a step off.
    const double from_level = 1.0 + 9.0 * (level_db + 32.0) / 24.0;
    return std::clamp(int(std::lround(from_level + fullness_db / 3.0)), 1, 10);
}

std::vector<SongSection> label_sections(const Bars& bars, const std::vector<std::size_t>& starts,
                                        const StructureOptions& options) {
    std::vector<Run> runs = measure_runs(bars, starts);
    if (runs.empty()) return {};
    assign_labels(runs, options);
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
    std::vector<SongSection> sections;
    for (const Run& r : joined) {
        SongSection s;
        s.start_s = bars.starts[r.first];
        s.end_s = bars.starts[r.end];
        s.label = r.label;
        s.bars = int(r.end - r.first);
        s.energy = energy_level(mean_of(bars, r.first, r.end, kLoud), r.fullness_db);
        sections.push_back(s);
    }
    return sections;
}

}  // namespace minidj::structure
