#include "library/sample_analysis.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "library/float_blob.h"
#include "minidj/analysis_json.h"
#include "minidj/json_text.h"

namespace minidj::test_support {
namespace {

template <class T>
void expect_near_all(const std::vector<T>& expected, const std::vector<T>& actual, double relative,
                     const char* what) {
    ASSERT_EQ(expected.size(), actual.size()) << what;
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const double tolerance = relative * std::max(1.0, std::fabs(double(expected[i])));
        EXPECT_NEAR(expected[i], actual[i], tolerance) << what << "[" << i << "]";
    }
}

}  // namespace

std::string as_stored_before_schema5(const TrackAnalysis& a) {
    std::string json;
    for (char c : dump_json(to_json(a, false))) json += c == '\'' ? std::string("''") : std::string(1, c);
    const auto hex = [](const std::string& bytes) {
        std::string out;
        for (unsigned char c : bytes) out += fmt::format("{:02x}", c);
        return out;
    };
    return fmt::format("UPDATE tracks SET storage = 0, analysis_json = '{}', beat_features = x'{}' WHERE path = x'{}'",
                       json, hex(library_detail::floats_to_blob(a.beat_features.values)), hex(a.path));
}

void expect_same_beat_matrix(const std::vector<float>& e, const std::vector<float>& a) {
    ASSERT_EQ(e.size(), a.size());
    for (std::size_t i = 0; i < e.size(); ++i) {
        const int column = int(i % BeatFeatures::kColumns);
        const bool chroma = column >= BeatFeatures::kChroma0 && column < BeatFeatures::kTonal;
        if (std::isnan(e[i])) {
            EXPECT_TRUE(std::isnan(a[i])) << "beat_features[" << i << "]";
            continue;
        }
        // Compact storage: levels as half floats (11 significant bits), chroma in 1/255 steps.
        const double tolerance = chroma ? 0.5 / 255 + 1e-6 : std::ldexp(std::max(1e-4, std::fabs(double(e[i]))), -11);
        EXPECT_NEAR(e[i], a[i], tolerance) << "beat_features[" << i << "]";
    }
}

TrackAnalysis sample_analysis(const std::string& path, int seed) {
    const double s = seed * 0.01;
    TrackAnalysis a;
    a.path = path;
    a.source = AudioInfo{"flac", "flac", 44100, 2, 4.25 + s};
    a.duration_s = 4.2513 + s;
    a.grid.bpm = 120.0 + seed;
    a.grid.meter = 4;
    a.grid.confidence = 0.87;
    for (int i = 0; i < 8; ++i) a.grid.beats.push_back(0.0213 + s + 0.5 * i);
    a.grid.downbeats = {a.grid.beats[0], a.grid.beats[4]};
    a.key.key = MusicalKey{9, true};
    a.key.confidence = 0.62;
    a.key.tuning_cents = -3.5;
    a.loudness = LoudnessStats{-9.87, 4.2, -0.45, -0.61, {-10.5f, -9.25f, -8.75f, -9.5f}};
    a.energy_rms = 0.123456;
    a.energy_curve = {0.1f, 0.2f, 0.25f, 0.125f};
    a.brightness_hz = 1834.5 + seed;
    for (int i = 0; i < Timbre::kCoefficients; ++i) a.timbre.mfcc_mean.push_back(-20.5f + i);
    for (int i = 0; i < Timbre::kCoefficients * Timbre::kCoefficients; ++i) {
        a.timbre.mfcc_cov.push_back(0.01f * float(i % 17) - 0.05f);
    }
    // Levels of any sign and size (band energies are dB); chroma 0..1 with its maximum at 1.
    for (std::size_t row = 0; row < a.grid.beats.size(); ++row) {
        for (int c = 0; c < BeatFeatures::kChroma0; ++c) {
            a.beat_features.values.push_back(float(row) * 0.25f - float(c) * 1.5f + float(s));
        }
        for (int c = 0; c < 12; ++c) a.beat_features.values.push_back(c == int(row) % 12 ? 1.0f : 0.03f * float(c + s));
        a.beat_features.values.push_back(-40.5f + float(row));  // tonal level, dB
        a.beat_features.values.push_back(-47.25f + 0.5f * float(row));  // melody level, dB
    }
    a.seconds_spent = 0.042;
    // A hand-made structure (two sections of the 2 bars), so that it round-trips as written.
    a.structure.sections = {{0.5, 2.5, SectionLabel::kIntro, 3 + seed % 5, 1}, {2.5, 4.5, SectionLabel::kDrop, 8, 1}};
    a.structure.phrases = {0.5, 2.5};
    a.structure.mix_in = CuePoint{0.5, "the intro's start"};
    a.structure.mix_out = CuePoint{2.5, "the last phrase of the last drop (no outro was heard)"};
    return a;
}

