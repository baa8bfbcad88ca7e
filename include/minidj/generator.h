#pragma once
/// @file generator.h
/// Renders stereo music with exact ground truth, for tests, the demo and evaluation.
/// Deterministic: the same spec (seed included) gives bit-identical audio on every machine
/// with IEEE floats.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "minidj/analysis.h"

namespace minidj::gen {

enum class Style { kHouse, kTechno, kDrumAndBass, kHipHop, kAmbient };
std::string style_name(Style style);  ///< "house", "techno", "dnb", "hiphop", "ambient"
std::optional<Style> parse_style(const std::string& name);

struct Section {
    std::string name;  ///< "intro", "build", "drop", "breakdown", "outro"
    double start_s = 0.0;
    double end_s = 0.0;
    int bars = 0;      ///< 8 or 16
};

struct Chord {
    double start_s = 0.0;
    int root = 0;       ///< pitch class
    bool minor = false;
};

struct SongSpec {
    double bpm = 120.0;          ///< 60..180 at the start
    int meter = 4;               ///< beats per bar: 4 or 3
    MusicalKey key{9, true};     ///< A minor
    Style style = Style::kHouse;
    double drift = 0.0;          ///< relative tempo change from start to end, |drift| <= 0.02
    double swing = 0.0;          ///< 0..0.5: delay of off-beat 8ths as a fraction of an 8th
    int bars = 0;                ///< 0: the style's default section plan; else exactly this many
                                 ///< bars (multiple of 8), intro/drop/outro split
    std::uint32_t seed = 1;
    int sample_rate = 44100;
    double lead_in_s = 0.0;      ///< silence before the first beat
    Status validate() const;
};

struct GroundTruth {
    SongSpec spec;
    double duration_s = 0.0;
    std::vector<double> beats;
    std::vector<double> downbeats;
    std::vector<Chord> chords;
    std::vector<Section> sections;
    double mean_bpm() const;  ///< 60 / mean inter-beat interval
};

struct Song {
    std::vector<float> samples;  ///< stereo interleaved
    int sample_rate = 44100;
    GroundTruth truth;
    std::size_t frames() const { return samples.size() / 2; }
};

Song render(const SongSpec& spec);

nlohmann::json to_json(const GroundTruth& truth);

}  // namespace minidj::gen
