// analyze_structure(): bars from the per-beat matrix, the cut into sections, their labels, the
// phrases counted in them and the cues a mix takes from them.
#include "minidj/structure.h"

#include <algorithm>
#include <array>
#include <cmath>

#include <fmt/format.h>

#include "minidj/analysis.h"
#include "structure/bar_features.h"
#include "structure/labels.h"
#include "structure/segments.h"

namespace minidj {
namespace {

constexpr std::array<const char*, 8> kLabelNames = {"intro", "build", "drop", "breakdown", "outro",
                                                   "verse", "chorus", "bridge"};
constexpr std::size_t kMinBars = 4;

std::size_t nearest_index(const std::vector<double>& times, double t) {
    const auto it = std::lower_bound(times.begin(), times.end(), t);
    if (it == times.begin()) return 0;
    if (it == times.end()) return times.size() - 1;
    return (*it - t < t - *(it - 1)) ? std::size_t(it - times.begin()) : std::size_t(it - times.begin() - 1);
}

// The intro's start; an intro that opens without a beat is entered on its first downbeat with
// one (the beat-matched blend needs B's beat).
std::optional<CuePoint> mix_in_cue(const TrackStructure& s) {
    if (s.sections.empty() || s.phrases.empty()) return std::nullopt;
    if (s.sections.front().label != SectionLabel::kIntro) return CuePoint{s.phrases.front(), "the first phrase (no intro was heard)"};
    if (std::fabs(s.sections.front().start_s - s.phrases.front()) < 1e-6) return CuePoint{s.phrases.front(), "the intro's start"};
    return CuePoint{s.phrases.front(), "the intro's first beat (it opens without one)"};
}

// The first second whose energy is within 40 dB of the loudest one: where the music starts.
double music_start_s(const std::vector<float>& energy_curve) {
    if (energy_curve.empty()) return 0.0;
    const float floor = 0.01f * *std::max_element(energy_curve.begin(), energy_curve.end());
    for (std::size_t i = 0; i < energy_curve.size(); ++i) {
        if (energy_curve[i] > floor && energy_curve[i] > 0.0f) return double(i);
    }
    return 0.0;
}

// A beatless intro (pads, a riser) has no downbeats in the grid, which starts with the drums:
// the bars where the music already sounds before the first downbeat are counted back at the
// track's bar length and open the first section (an intro, made one when it was not).
void cover_beatless_start(const TrackAnalysis& a, double bar, TrackStructure& s) {
    const auto& downbeats = a.grid.downbeats;
    // Without an energy curve there is no telling where the music starts.
    if (s.sections.empty() || bar <= 0.0 || a.energy_curve.empty()) return;
    const double before = downbeats.front() - music_start_s(a.energy_curve);
    auto bars = int(std::floor(before / bar + 0.25));
    while (bars > 0 && downbeats.front() - bars * bar < -0.25 * bar) --bars;
    if (bars < 1) return;
    const double start = std::max(0.0, downbeats.front() - bars * bar);
    SongSection& first = s.sections.front();
    if (first.label == SectionLabel::kIntro) {
        first.start_s = start;
        first.bars += bars;
        return;
    }
    double level = 0.0;
    for (auto t = std::size_t(start); t < a.energy_curve.size() && double(t) < downbeats.front(); ++t) {
        level = std::max(level, double(a.energy_curve[t]));
    }
    const double loudest = *std::max_element(a.energy_curve.begin(), a.energy_curve.end());
    const double level_db = 20.0 * std::log10(std::max(level, 1e-9));
    const int energy = structure::energy_level(level_db, std::min(0.0, level_db - 20.0 * std::log10(std::max(loudest, 1e-9))));
    s.sections.insert(s.sections.begin(), SongSection{start, downbeats.front(), SectionLabel::kIntro, energy, bars});
}

// The outro's start when the outro lasts a few bars; else the start of the last whole phrase of
// the last drop (or chorus), so that A leaves while its energy still carries the blend.
std::optional<CuePoint> mix_out_cue(const TrackStructure& s, double bar, int phrase_bars) {
    if (s.sections.empty() || s.phrases.empty()) return std::nullopt;
    constexpr int kMinOutroBars = 4;  // a last chord dying away is no outro to mix over
    bool short_outro = false;
    for (const SongSection& section : s.sections) {
        if (section.label != SectionLabel::kOutro) continue;
        if (section.bars >= kMinOutroBars) return CuePoint{section.start_s, "the outro's start"};
        short_outro = true;
    }
    const auto last_peak = std::find_if(s.sections.rbegin(), s.sections.rend(),
                                        [](const SongSection& x) { return is_peak(x.label); });
    const double end = last_peak != s.sections.rend() ? last_peak->end_s : s.sections.back().end_s;
    const std::string peak = last_peak != s.sections.rend() ? section_label_name(last_peak->label) : "drop";
    const std::string why = short_outro ? "the last phrase of the last " + peak + " (the outro is too short to mix over)"
                                        : "the last phrase of the last " + peak + " (no outro was heard)";
    std::optional<CuePoint> cue;
    for (double p : s.phrases) {
        if (p + phrase_bars * bar <= end + 0.25 * bar) cue = CuePoint{p, why};
    }
    if (!cue) cue = CuePoint{s.phrases.front(), "the first phrase (the track is shorter than a phrase)"};
    return cue;
}

// The cut by sound alone serves dance tracks best; a song's verse and chorus often sound alike
// and differ in their chords, so where the track is not read as a song by that cut, the cut
// that also hears where the harmony stops repeating is tried for one.
std::vector<SongSection> sections_of(const structure::Bars& bars, const StructureOptions& options) {
    structure::LabelledSections by_sound = structure::label_sections(bars, structure::find_sections(bars, options, 0.0), options);
    if (by_sound.song || options.harmony_weight <= 0.0) return by_sound.sections;
    structure::LabelledSections by_harmony =
        structure::label_sections(bars, structure::find_sections(bars, options, options.harmony_weight), options);
    return by_harmony.song ? by_harmony.sections : by_sound.sections;
}

}  // namespace

std::string clock_time(double seconds) {
    const long tenths = std::lround(std::max(seconds, 0.0) * 10.0);
    return fmt::format("{}:{:02}.{}", tenths / 600, tenths / 10 % 60, tenths % 10);
}

std::string section_label_name(SectionLabel label) { return kLabelNames[std::size_t(label)]; }

bool is_peak(SectionLabel label) { return label == SectionLabel::kDrop || label == SectionLabel::kChorus; }

std::optional<SectionLabel> parse_section_label(const std::string& name) {
    for (std::size_t i = 0; i < kLabelNames.size(); ++i) {
        if (name == kLabelNames[i]) return SectionLabel(i);
    }
    return std::nullopt;
}

std::vector<double> phrase_starts(const std::vector<SongSection>& sections, const std::vector<double>& downbeats,
                                  int phrase_bars) {
    std::vector<double> out;
    if (downbeats.empty() || phrase_bars < 1) return out;
    const auto step = std::size_t(phrase_bars);
    if (sections.empty()) {
        for (std::size_t i = 0; i < downbeats.size(); i += step) out.push_back(downbeats[i]);
        return out;
    }
    for (const SongSection& section : sections) {
        const std::size_t first = nearest_index(downbeats, section.start_s);
        for (std::size_t i = first; i < downbeats.size() && downbeats[i] < section.end_s - 1e-3; i += step) {
            if (out.empty() || downbeats[i] > out.back()) out.push_back(downbeats[i]);
        }
    }
    return out;
}

TrackStructure analyze_structure(const TrackAnalysis& analysis, const StructureOptions& options) {
    TrackStructure out;
    const BeatGrid& grid = analysis.grid;
    const structure::Bars all_bars = structure::summarise_bars(grid, analysis.beat_features, analysis.duration_s);
    // A last bar cut short by the end of the file is the music ringing out: the cut and the
    // labels are read without it, and it ends the last section.
    const structure::Bars bars = all_bars.last_is_partial ? structure::without_last_bar(all_bars) : all_bars;
    if (bars.bars() < kMinBars) return out;
    out.sections = sections_of(bars, options);
    if (all_bars.last_is_partial) {
        out.sections.back().end_s = all_bars.starts.back();
        out.sections.back().bars += 1;
    }
    cover_beatless_start(analysis, all_bars.bar_s, out);
    out.phrases = phrase_starts(out.sections, grid.downbeats, kPhraseBars);
    out.mix_in = mix_in_cue(out);
    out.mix_out = mix_out_cue(out, all_bars.bar_s, kPhraseBars);
    return out;
}

}  // namespace minidj
