// The JSON contract of `minidj analyze --json` (docs/json-schema.md): names, types, rounding,
// and the inverse used by the library.
#include "minidj/analysis_json.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "library/sample_analysis.h"

namespace minidj {
namespace {

using nlohmann::json;
using test_support::expect_same_analysis;
using test_support::sample_analysis;

TEST(AnalysisJson, ContractFieldsHaveTheirNamesAndTypes) {
    const json j = to_json(sample_analysis("/music/a.flac"));
    EXPECT_EQ(j.at("path"), "/music/a.flac");
    for (const char* number :
         {"duration", "bpm", "key_confidence", "loudness_lufs", "true_peak_dbtp", "energy",
          "brightness_hz", "beat_confidence", "tuning_cents", "loudness_range_lu",
          "sample_peak_dbfs", "seconds"}) {
        EXPECT_TRUE(j.at(number).is_number()) << number;
    }
    for (const char* array : {"beats", "downbeats", "short_term_lufs", "energy_curve"}) {
        EXPECT_TRUE(j.at(array).is_array()) << array;
    }
    EXPECT_TRUE(j.at("meter").is_number_integer());
    EXPECT_EQ(j.at("schema_version"), kJsonSchemaVersion);
    EXPECT_EQ(j.at("analyzer_version"), kAnalyzerVersion);
    EXPECT_EQ(j.at("key"), "A minor");
    EXPECT_EQ(j.at("camelot"), "8A");
    EXPECT_EQ(j.at("source").at("format"), "flac");
    EXPECT_EQ(j.at("source").at("sample_rate"), 44100);
    EXPECT_EQ(j.at("timbre").at("mfcc_mean").size(), 13u);
    EXPECT_EQ(j.at("timbre").at("mfcc_cov").size(), 169u);
    EXPECT_EQ(j.at("beat_features").at("columns").size(), 19u);
    EXPECT_EQ(j.at("beat_features").at("columns")[17], "tonal_db");
    EXPECT_EQ(j.at("beat_features").at("columns")[18], "melody_db");
    EXPECT_EQ(j.at("beat_features").at("columns")[0], "onset");
    EXPECT_EQ(j.at("beat_features").at("rows").size(), j.at("beats").size());
}

TEST(AnalysisJson, WithoutMatricesLeavesThemOut) {
    const json j = to_json(sample_analysis("a.wav"), /*include_matrices=*/false);
    EXPECT_FALSE(j.contains("beat_features"));
    EXPECT_FALSE(j.at("timbre").contains("mfcc_cov"));
    EXPECT_TRUE(j.at("timbre").contains("mfcc_mean"));
    auto back = analysis_from_json(j);
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_TRUE(back->beat_features.values.empty());
    EXPECT_TRUE(back->timbre.mfcc_cov.empty());
}

TEST(AnalysisJson, BeatTimesAreRoundedToATenthOfAMillisecond) {
    TrackAnalysis a = sample_analysis("a.wav");
    a.grid.beats = {0.123456789, 1.00004999};
    const json j = to_json(a);
    EXPECT_EQ(j.at("beats").dump(), "[0.1235,1.0]");
}

TEST(AnalysisJson, RoundTripKeepsEveryField) {
    const TrackAnalysis a = sample_analysis("/music/a.flac");
    // Through text, as the CLI and the library see it.
    auto back = analysis_from_json(json::parse(to_json(a).dump()));
    ASSERT_TRUE(back.ok()) << back.error().message;
    expect_same_analysis(a, *back);
}

TEST(AnalysisJson, NoKeyIsNull) {
    TrackAnalysis a = sample_analysis("a.wav");
    a.key.key.reset();
    const json j = to_json(a);
    EXPECT_TRUE(j.at("key").is_null());
    EXPECT_TRUE(j.at("camelot").is_null());
    auto back = analysis_from_json(j);
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_FALSE(back->key.key.has_value());
}

TEST(AnalysisJson, EmptyBeatsRoundTrip) {
    TrackAnalysis a = sample_analysis("a.wav");
    a.grid = BeatGrid{};
    a.beat_features.values.clear();
    const json j = to_json(a);
    EXPECT_EQ(j.at("beats").dump(), "[]");
    EXPECT_EQ(j.at("beat_features").at("rows").dump(), "[]");
    auto back = analysis_from_json(j);
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_TRUE(back->grid.beats.empty());
    EXPECT_TRUE(back->grid.downbeats.empty());
    EXPECT_TRUE(back->beat_features.values.empty());
}

TEST(AnalysisJson, NonFiniteNumbersBecomeNullAndComeBackAsNaN) {
    TrackAnalysis a = sample_analysis("a.wav");
    a.grid.bpm = std::numeric_limits<double>::quiet_NaN();
    a.loudness.integrated_lufs = -std::numeric_limits<double>::infinity();
    a.energy_curve[1] = std::numeric_limits<float>::infinity();
    const json j = to_json(a);
    EXPECT_TRUE(j.at("bpm").is_null());
    EXPECT_TRUE(j.at("loudness_lufs").is_null());
    EXPECT_TRUE(j.at("energy_curve")[1].is_null());
    const std::string line = j.dump();  // must not throw
    EXPECT_EQ(line.find("NaN"), std::string::npos);
    auto back = analysis_from_json(json::parse(line));
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_TRUE(std::isnan(back->grid.bpm));
    EXPECT_TRUE(std::isnan(back->loudness.integrated_lufs));
    EXPECT_TRUE(std::isnan(back->energy_curve[1]));
}

TEST(AnalysisJson, NonUtf8PathIsPrintableAndExact) {
    const std::string raw = "/music/caf\xE9-\xFF.mp3";  // Latin-1 bytes, not UTF-8
    const json j = to_json(sample_analysis(raw));
    EXPECT_EQ(j.at("path"), "/music/caf\xEF\xBF\xBD-\xEF\xBF\xBD.mp3");
    EXPECT_EQ(j.at("path_bytes_hex"), "2f6d757369632f636166e92dff2e6d7033");
    auto back = analysis_from_json(json::parse(j.dump()));
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back->path, raw);
}

TEST(AnalysisJson, ErrorLineNamesPathAndReason) {
    const json j = error_json("/x/\xFF.mp3", "decode: /x/\xFF.mp3: invalid data");
    EXPECT_EQ(j.at("path"), "/x/\xEF\xBF\xBD.mp3");
    EXPECT_EQ(j.at("path_bytes_hex"), "2f782fff2e6d7033");
    EXPECT_EQ(j.at("error"), "decode: /x/\xEF\xBF\xBD.mp3: invalid data");
    EXPECT_NO_THROW((void)j.dump());
}

TEST(AnalysisJson, MissingOrMistypedFieldsAreNamed) {
    const json good = to_json(sample_analysis("a.wav"));
    const auto error_of = [](const json& j) {
        auto r = analysis_from_json(j);
        return r.ok() ? std::string("ok") : r.error().message;
    };
    json j = good;
    j.erase("bpm");
    EXPECT_EQ(error_of(j), "json: bpm: missing");
    j = good;
    j["meter"] = "four";
    EXPECT_EQ(error_of(j), "json: meter: expected an integer");
    j = good;
    j["source"]["sample_rate"] = 44.1;
    EXPECT_EQ(error_of(j), "json: source.sample_rate: expected an integer");
    j = good;
    j["beats"][2] = "x";
    EXPECT_EQ(error_of(j), "json: beats[2]: expected a number");
    j = good;
    j["key"] = "H minor";
    EXPECT_EQ(error_of(j), "json: key: unknown key name 'H minor'");
    j = good;
    j["beat_features"]["rows"][0].erase(0);
    EXPECT_EQ(error_of(j), "json: beat_features.rows[0]: wrong number of columns");
    j = good;
    j["schema_version"] = kJsonSchemaVersion + 1;
    EXPECT_EQ(error_of(j), "json: schema_version: 3 is newer than this minidj reads (2)");
    EXPECT_EQ(error_of(json::array()), "json: expected an object");
}

TEST(AnalysisJson, BeatFeatureColumnsAreReadByName) {
    const TrackAnalysis a = sample_analysis("a.wav");
    json j = to_json(a);
    // A later writer may add a column (fields are only added within a schema version).
    j["beat_features"]["columns"].insert(j["beat_features"]["columns"].begin(), "future");
    for (json& row : j["beat_features"]["rows"]) row.insert(row.begin(), 42.0);
    auto back = analysis_from_json(j);
    ASSERT_TRUE(back.ok()) << back.error().message;
    ASSERT_EQ(back->beat_features.values.size(), a.beat_features.values.size());
    EXPECT_NEAR(back->beat_features.at(1, BeatFeatures::kLow),
                a.beat_features.at(1, BeatFeatures::kLow), 1e-2);
}

// A file written by an older analyser lacks the level columns added since: before version 8
// the melody level, before 7 the tonal level too. It reads with NaN in those columns, and is
// written again without them (never a column of nulls).
TEST(AnalysisJson, AMatrixWithoutTheNewerLevelsReadsAndWritesWithoutThem) {
    for (const int dropped : {1, 2}) {
        json j = to_json(sample_analysis("a.wav"));
        json& columns = j["beat_features"]["columns"];
        ASSERT_EQ(columns.back(), "melody_db");
        ASSERT_EQ(columns[columns.size() - 2], "tonal_db");
        columns.erase(columns.size() - 1);
        if (dropped == 2) columns.erase(columns.size() - 1);
        for (json& row : j["beat_features"]["rows"]) {
            for (int k = 0; k < dropped; ++k) row.erase(row.size() - 1);
        }
        auto back = analysis_from_json(j);
        ASSERT_TRUE(back.ok()) << back.error().message;
        ASSERT_GT(back->beat_features.rows(), 0u);
        EXPECT_TRUE(std::isnan(back->beat_features.at(0, BeatFeatures::kMelody)));
        EXPECT_EQ(std::isnan(back->beat_features.at(0, BeatFeatures::kTonal)), dropped == 2);
        EXPECT_FALSE(std::isnan(back->beat_features.at(0, BeatFeatures::kLow)));
        const json again = to_json(*back);
        EXPECT_EQ(again.at("beat_features").at("columns"), columns);
        EXPECT_EQ(again.at("beat_features").at("rows")[0].size(), columns.size());
    }
}

TEST(AnalysisJson, StructureRoundTripsWithItsCues) {
    const TrackAnalysis a = sample_analysis("a.wav", 2);
    const json j = to_json(a, /*include_matrices=*/false);
    EXPECT_EQ(j.at("structure").at("sections")[0].at("label"), "intro");
    EXPECT_EQ(j.at("structure").at("cues").at("mix_in").at("reason"), "the intro's start");
    auto back = analysis_from_json(j);
    ASSERT_TRUE(back.ok()) << back.error().message;
    test_support::expect_same_structure(a.structure, back->structure);
    json bad = j;
    bad["structure"]["sections"][1]["label"] = "chorus!";
    EXPECT_EQ(analysis_from_json(bad).error().message, "json: structure.sections[1].label: unknown label 'chorus!'");
}

// A file written before minidj had a structure stage (schema 1) has no "structure": it is read
// again from the per-beat matrix (no decode), the same as the analysis would have found.
TEST(AnalysisJson, ASchemaOneFileGetsItsStructureFromTheMatrix) {
    const TrackAnalysis a = test_support::quiet_then_full("steps.wav");
    const TrackStructure expected = analyze_structure(a);
    ASSERT_EQ(expected.sections.size(), 2u);
    EXPECT_NEAR(expected.sections[1].start_s, 16.0, 1e-9);
    EXPECT_EQ(expected.sections[1].label, SectionLabel::kDrop);
    json j = to_json(a, /*include_matrices=*/true);
    j.erase("structure");
    j["schema_version"] = 1;
    auto back = analysis_from_json(j);
    ASSERT_TRUE(back.ok()) << back.error().message;
    test_support::expect_same_structure(expected, back->structure);
}

// A schema-1 file was written before the structure stage read songs: its structure is read
// again from the matrix when the matrix is there, and kept (stale) without it. A current file's
// structure is read as stored (the control: the same edit survives).
TEST(AnalysisJson, ASchemaOneStructureIsReadAgainFromTheMatrix) {
    TrackAnalysis a = test_support::quiet_then_full("steps.wav");
    const TrackStructure expected = analyze_structure(a);
    ASSERT_EQ(expected.sections.size(), 2u);
    a.structure = expected;
    json j = to_json(a, /*include_matrices=*/true);
    j["structure"]["sections"][1]["label"] = "breakdown";  // what an older stage might have said
    auto current = analysis_from_json(j);
    ASSERT_TRUE(current.ok()) << current.error().message;
    EXPECT_EQ(current->structure.sections[1].label, SectionLabel::kBreakdown);
    EXPECT_TRUE(structure_is_current(j));
    j["schema_version"] = 1;
    EXPECT_FALSE(structure_is_current(j));
    auto again = analysis_from_json(j);
    ASSERT_TRUE(again.ok()) << again.error().message;
    test_support::expect_same_structure(expected, again->structure);
    json without = to_json(a, /*include_matrices=*/false);
    without["structure"]["sections"][1]["label"] = "breakdown";
    without["schema_version"] = 1;
    auto kept = analysis_from_json(without);
    ASSERT_TRUE(kept.ok()) << kept.error().message;
    EXPECT_EQ(kept->structure.sections[1].label, SectionLabel::kBreakdown);
}

}  // namespace
}  // namespace minidj
