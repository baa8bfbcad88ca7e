// The JSON form of TrackAnalysis: the contract of `minidj analyze --json` (docs/json-schema.md).
#include "minidj/analysis_json.h"

#include "minidj/json_text.h"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace minidj {
namespace {

using nlohmann::json;

// ---------------------------------------------------------------------------------------------
// Numbers: rounded so that lines stay small, non-finite values written as null.

// Powers of ten that are exact doubles: dividing an integer by one of them gives the double
// nearest the decimal, so the shortest printed form (what nlohmann writes) is that decimal.
constexpr std::array<double, 23> kPow10 = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                           1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                           1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

double round_decimals(double x, int decimals) {
    if (!std::isfinite(x) || std::fabs(x) >= 1e15) return x;
    const double scale = kPow10[static_cast<std::size_t>(decimals)];
    return std::round(x * scale) / scale;
}

double round_significant(double x, int digits) {
    if (!std::isfinite(x) || x == 0.0) return x;
    const int exponent = static_cast<int>(std::floor(std::log10(std::fabs(x))));
    const int decimals = digits - 1 - exponent;
    if (decimals >= 0 && decimals < static_cast<int>(kPow10.size())) {
        return round_decimals(x, decimals);
    }
    if (decimals < 0 && -decimals < static_cast<int>(kPow10.size())) {
        const double step = kPow10[static_cast<std::size_t>(-decimals)];
        return std::round(x / step) * step;
    }
    return x;  // denormal-small or astronomically large: keep as is
}

json number(double x) { return std::isfinite(x) ? json(x) : json(nullptr); }
json decimals(double x, int places) { return number(round_decimals(x, places)); }
json significant(double x, int digits) { return number(round_significant(x, digits)); }

template <class T>
json decimals_array(const std::vector<T>& xs, int places) {
    json out = json::array();
    for (const T x : xs) out.push_back(decimals(static_cast<double>(x), places));
    return out;
}

template <class T>
json significant_array(const std::vector<T>& xs, int digits) {
    json out = json::array();
    for (const T x : xs) out.push_back(significant(static_cast<double>(x), digits));
    return out;
}

// Rounding per quantity (docs/json-schema.md lists them).
constexpr int kTimeDecimals = 4;  // 0.1 ms: beat times, durations
constexpr int kBpmDecimals = 3;
constexpr int kConfidenceDecimals = 4;  // 0..1 scores
constexpr int kDbDecimals = 2;          // LUFS, LU, dBTP, dBFS, cents
constexpr int kHzDecimals = 1;
constexpr int kFeatureDigits = 4;  // MFCC statistics, energies, per-beat features
constexpr int kEnergyDigits = 6;

// ---------------------------------------------------------------------------------------------
// Writing.

// Column names of BeatFeatures, in Column order (the reader maps columns by name).
const std::vector<std::string>& beat_feature_columns() {
    static const std::vector<std::string> kNames = {
        "onset",     "energy",    "low_db",    "mid_db",    "high_db",  "chroma_C",
        "chroma_C#", "chroma_D",  "chroma_D#", "chroma_E",  "chroma_F", "chroma_F#",
        "chroma_G",  "chroma_G#", "chroma_A",  "chroma_A#", "chroma_B", "tonal_db",
        "melody_db"};
    return kNames;
}

json source_json(const AudioInfo& source) {
    return {{"format", valid_utf8(source.format)},
            {"codec", valid_utf8(source.codec)},
            {"sample_rate", source.sample_rate},
            {"channels", source.channels},
            {"duration", decimals(source.duration_s, kTimeDecimals)}};
}

json beat_features_json(const BeatFeatures& features) {
    // A matrix stored by an older analyser is written without the columns it did not have
    // (the tonal level from version 7, the melody level from 8).
    const int columns = features.has_melody_level() ? BeatFeatures::kColumns
                        : features.has_tonal_level() ? BeatFeatures::kMelody
                                                     : BeatFeatures::kTonal;
    json rows = json::array();
    for (std::size_t r = 0; r < features.rows(); ++r) {
        json row = json::array();
        for (int c = 0; c < columns; ++c) row.push_back(significant(features.at(r, c), kFeatureDigits));
        rows.push_back(std::move(row));
    }
    const auto& names = beat_feature_columns();
    return {{"columns", std::vector<std::string>(names.begin(), names.begin() + columns)}, {"rows", std::move(rows)}};
}

void write_key(json& out, const KeyEstimate& key) {
    out["key"] = key.key ? json(key.key->name()) : json(nullptr);
    out["camelot"] = key.key ? json(key.key->camelot()) : json(nullptr);
    out["key_confidence"] = decimals(key.confidence, kConfidenceDecimals);
    out["tuning_cents"] = decimals(key.tuning_cents, kDbDecimals);
}

void write_loudness(json& out, const LoudnessStats& loudness) {
    out["loudness_lufs"] = decimals(loudness.integrated_lufs, kDbDecimals);
    out["loudness_range_lu"] = decimals(loudness.range_lu, kDbDecimals);
    out["true_peak_dbtp"] = decimals(loudness.true_peak_dbtp, kDbDecimals);
    out["sample_peak_dbfs"] = decimals(loudness.sample_peak_dbfs, kDbDecimals);
    out["short_term_lufs"] = decimals_array(loudness.short_term_lufs, kDbDecimals);
}

// ---------------------------------------------------------------------------------------------
// Reading: a FieldError never leaves this file; analysis_from_json turns it into an Error.

class FieldError : public std::runtime_error {
  public:
    FieldError(std::string_view field, std::string_view reason)
        : std::runtime_error(fmt::format("json: {}: {}", field, reason)) {}
    explicit FieldError(const Error& error) : std::runtime_error("json: " + error.message) {}
};

// Typed access to the members of one JSON object; `prefix` names it in errors ("source.").
class Reader {
  public:
    Reader(const json& object, std::string prefix) : object_(object), prefix_(std::move(prefix)) {}

