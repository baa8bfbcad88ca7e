#pragma once
// The song's skeleton, before any sound: sections, the beat grid (tempo drift and swing) and the
// chord of every bar. The ground truth is read from here, and every note is timed from here,
// which is what keeps truth and audio consistent.
#include <cstdint>
#include <string>
#include <vector>

#include "minidj/generator.h"

namespace minidj::gen {

enum class SectionKind { kIntro, kBuild, kDrop, kBreakdown, kOutro, kVerse, kChorus, kBridge };
std::string section_name(SectionKind kind);

struct PlannedSection {
    SectionKind kind;
    int bars;
    /// Intros and breakdowns: whether the kick plays (an intro with drums has them throughout,
    /// a breakdown with drums keeps a softer kick). The presets' intros have drums and their
    /// breakdowns have none; drawn arrangements have either.
    bool drums = true;
    /// Bars before a section's second stage (the bass entering an intro, the hats and lead
    /// entering a breakdown, the bass leaving an outro); -1: half the section.
    int stage_bars = -1;
    /// The layering of drawn arrangements, where each kind of section sounds as it usually
    /// does in dance music: builds roll from their start and lose the kick and bass in their
    /// second stage, outros have no bass, drops carry the lead 6 dB up. false: the presets'
    /// layering (outros keep the bass a while, builds roll only in their last two bars).
    bool clear_layers = false;
};

/// A chord as scale-free intervals: root (pitch class) and quality.
struct ChordSymbol {
    int root = 0;
    bool minor = false;
    bool operator==(const ChordSymbol&) const = default;
};

struct BarInfo {
    SectionKind section = SectionKind::kDrop;
    int bar_in_section = 0;
    int section_bars = 8;
    bool drums = true;          ///< PlannedSection::drums of the bar's section
    bool early = false;         ///< before the section's second stage (PlannedSection::stage_bars)
    bool clear_layers = false;  ///< PlannedSection::clear_layers of the bar's section
    ChordSymbol chord;
    bool phrase_start = false;  ///< first bar of an 8-bar phrase
};

class SongPlan {
public:
    /// `plan` must be non-empty with positive bar counts (multiples of 8 make whole phrases).
    SongPlan(const SongSpec& spec, std::vector<PlannedSection> plan, int chord_bars);

    int meter() const { return meter_; }
    bool compound() const { return compound_; }
    /// Eighths in a beat: 2, or 3 in a compound meter.
    int eighths_per_beat() const { return compound_ ? 3 : 2; }
    int bars() const { return static_cast<int>(bar_info_.size()); }
    const BarInfo& bar(int index) const { return bar_info_[index]; }
    const std::vector<PlannedSection>& sections() const { return sections_; }

    /// Seconds at a (fractional) global beat position; off-beat 8ths are delayed by the swing.
    /// Positions past the last beat extrapolate with the last beat interval.
    double time_at(double beat) const;
    /// Seconds at beat position `pos` (in beats) of bar `bar`.
    double time_in_bar(int bar, double pos) const { return time_at(bar * meter_ + pos); }
    double end_time() const { return beat_times_.back(); }

    /// The truth: beats, downbeats, chords and sections (duration_s = end of the last bar +
    /// `tail_s`).
    GroundTruth truth(const SongSpec& spec, double tail_s) const;

private:
    void make_beats(const SongSpec& spec);
    void make_bars(const SongSpec& spec, int chord_bars);

    int meter_ = 4;
    bool compound_ = false;
    double swing_ = 0.0;
    std::vector<double> beat_times_;  ///< bars * meter + 1: the last one ends the song's bars
    std::vector<PlannedSection> sections_;
    std::vector<BarInfo> bar_info_;
};

/// Sections for `spec.bars` bars (> 0): intro / drop / outro, 8-bar intro and outro; up to
/// 16 bars, intro / drop, and up to 8 a single drop. They add up to `bars` for any count (a
/// multiple of 8 gives whole phrases).
std::vector<PlannedSection> plan_for_bars(int bars);

/// A dance arrangement drawn from `seed` (> 0): an intro, one to three rounds of an optional
/// build, a drop and (between drops) a breakdown, then an outro. Sections last 4-32 bars, not
/// only whole 8-bar phrases; intros and breakdowns come with or without drums, and where a
/// section's second stage starts varies. The presets' plans are one shape among these.
std::vector<PlannedSection> draw_arrangement(std::uint32_t seed);

/// A song's arrangement drawn from `seed` (> 0): an intro, two or three rounds of a verse and
/// a chorus, a bridge before the last chorus in most songs, then an outro. Verses keep the
/// drums and bass under a soft melody (the singer's line), choruses add the full kit, stabs
/// and a louder melody, each of the three has its own chord progression; bridges come with or
/// without drums.
std::vector<PlannedSection> draw_song_arrangement(std::uint32_t seed);

}  // namespace minidj::gen
