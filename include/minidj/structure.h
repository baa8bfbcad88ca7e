#pragma once
/// @file structure.h
/// The shape of a track: sections on the bar grid (intro, build, drop, breakdown, outro), the
/// phrases they are counted in, and the cues where a mix may bring the track in and take it
/// out. Read from the beat grid and the per-beat matrix only (BeatFeatures), so a stored
/// analysis gets its structure without decoding the audio again. docs/structure.md has the
/// method, the vocabulary and the figures.
/// Thread safety: all functions are reentrant.

#include <optional>
#include <string>
#include <vector>

namespace minidj {

struct TrackAnalysis;

/// Bars in a phrase: the one phrase length of minidj (the structure's phrases, the Brain's seam
/// sides, the cues of mix, set and play).
inline constexpr int kPhraseBars = 8;

/// The labels, DJ vocabulary (docs/structure.md maps them to rekordbox's phrase names).
/// Dance tracks have intro, build, drop, breakdown and outro; songs have verse, chorus and
/// bridge between their intro and outro (and may have builds).
enum class SectionLabel { kIntro, kBuild, kDrop, kBreakdown, kOutro, kVerse, kChorus, kBridge };
std::string section_label_name(SectionLabel label);  ///< "intro", "build", ...
/// A track's peaks, the parts a mix never lays over another's: drops and choruses.
bool is_peak(SectionLabel label);
std::optional<SectionLabel> parse_section_label(const std::string& name);

struct SongSection {
    double start_s = 0.0;  ///< a downbeat
    double end_s = 0.0;    ///< the next section's start; the end of the last bar for the last
    SectionLabel label = SectionLabel::kDrop;
    int energy = 1;        ///< 1..10: loudness and density of the section, the same scale for every track
    int bars = 0;
    bool operator==(const SongSection&) const = default;
};

/// A suggested cue: a downbeat that starts a phrase, and why it was chosen.
struct CuePoint {
    double time_s = 0.0;
    std::string reason;  ///< one line: "the intro's start", "the outro's start", ...
    bool operator==(const CuePoint&) const = default;
};

struct TrackStructure {
    /// Contiguous, from the first downbeat, or from where the music starts when it sounds bars
    /// before the grid's first downbeat (a beatless intro, counted back at the track's bar
    /// length); empty without bars.
    std::vector<SongSection> sections;
    std::vector<double> phrases;        ///< phrase starts: every 8 bars, counted again from each section's start
    std::optional<CuePoint> mix_in;     ///< where the track may start playing under another
    std::optional<CuePoint> mix_out;    ///< where the track may start leaving
    bool operator==(const TrackStructure&) const = default;
};

/// The knobs of the method, with the values docs/structure.md reports; eval/structure_eval
/// varies them, the product uses the defaults.
struct StructureOptions {
    double boundary_penalty = 4.0;    ///< cost of one more section, in squared feature units (3 dB steps)
    double off_phrase_penalty = 2.0;  ///< extra cost of a section not a multiple of 4 bars long
    int max_section_bars = 64;        ///< longer sections are split (bounds the search)
    double drop_margin_db = 2.5;      ///< a drop is this close to the track's full sound (mean over bands and motion)
    double outro_motion_db = 3.0;     ///< an outro's harmonic motion is this far under the last drop's (dB)
    double outro_tonal_db = 2.0;      ///< or its tonal level this far under the last drop's (dB)
    double outro_melody_db = 3.0;     ///< or its melody level this far under the last drop's (dB)
    double melody_cut_weight = 1.5;   ///< the melody level's weight in the cut, against the other levels' 1
    double build_treble_db = 3.0;     ///< a build keeps its treble this close to the track's full treble (dB)
    double harmony_weight = 5.0;      ///< the song cut's cost per unit of harmony that does not repeat a phrase later
    double song_harmony_distance = 0.05;  ///< runs whose bars' chroma are closer (1 - cosine) share a progression
    double song_verse_db = 4.5;       ///< a song's verse is this close to the track's full sound (dance breakdowns are further)
    double song_chorus_margin_db = 0.0;  ///< a song's chorus is at least this much fuller than its verse
    double song_melody_db = 2.0;      ///< runs of one progression whose melody levels differ this much are two parts
};

/// The structure of an analysed track, from its beat grid (downbeats), per-beat matrix, duration
/// and per-second energy curve (where the music starts before the grid's first downbeat: a
/// beatless intro). Tracks with fewer than 4 bars get none.
TrackStructure analyze_structure(const TrackAnalysis& analysis, const StructureOptions& options = {});

/// "3:05.2": a time as sections and cues are shown to a person (tenths of a second, never
/// "1:60.0").
std::string clock_time(double seconds);

/// Phrase starts of `sections` (8 bars from each section's start) on the bars of `downbeats`:
/// the one definition of a phrase, used by the Brain's seams and the Hands' cues.
std::vector<double> phrase_starts(const std::vector<SongSection>& sections,
                                  const std::vector<double>& downbeats, int phrase_bars = kPhraseBars);

}  // namespace minidj