    bool has(const char* key) const { return object_.contains(key); }

    const json& get(const char* key) const {
        const auto it = object_.find(key);
        if (it == object_.end()) throw FieldError(name(key), "missing");
        return *it;
    }

    double number(const char* key) const { return to_number(get(key), name(key)); }

    int integer(const char* key) const {
        const json& value = get(key);
        if (!value.is_number_integer()) throw FieldError(name(key), "expected an integer");
        const auto wide = value.get<std::int64_t>();
        if (wide < std::numeric_limits<int>::min() || wide > std::numeric_limits<int>::max()) {
            throw FieldError(name(key), "integer out of range");
        }
        return static_cast<int>(wide);
    }

    std::string string(const char* key) const {
        const json& value = get(key);
        if (!value.is_string()) throw FieldError(name(key), "expected a string");
        return value.get<std::string>();
    }

    std::optional<std::string> nullable_string(const char* key) const {
        if (get(key).is_null()) return std::nullopt;
        return string(key);
    }

    template <class T>
    std::vector<T> numbers(const char* key) const {
        return to_numbers<T>(get(key), name(key));
    }

    Reader object(const char* key) const {
        const json& value = get(key);
        if (!value.is_object()) throw FieldError(name(key), "expected an object");
        return Reader(value, name(key) + ".");
    }

    std::string name(const char* key) const { return prefix_ + key; }
    const json& json_object() const { return object_; }

    static double to_number(const json& value, const std::string& field) {
        if (value.is_null()) return std::numeric_limits<double>::quiet_NaN();
        if (!value.is_number()) throw FieldError(field, "expected a number");
        return value.get<double>();
    }

    template <class T>
    static std::vector<T> to_numbers(const json& value, const std::string& field) {
        if (!value.is_array()) throw FieldError(field, "expected an array of numbers");
        std::vector<T> out;
        out.reserve(value.size());
        for (std::size_t i = 0; i < value.size(); ++i) {
            out.push_back(static_cast<T>(to_number(value[i], fmt::format("{}[{}]", field, i))));
        }
        return out;
    }

