#pragma once
/// @file generator.h
/// Renders stereo music with exact ground truth, for tests, the demo and evaluation.
/// Deterministic: the same spec (seed included) gives bit-identical audio on every machine
/// with IEEE floats (the synth uses its own PRNG, sine table and exp, not libm or <random>).
///
/// Truth contract: every beat time in GroundTruth is where a beat onset is rendered: drum
/// attacks (the kick's first sample is its peak) start at the sample nearest the beat time, so
/// truth and audio agree within half a sample. Chords change and the bass plays the chord root
/// on downbeats; the first bar of each 8-bar phrase has the strongest kick (and a crash in full
/// sections). The production varies by seed, independently of the key (tools/gen/production.h):
/// the whole song is tuned up to +-30 cents off A440 (the truth's key is the nominal one), the
/// kick rests on the tonic in about a third of songs and on an unrelated pitch otherwise, a
/// tonic pedal sounds in about a quarter, and detune and the parts' levels change.
/// Thread safety: all functions are reentrant.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "minidj/analysis.h"
#include "minidj/result.h"

namespace minidj::gen {

inline constexpr double kMinBpm = 60.0;
inline constexpr double kMaxBpm = 180.0;
inline constexpr double kMaxDrift = 0.02;
inline constexpr int kMaxBars = 1024;

/// Styles differ in timbre and patterns, not in allowed tempo: any style renders at any bpm.
/// house: 4-on-the-floor, off-beat hats; techno: harder, darker; dnb: kick on 1 and the "and"
/// of 3, snare on 2 and 4; hiphop: boom-bap; ambient: long pads, soft drums only in drops.
enum class Style { kHouse, kTechno, kDrumAndBass, kHipHop, kAmbient };
std::string style_name(Style style);  ///< "house", "techno", "dnb", "hiphop", "ambient"
std::optional<Style> parse_style(const std::string& name);

struct Section {
    std::string name;  ///< "intro", "build", "drop", "breakdown", "outro"; songs: "verse", "chorus", "bridge"
    double start_s = 0.0;
    double end_s = 0.0;
    int bars = 0;      ///< 8-bar multiples in the styles' plans; 4-32 in drawn arrangements
};

struct Chord {
    double start_s = 0.0;
    int root = 0;       ///< pitch class
    bool minor = false;
};

/// "A:min", "Db:maj" (mir_eval chord syntax).
std::string chord_label(const Chord& chord);

struct SongSpec {
    double bpm = 120.0;          ///< 60..180 at the start
    int meter = 4;               ///< beats per bar: 4 or 3; with `compound`, 2 or 4
    /// Each beat divides into three eighths (a dotted-quarter beat): meter 2 is 6/8, meter 4
    /// is 12/8, counted as the corpus and most beat trackers count them. No swing with it.
    bool compound = false;
    MusicalKey key{9, true};     ///< A minor
    Style style = Style::kHouse;
    double drift = 0.0;          ///< relative tempo change from start to end, |drift| <= 0.02
    double swing = 0.0;          ///< 0..0.5: delay of off-beat 8ths as a fraction of an 8th
    int bars = 0;                ///< 0: the style's default section plan; else exactly this many
                                 ///< bars (multiple of 8), intro/drop/outro split
    /// 0: the sections come from `bars` as above; else a dance arrangement drawn from this seed
    /// (intro, builds, drops, breakdowns, outro of 4-32 bars each; intros and breakdowns with
    /// or without drums), independent of `seed`. Excludes `bars`.
    std::uint32_t arrangement = 0;
    /// With `arrangement`: the arrangement is a song's instead of a dance track's (intro, verses
    /// and choruses, a bridge, outro; see gen::draw_song_arrangement), with section names
    /// "verse", "chorus" and "bridge" besides "intro" and "outro".
    bool song_form = false;
    std::uint32_t seed = 1;
    int sample_rate = 44100;     ///< 8000..192000
    double lead_in_s = 0.0;      ///< silence before the first beat, 0..60
    /// false (default): the production varies by seed (see the file comment). true: every song
    /// is produced the one way the generator had before (A440, the kick on the tonic, a tonic
    /// pedal, bars opening on the tonic, the presets' mix) — for tests whose subject is another
    /// stage (a JSON contract, the renderer's sync), not how analysis copes with production.
    bool plain_production = false;
    /// Ok, or an Error naming the bad field: "gen: bpm 250 outside 60..180".
    Status validate() const;
};

/// The production's gains of the pitched parts (dB against the style's own mix, -6..+4; all 0
/// for plain_production): which part leads the mix.
struct PartGains {
    double bass_db = 0.0, pad_db = 0.0, stab_db = 0.0, lead_db = 0.0;
};

struct GroundTruth {
    SongSpec spec;
    PartGains mix;
    double duration_s = 0.0;
    std::vector<double> beats;      ///< bars * meter beat onsets, seconds
    std::vector<double> downbeats;  ///< every meter-th beat, from the first
    std::vector<Chord> chords;      ///< one entry per chord change (always on a downbeat)
    std::vector<Section> sections;  ///< contiguous, from the first beat to the end of the bars
    double mean_bpm() const;  ///< 60 / mean inter-beat interval
};

struct Song {
    std::vector<float> samples;  ///< stereo interleaved
    int sample_rate = 44100;
    GroundTruth truth;
    std::size_t frames() const { return samples.size() / 2; }
};

/// Renders the song; `spec` must be valid (asserted). Peak-normalised to -1 dBFS. The audio
/// lasts truth.duration_s: lead-in, the bars, then 1.5 s for the last notes to ring out.
Song render(const SongSpec& spec);

/// The truth render(spec) would return, without synthesising audio (cheap); `spec` must be valid.
GroundTruth make_truth(const SongSpec& spec);

/// The time signature: "4/4", "3/4", "6/8" or "12/8".
std::string time_signature(const SongSpec& spec);
/// Sets spec.meter and spec.compound from "4", "3", "4/4", "3/4", "6/8" or "12/8"; false (spec
/// unchanged) for anything else.
bool parse_time_signature(const std::string& text, SongSpec& spec);

/// {"bpm", "mean_bpm", "meter", "time_signature", "key", "camelot", "style", "drift", "swing", "seed",
///  "sample_rate", "lead_in", "duration", "beats", "downbeats", "chords": [{"start", "chord"}],
///  "sections": [{"name", "start", "end", "bars"}], "mix": {"bass_db", "pad_db", "stab_db",
///  "lead_db"}}; times in seconds.
nlohmann::json to_json(const GroundTruth& truth);

}  // namespace minidj::gen