// 16 bars at 120 BPM whose second half is louder in every band and busier in harmony: a
// per-beat matrix with an obvious structure.
TrackAnalysis quiet_then_full(const std::string& path) {
    TrackAnalysis a = sample_analysis(path);
    a.grid.beats.clear();
    a.grid.downbeats.clear();
    a.beat_features.values.clear();
    for (int beat = 0; beat < 64; ++beat) {
        const double t = 0.5 * beat;
        a.grid.beats.push_back(t);
        if (beat % 4 == 0) a.grid.downbeats.push_back(t);
        const bool full = beat >= 32;
        const float level = full ? -10.0f : -30.0f;
        a.beat_features.values.insert(a.beat_features.values.end(),
                                      {full ? 2.0f : 0.5f, full ? 0.3f : 0.03f, level, level - 6, level - 12});
        for (int pc = 0; pc < 12; ++pc) a.beat_features.values.push_back(pc == (full ? beat % 12 : 0) ? 1.0f : 0.1f);
        a.beat_features.values.push_back(level - 20);  // tonal level
        a.beat_features.values.push_back(level - 26);  // melody level
    }
    a.duration_s = 32.0;
    a.structure = {};
    return a;
}

void expect_same_analysis(const TrackAnalysis& e, const TrackAnalysis& a, Matrices matrices) {
    EXPECT_EQ(e.analyzer_version, a.analyzer_version);
    EXPECT_EQ(e.path, a.path);
    EXPECT_EQ(e.source.format, a.source.format);
    EXPECT_EQ(e.source.codec, a.source.codec);
    EXPECT_EQ(e.source.sample_rate, a.source.sample_rate);
    EXPECT_EQ(e.source.channels, a.source.channels);
    EXPECT_NEAR(e.source.duration_s, a.source.duration_s, 1e-4);
    EXPECT_NEAR(e.duration_s, a.duration_s, 1e-4);
    EXPECT_NEAR(e.grid.bpm, a.grid.bpm, 1e-3);
    EXPECT_EQ(e.grid.meter, a.grid.meter);
    EXPECT_NEAR(e.grid.confidence, a.grid.confidence, 1e-4);
    expect_near_all(e.grid.beats, a.grid.beats, 1e-4, "beats");
    expect_near_all(e.grid.downbeats, a.grid.downbeats, 1e-4, "downbeats");
    EXPECT_EQ(e.key.key, a.key.key);
    EXPECT_NEAR(e.key.confidence, a.key.confidence, 1e-4);
    EXPECT_NEAR(e.key.tuning_cents, a.key.tuning_cents, 1e-2);
    EXPECT_NEAR(e.loudness.integrated_lufs, a.loudness.integrated_lufs, 1e-2);
    EXPECT_NEAR(e.loudness.range_lu, a.loudness.range_lu, 1e-2);
    EXPECT_NEAR(e.loudness.true_peak_dbtp, a.loudness.true_peak_dbtp, 1e-2);
    EXPECT_NEAR(e.loudness.sample_peak_dbfs, a.loudness.sample_peak_dbfs, 1e-2);
    expect_near_all(e.loudness.short_term_lufs, a.loudness.short_term_lufs, 1e-2, "short_term");
    EXPECT_NEAR(e.energy_rms, a.energy_rms, 1e-6);
    expect_near_all(e.energy_curve, a.energy_curve, 1e-3, "energy_curve");
    EXPECT_NEAR(e.brightness_hz, a.brightness_hz, 0.1);
    expect_near_all(e.timbre.mfcc_mean, a.timbre.mfcc_mean, 1e-3, "mfcc_mean");
    expect_near_all(e.timbre.mfcc_cov, a.timbre.mfcc_cov, 1e-3, "mfcc_cov");
    if (matrices == Matrices::kLibrary) {
        expect_same_beat_matrix(e.beat_features.values, a.beat_features.values);
    } else {
        expect_near_all(e.beat_features.values, a.beat_features.values, 1e-3, "beat_features");
    }
    expect_same_structure(e.structure, a.structure);
    EXPECT_NEAR(e.seconds_spent, a.seconds_spent, 1e-3);
}

void expect_same_structure(const TrackStructure& e, const TrackStructure& a) {
    ASSERT_EQ(e.sections.size(), a.sections.size());
    for (std::size_t i = 0; i < e.sections.size(); ++i) {
        EXPECT_NEAR(e.sections[i].start_s, a.sections[i].start_s, 1e-4) << "section " << i;
        EXPECT_NEAR(e.sections[i].end_s, a.sections[i].end_s, 1e-4) << "section " << i;
        EXPECT_EQ(e.sections[i].label, a.sections[i].label) << "section " << i;
        EXPECT_EQ(e.sections[i].energy, a.sections[i].energy) << "section " << i;
        EXPECT_EQ(e.sections[i].bars, a.sections[i].bars) << "section " << i;
    }
    expect_near_all(e.phrases, a.phrases, 1e-4, "phrases");
    for (auto [ec, ac] : {std::pair{&e.mix_in, &a.mix_in}, std::pair{&e.mix_out, &a.mix_out}}) {
        ASSERT_EQ(ec->has_value(), ac->has_value());
        if (!*ec) continue;
        EXPECT_NEAR((*ec)->time_s, (*ac)->time_s, 1e-4);
        EXPECT_EQ((*ec)->reason, (*ac)->reason);
    }
}

}  // namespace minidj::test_support