  private:
    const json& object_;
    std::string prefix_;
};

std::string read_path(const Reader& in) {
    auto path = get_path(in.json_object(), "path");
    if (!path) throw FieldError(path.error());
    return path.value();
}

AudioInfo read_source(const Reader& in) {
    AudioInfo source;
    source.format = in.string("format");
    source.codec = in.string("codec");
    source.sample_rate = in.integer("sample_rate");
    source.channels = in.integer("channels");
    source.duration_s = in.has("duration") ? in.number("duration") : 0.0;
    return source;
}

KeyEstimate read_key(const Reader& in) {
    KeyEstimate key;
    if (const auto name = in.nullable_string("key")) {
        key.key = MusicalKey::parse(*name);
        if (!key.key) throw FieldError("key", fmt::format("unknown key name '{}'", *name));
    }
    (void)in.nullable_string("camelot");  // derived from "key"; only its type is checked
    key.confidence = in.number("key_confidence");
    key.tuning_cents = in.number("tuning_cents");
    return key;
}

LoudnessStats read_loudness(const Reader& in) {
    LoudnessStats loudness;
    loudness.integrated_lufs = in.number("loudness_lufs");
    loudness.range_lu = in.number("loudness_range_lu");
    loudness.true_peak_dbtp = in.number("true_peak_dbtp");
    loudness.sample_peak_dbfs = in.number("sample_peak_dbfs");
    loudness.short_term_lufs = in.numbers<float>("short_term_lufs");
    return loudness;
}

BeatGrid read_grid(const Reader& in) {
    BeatGrid grid;
    grid.bpm = in.number("bpm");
    grid.confidence = in.number("beat_confidence");
    grid.beats = in.numbers<double>("beats");
    grid.downbeats = in.numbers<double>("downbeats");
    grid.meter = in.integer("meter");
    return grid;
}

Timbre read_timbre(const Reader& in) {
    Timbre timbre;
    timbre.mfcc_mean = in.numbers<float>("mfcc_mean");
    if (in.has("mfcc_cov")) timbre.mfcc_cov = in.numbers<float>("mfcc_cov");
    return timbre;
}

// Columns are matched by name, so a later version may add columns without breaking readers.
BeatFeatures read_beat_features(const Reader& in) {
    const json& names = in.get("columns");
    if (!names.is_array()) throw FieldError(in.name("columns"), "expected an array of names");
    std::vector<std::string> columns;
    for (const json& c : names) {
        if (!c.is_string()) throw FieldError(in.name("columns"), "expected strings");
        columns.push_back(c.get<std::string>());
    }
    constexpr std::size_t kAbsent = std::size_t(-1);
    std::vector<std::size_t> source_index;
    for (const std::string& wanted : beat_feature_columns()) {
        std::size_t i = 0;
        while (i < columns.size() && columns[i] != wanted) ++i;
        // Absent before analyser versions 7 and 8.
        const bool optional = wanted == "tonal_db" || wanted == "melody_db";
        if (i == columns.size() && !optional) throw FieldError(in.name("columns"), "missing " + wanted);
        source_index.push_back(i == columns.size() ? kAbsent : i);
    }
    const json& rows = in.get("rows");
    if (!rows.is_array()) throw FieldError(in.name("rows"), "expected an array of rows");
    BeatFeatures features;
    for (std::size_t r = 0; r < rows.size(); ++r) {
        const std::string field = fmt::format("{}[{}]", in.name("rows"), r);
        const auto row = Reader::to_numbers<float>(rows[r], field);
        if (row.size() != columns.size()) throw FieldError(field, "wrong number of columns");
        for (const std::size_t i : source_index) features.values.push_back(i == kAbsent ? std::numeric_limits<float>::quiet_NaN() : row[i]);
    }
    return features;
}

CuePoint read_cue(const Reader& in) { return CuePoint{in.number("time"), in.string("reason")}; }

// "structure" (absent in files written before minidj had it: then the caller reads it again
// from the per-beat matrix).
TrackStructure read_structure(const Reader& in) {
    TrackStructure s;
    const json& sections = in.get("sections");
    if (!sections.is_array()) throw FieldError(in.name("sections"), "expected an array");
    for (std::size_t i = 0; i < sections.size(); ++i) {
        const std::string field = fmt::format("{}[{}]", in.name("sections"), i);
        if (!sections[i].is_object()) throw FieldError(field, "expected an object");
        const Reader section(sections[i], field + ".");
        SongSection out;
        out.start_s = section.number("start");
        out.end_s = section.number("end");
        const std::string label = section.string("label");
        const auto parsed = parse_section_label(label);
        if (!parsed) throw FieldError(section.name("label"), fmt::format("unknown label '{}'", label));
        out.label = *parsed;
        out.energy = section.integer("energy");
        out.bars = section.integer("bars");
        s.sections.push_back(out);
    }
    s.phrases = in.numbers<double>("phrases");
    const Reader cues = in.object("cues");
    for (auto [key, cue] : {std::pair{"mix_in", &s.mix_in}, std::pair{"mix_out", &s.mix_out}}) {
        if (cues.has(key) && !cues.get(key).is_null()) *cue = read_cue(cues.object(key));
    }
    return s;
}

// The schema from which the stored structure reads songs.
constexpr int kSongStructureSchema = 2;

TrackAnalysis read_analysis(const Reader& in) {
    const int schema = in.integer("schema_version");
    if (schema > kJsonSchemaVersion) {
        throw FieldError("schema_version", fmt::format("{} is newer than this minidj reads ({})",
                                                       schema, kJsonSchemaVersion));
    }
    if (schema < 1) throw FieldError("schema_version", fmt::format("unknown version {}", schema));
    TrackAnalysis a;
    a.analyzer_version = in.integer("analyzer_version");
    a.path = read_path(in);
    a.source = read_source(in.object("source"));
    a.duration_s = in.number("duration");
    a.grid = read_grid(in);
    a.key = read_key(in);
    a.loudness = read_loudness(in);
    a.energy_rms = in.number("energy");
    a.energy_curve = in.numbers<float>("energy_curve");
    a.brightness_hz = in.number("brightness_hz");
    a.timbre = read_timbre(in.object("timbre"));
    if (in.has("beat_features")) a.beat_features = read_beat_features(in.object("beat_features"));
    const bool current = schema >= kSongStructureSchema;
    if (in.has("structure") && (current || a.beat_features.values.empty())) {
        a.structure = read_structure(in.object("structure"));
    } else if (!a.beat_features.values.empty()) {
        a.structure = analyze_structure(a);
    }
    a.seconds_spent = in.number("seconds");
    return a;
}

}  // namespace

