// Feature rows, seams and the rulebook on inputs with known answers.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "brain/synthetic.h"
#include "minidj/brain.h"

namespace minidj::brain {
namespace {

TrackFeatures keyed(int number, bool minor, double bpm = 120.0) {
    TrackFeatures f;
    f.camelot_number = number;
    f.minor = minor;
    f.bpm = bpm;
    return f;
}

TEST(Tempo, RelationsAndTheSixPercentBoundary) {
    EXPECT_EQ(tempo_relation(120, 126).relation, TempoRelation::kSame);  // 5 %
    EXPECT_NEAR(tempo_relation(120, 126).deviation, 0.05, 1e-12);
    EXPECT_EQ(tempo_relation(120, 128).relation, TempoRelation::kOff);  // 6.7 %
    EXPECT_EQ(tempo_relation(120, 113).relation, TempoRelation::kSame);  // -5.8 %
    EXPECT_EQ(tempo_relation(85, 172).relation, TempoRelation::kDouble);
    EXPECT_EQ(tempo_relation(174, 88).relation, TempoRelation::kHalf);
    EXPECT_EQ(tempo_relation(120, 160).relation, TempoRelation::kOff);
    EXPECT_EQ(tempo_relation(0, 120).relation, TempoRelation::kUnknown);
}

TEST(Key, CamelotRelations) {
    EXPECT_EQ(key_relation(keyed(8, true), keyed(8, true)), KeyRelation::kSame);
    EXPECT_EQ(key_relation(keyed(8, true), keyed(9, true)), KeyRelation::kUp);
    EXPECT_EQ(key_relation(keyed(1, true), keyed(12, true)), KeyRelation::kDown);
    EXPECT_EQ(key_relation(keyed(8, true), keyed(8, false)), KeyRelation::kRelative);
    EXPECT_EQ(key_relation(keyed(8, true), keyed(3, true)), KeyRelation::kBoostSemitone);
    EXPECT_EQ(key_relation(keyed(8, true), keyed(10, true)), KeyRelation::kBoostTone);
    EXPECT_EQ(key_relation(keyed(8, true), keyed(2, true)), KeyRelation::kClash);
    EXPECT_EQ(key_relation(keyed(8, true), keyed(9, false)), KeyRelation::kClash);
    EXPECT_EQ(key_relation(keyed(8, true), keyed(0, true)), KeyRelation::kUnknown);
    EXPECT_EQ(camelot_distance(keyed(1, true), keyed(11, true)), 2);
}

// The relation of two analysed keys is that of their Camelot codes, for all 24 x 24 pairs.
TEST(Key, RelationOfAnalysedKeysFollowsTheirCamelotCodes) {
    for (int a = 0; a < 24; ++a) {
        for (int b = 0; b < 24; ++b) {
            const MusicalKey ka{a % 12, a >= 12}, kb{b % 12, b >= 12};
            const auto by_code = key_relation(keyed(std::stoi(ka.camelot()), ka.minor), keyed(std::stoi(kb.camelot()), kb.minor));
            EXPECT_EQ(key_relation(std::optional{ka}, std::optional{kb}), by_code) << ka.name() << " -> " << kb.name();
        }
    }
    EXPECT_EQ(key_relation(std::optional<MusicalKey>{}, std::optional{MusicalKey{0, false}}), KeyRelation::kUnknown);
}

TEST(Rulebook, NeedsTempoAndKey) {
    EXPECT_TRUE(rulebook_compatible(keyed(8, true, 124), keyed(9, true, 128)));
    EXPECT_FALSE(rulebook_compatible(keyed(8, true, 124), keyed(9, true, 140)));
    EXPECT_FALSE(rulebook_compatible(keyed(8, true, 124), keyed(2, true, 124)));
    EXPECT_TRUE(rulebook_compatible(keyed(8, true, 124), keyed(0, true, 62)));  // keyless, half time
    EXPECT_TRUE(rulebook_compatible(keyed(8, true, 0), keyed(9, true, 90)));    // beatless
}

// The pre-filter's ranges and codes hold exactly the tempos and keys the rulebook allows.
TEST(Rulebook, AllowedRangesAndCodesAreWhatItAllows) {
    for (const Rulebook rules : {Rulebook{}, Rulebook{0.03, HarmonicRule::kStrict}}) {
        for (double a : {60.0, 87.5, 124.0, 174.0}) {
            const auto ranges = allowed_tempo_ranges(a, rules);
            ASSERT_EQ(ranges.size(), 3u);
            for (double b = 20.0; b < 400.0; b += 0.01) {
                const bool inside = std::any_of(ranges.begin(), ranges.end(),
                                                [&](const auto& r) { return b >= r.first && b <= r.second; });
                const bool allowed = rulebook_allows(tempo_relation(a, b), KeyRelation::kSame, rules);
                // Inside but not allowed only within the hair of margin at an edge.
                if (allowed) {
                    EXPECT_TRUE(inside) << a << " -> " << b;
                } else if (inside) {
                    EXPECT_NEAR(tempo_relation(a, b).deviation, rules.max_tempo_change, 1e-8) << a << " -> " << b;
                }
            }
        }
        for (int number = 1; number <= 12; ++number) {
            for (bool minor : {true, false}) {
                const auto codes = allowed_camelot_codes(keyed(number, minor), rules);
                EXPECT_EQ(codes.size(), rules.harmonic == HarmonicRule::kStrict ? 4u : 6u);
                for (int other = 1; other <= 12; ++other) {
                    for (bool other_minor : {true, false}) {
                        const std::string code = std::to_string(other) + (other_minor ? "A" : "B");
                        const bool listed = std::find(codes.begin(), codes.end(), code) != codes.end();
                        EXPECT_EQ(listed, key_move_allowed(key_relation(keyed(number, minor), keyed(other, other_minor)),
                                                           rules.harmonic))
                            << number << minor << " -> " << code;
                    }
                }
            }
        }
    }
    EXPECT_TRUE(allowed_tempo_ranges(0.0).empty());  // no beat: any tempo fits
    EXPECT_TRUE(allowed_camelot_codes(keyed(0, true)).empty());
    EXPECT_TRUE(allowed_camelot_codes(keyed(8, true), {0.06, HarmonicRule::kOff}).empty());
}

TEST(TrackFeatures, FromAnAnalysis) {
    const auto a = test::synthetic_analysis(40, 125.0, 9, true);  // A minor = 8A
    const auto f = track_features(a);
    EXPECT_EQ(f.camelot_number, 8);
    EXPECT_TRUE(f.minor);
    EXPECT_DOUBLE_EQ(f.bpm, 125.0);
    EXPECT_NEAR(f.energy_db, -20.0, 1e-9);
    ASSERT_TRUE(f.incoming.present);
    ASSERT_TRUE(f.outgoing.present);
    // Chroma at the seam: the tonic dominates, unit length.
    EXPECT_GT(f.incoming.values[9], 0.8f);
    EXPECT_GT(f.outgoing.values[17 + 9], 0.8f);
    // The energy ramps bar by bar (period 8): the first phrase's first bar is the quietest.
    EXPECT_LT(f.incoming.values[29], f.outgoing.values[29]);
    EXPECT_NEAR(f.incoming.values[13], -20.0f, 1e-4);
}

TEST(TrackFeatures, SeamSidesSkipSilentEnds) {
    auto a = test::synthetic_analysis(40, 120.0, 2);
    const std::size_t rows = a.beat_features.rows();
    for (std::size_t r = 0; r < rows; ++r) {  // the first 3 bars and the last 5 (of 40) silent
        if (r < 12 || r >= 35 * 4) {
            for (int c = 0; c < BeatFeatures::kColumns; ++c) a.beat_features.values[r * BeatFeatures::kColumns + c] = 0;
        }
    }
    const auto f = track_features(a);
    EXPECT_GT(f.incoming.values[17 + 2], 0.8f);  // the seam bar is a sounding one
    EXPECT_GT(f.outgoing.values[17 + 2], 0.8f);
    EXPECT_GT(f.outgoing.values[29], -40.0f);
    EXPECT_GT(f.incoming.values[29], -40.0f);
}

// The seam sides are where a mix makes its seam: the phrase from the structure's mix-in cue
// and the phrase that ends at its mix-out cue (one definition of a phrase with the Hands').
// The synthetic bar energy ramps 0.05, 0.06, ... 0.12 with period 8 bars.
TEST(TrackFeatures, SeamSidesAreAtTheStructuresCues) {
    auto a = test::synthetic_analysis(40, 120.0, 2);
    const auto plain = track_features(a);
    const auto db = [](double rms) { return float(20.0 * std::log10(rms)); };
    EXPECT_NEAR(plain.incoming.values[29], db(0.05), 1e-3);  // bar 0: the first audible phrase
    a.structure.mix_in = CuePoint{a.grid.downbeats[4], "a phrase in its intro"};
    a.structure.mix_out = CuePoint{a.grid.downbeats[30], "the outro's start"};
    const auto f = track_features(a);
    EXPECT_NEAR(f.incoming.values[29], db(0.05 + 0.01 * 4), 1e-3);   // its edge: bar 4, where B enters
    EXPECT_NEAR(f.outgoing.values[29], db(0.05 + 0.01 * 5), 1e-3);   // bar 29, the last before A's cue
    EXPECT_NEAR(f.incoming.values[12], db(0.05 + 0.01 * 3.5), 0.05);  // bars 4-11: every level once
    // A cue on no bar of the grid falls back to the audible phrases.
    a.structure.mix_in = CuePoint{a.grid.downbeats[4] + 0.25, "off the grid"};
    EXPECT_EQ(track_features(a).incoming.values, plain.incoming.values);
}

TEST(TrackFeatures, NoBeatsNoSeams) {
    TrackAnalysis a;
    a.duration_s = 30.0;
    const auto f = track_features(a);
    EXPECT_EQ(f.bpm, 0.0);
    EXPECT_EQ(f.camelot_number, 0);
    EXPECT_FALSE(f.incoming.present);
    EXPECT_FALSE(f.outgoing.present);
    EXPECT_TRUE(inner_seams(a).empty());
}

TEST(InnerSeams, EveryTwoBarsWithWholePhrasesOnBothSides) {
    // 40 whole bars: seams at bars 8, 10, ..., 32 (a phrase of 8 on each side) = 13 seams.
    const auto a = test::synthetic_analysis(40, 120.0, 0);
    EXPECT_EQ(inner_seams(a, 2, 100).size(), 13u);
    EXPECT_EQ(inner_seams(a, 2, 5).size(), 5u);
    EXPECT_TRUE(inner_seams(test::synthetic_analysis(15, 120.0, 0)).empty());
}

}  // namespace
}  // namespace minidj::brain