json tags_json(const AudioTags& tags) {
    json out = json::object();
    for (auto [key, value] : {std::pair{"artist", &tags.artist}, std::pair{"title", &tags.title},
                              std::pair{"album", &tags.album}, std::pair{"genre", &tags.genre}}) {
        if (!value->empty()) out[key] = valid_utf8(*value);
    }
    if (tags.year != 0) out["year"] = tags.year;
    return out;
}

json structure_json(const TrackStructure& s) {
    json sections = json::array();
    for (const SongSection& x : s.sections) {
        sections.push_back({{"start", decimals(x.start_s, kTimeDecimals)},
                            {"end", decimals(x.end_s, kTimeDecimals)},
                            {"label", section_label_name(x.label)},
                            {"energy", x.energy},
                            {"bars", x.bars}});
    }
    json cues = json::object();
    for (auto [key, cue] : {std::pair{"mix_in", &s.mix_in}, std::pair{"mix_out", &s.mix_out}}) {
        cues[key] = *cue ? json{{"time", decimals((*cue)->time_s, kTimeDecimals)}, {"reason", (*cue)->reason}}
                         : json(nullptr);
    }
    return {{"sections", std::move(sections)},
            {"phrases", decimals_array(s.phrases, kTimeDecimals)},
            {"cues", std::move(cues)}};
}

json to_json(const TrackAnalysis& a, bool include_matrices) {
    json out = json::object();
    out["schema_version"] = kJsonSchemaVersion;
    out["analyzer_version"] = a.analyzer_version;
    put_path(out, "path", a.path);
    out["source"] = source_json(a.source);
    out["duration"] = decimals(a.duration_s, kTimeDecimals);
    out["bpm"] = decimals(a.grid.bpm, kBpmDecimals);
    out["beat_confidence"] = decimals(a.grid.confidence, kConfidenceDecimals);
    out["meter"] = a.grid.meter;
    out["beats"] = decimals_array(a.grid.beats, kTimeDecimals);
    out["downbeats"] = decimals_array(a.grid.downbeats, kTimeDecimals);
    write_key(out, a.key);
    write_loudness(out, a.loudness);
    out["energy"] = significant(a.energy_rms, kEnergyDigits);
    out["energy_curve"] = significant_array(a.energy_curve, kFeatureDigits);
    out["brightness_hz"] = decimals(a.brightness_hz, kHzDecimals);
    out["timbre"] = {{"mfcc_mean", significant_array(a.timbre.mfcc_mean, kFeatureDigits)}};
    out["structure"] = structure_json(a.structure);
    if (include_matrices) {
        out["timbre"]["mfcc_cov"] = significant_array(a.timbre.mfcc_cov, kFeatureDigits);
        out["beat_features"] = beat_features_json(a.beat_features);
    }
    out["seconds"] = decimals(a.seconds_spent, 3);
    return out;
}

bool structure_is_current(const json& j) {
    if (!j.is_object() || !j.contains("schema_version") || !j.at("schema_version").is_number_integer()) return false;
    return j.at("schema_version").get<int>() >= kSongStructureSchema;
}

Result<TrackAnalysis> analysis_from_json(const json& in) {
    if (!in.is_object()) return Error{"json: expected an object"};
    try {
        return read_analysis(Reader(in, ""));
    } catch (const FieldError& e) {
        return Error{e.what()};
    }
}

json error_json(const std::string& path, const std::string& message) {
    json out = json::object();
    put_path(out, "path", path);
    out["error"] = valid_utf8(message);
    return out;
}

}  // namespace minidj
