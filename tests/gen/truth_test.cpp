// The ground truth is self-consistent and matches the spec.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "gen/signal_probe.h"

namespace minidj::gen {
namespace {

using test::short_spec;

void expect_consistent(const SongSpec& spec, const GroundTruth& truth) {
    int bars = 0;
    for (const Section& s : truth.sections) bars += s.bars;
    if (spec.bars > 0) {
        EXPECT_EQ(bars, spec.bars);
    }
    ASSERT_EQ(truth.beats.size(), static_cast<std::size_t>(bars * spec.meter));
    ASSERT_EQ(truth.downbeats.size(), static_cast<std::size_t>(bars));
    EXPECT_NEAR(truth.beats.front(), spec.lead_in_s, 1e-12);
    for (std::size_t i = 0; i < truth.downbeats.size(); ++i) {
        EXPECT_EQ(truth.downbeats[i], truth.beats[i * spec.meter]) << "bar " << i;
    }
    // Every interval lies between the start and end tempo (drift is monotonic and bounded).
    const double lo = std::min(spec.bpm, spec.bpm * (1 + spec.drift)) - 1e-9;
    const double hi = std::max(spec.bpm, spec.bpm * (1 + spec.drift)) + 1e-9;
    for (std::size_t i = 1; i < truth.beats.size(); ++i) {
        const double bpm = 60.0 / (truth.beats[i] - truth.beats[i - 1]);
        ASSERT_GE(bpm, lo) << "beat " << i;
        ASSERT_LE(bpm, hi) << "beat " << i;
    }
    // Sections tile the bars in whole phrases.
    ASSERT_FALSE(truth.sections.empty());
    EXPECT_EQ(truth.sections.front().start_s, truth.beats.front());
    int bar = 0;
    for (std::size_t i = 0; i < truth.sections.size(); ++i) {
        const Section& s = truth.sections[i];
        EXPECT_EQ(s.bars % 8, 0) << s.name;
        EXPECT_EQ(s.start_s, truth.downbeats[bar]) << s.name;
        if (i + 1 < truth.sections.size()) {
            EXPECT_EQ(s.end_s, truth.sections[i + 1].start_s);
        }
        bar += s.bars;
    }
    EXPECT_GT(truth.duration_s, truth.sections.back().end_s);
}

TEST(GenTruth, ExactBarsGiveExactBeatCountAndTempo) {
    for (int bars : {8, 16, 24, 32}) {
        const SongSpec spec = short_spec(Style::kHouse, 124.0, bars);
        const GroundTruth truth = render(spec).truth;
        expect_consistent(spec, truth);
        EXPECT_NEAR(truth.mean_bpm(), 124.0, 1e-9);
        EXPECT_NEAR(truth.beats[1] - truth.beats[0], 60.0 / 124.0, 1e-12);
    }
}

// validate() asks for whole 8-bar phrases, but render() and make_truth() are also called on
// unvalidated specs (test helpers: write_song(..., bars = 4)). Such a plan used to hold a
// section of bars - 16 (negative) bars, and truth() read beat_times_ out of bounds (ASan:
// heap-buffer-overflow in song_plan.cpp). The sections now always add up to the bars asked.
TEST(GenTruth, BarsBelowAWholePhrasePlanOnlyThoseBars) {
    for (int bars : {1, 4, 12, 20}) {
        const SongSpec spec = short_spec(Style::kHouse, 124.0, bars);
        const GroundTruth truth = make_truth(spec);
        int total = 0;
        for (const Section& s : truth.sections) {
            EXPECT_GT(s.bars, 0) << bars << " bars: " << s.name;
            EXPECT_LT(s.start_s, s.end_s) << bars << " bars: " << s.name;
            total += s.bars;
        }
        EXPECT_EQ(total, bars);
        EXPECT_EQ(truth.beats.size(), std::size_t(bars * spec.meter));
        EXPECT_EQ(truth.downbeats.size(), std::size_t(bars));
    }
    const Song song = render(short_spec(Style::kHouse, 124.0, 4));
    EXPECT_EQ(song.truth.sections.size(), 1u);
    EXPECT_NEAR(song.truth.mean_bpm(), 124.0, 1e-9);
}

TEST(GenTruth, DriftMovesTheTempoLinearly) {
    for (double drift : {0.02, -0.02}) {
        SongSpec spec = short_spec(Style::kTechno, 130.0, 32);
        spec.drift = drift;
        const GroundTruth truth = render(spec).truth;
        expect_consistent(spec, truth);
        const double first = 60.0 / (truth.beats[1] - truth.beats[0]);
        const double last = 60.0 / (truth.beats.back() - truth.beats[truth.beats.size() - 2]);
        EXPECT_NEAR(first, 130.0, 0.05);
        EXPECT_NEAR(last, 130.0 * (1 + drift), 0.05);
        EXPECT_NEAR(truth.mean_bpm(), 130.0 * (1 + drift / 2), 0.05);
    }
}

TEST(GenTruth, ThreeFourBarsAndLeadIn) {
    SongSpec spec = short_spec(Style::kHipHop, 90.0, 16);
    spec.meter = 3;
    spec.lead_in_s = 1.25;
    spec.swing = 0.3;  // swing moves off-beats, never beats
    const GroundTruth truth = render(spec).truth;
    expect_consistent(spec, truth);
    EXPECT_NEAR(truth.downbeats[1] - truth.downbeats[0], 3 * 60.0 / 90.0, 1e-12);
}

// 6/8 and 12/8 count dotted-quarter beats: two or four a bar, each three eighths long.
TEST(GenTruth, CompoundMetersCountDottedQuarters) {
    for (const char* signature : {"6/8", "12/8"}) {
        SongSpec spec = short_spec(Style::kHouse, 100.0, 16);
        ASSERT_TRUE(parse_time_signature(signature, spec));
        const GroundTruth truth = render(spec).truth;
        expect_consistent(spec, truth);
        EXPECT_EQ(truth.beats.size(), std::size_t(16 * spec.meter)) << signature;
        EXPECT_NEAR(truth.beats[1] - truth.beats[0], 60.0 / 100.0, 1e-12) << signature;
        EXPECT_EQ(to_json(truth)["time_signature"], signature);
    }
    SongSpec spec;
    EXPECT_FALSE(parse_time_signature("5/4", spec));
    EXPECT_EQ(spec.meter, 4);
    EXPECT_TRUE(parse_time_signature("3", spec));
    EXPECT_EQ(time_signature(spec), "3/4");
}

// A 6/8 bar has its own chord: two beats long, chords held over two bars would make it 12/8.
TEST(GenTruth, SixEightChordsChangeOnMostBars) {
    SongSpec spec = short_spec(Style::kHouse, 100.0, 32);
    ASSERT_TRUE(parse_time_signature("6/8", spec));
    const GroundTruth truth = make_truth(spec);
    std::size_t changes_off_bar = 0;
    for (const Chord& c : truth.chords) {
        changes_off_bar += std::find(truth.downbeats.begin(), truth.downbeats.end(), c.start_s) == truth.downbeats.end();
    }
    EXPECT_EQ(changes_off_bar, 0u);
    // Most bars bring a new chord (the one-bar progressions repeat a chord at most twice in 8).
    EXPECT_GE(truth.chords.size(), truth.downbeats.size() * 3 / 4);
}

TEST(GenTruth, DefaultPlansLastTwoToThreeMinutes) {
    const std::pair<Style, double> cases[] = {{Style::kHouse, 124}, {Style::kTechno, 130},
                                              {Style::kDrumAndBass, 174}, {Style::kHipHop, 90},
                                              {Style::kAmbient, 80}};
    for (const auto& [style, bpm] : cases) {
        SongSpec spec = short_spec(style, bpm, 0);
        const GroundTruth truth = make_truth(spec);
        expect_consistent(spec, truth);
        EXPECT_GE(truth.duration_s, 110.0) << style_name(style);
        EXPECT_LE(truth.duration_s, 200.0) << style_name(style);
        std::vector<std::string> names;
        for (const Section& s : truth.sections) names.push_back(s.name);
        EXPECT_EQ(names.front(), "intro");
        EXPECT_EQ(names.back(), "outro");
        EXPECT_NE(std::find(names.begin(), names.end(), "drop"), names.end());
        EXPECT_NE(std::find(names.begin(), names.end(), "breakdown"), names.end());
    }
}

// The tonic chord starts every phrase, is the most frequent chord, and chords change only on
// downbeats; minor keys use the major V (raised leading tone).
TEST(GenTruth, ChordsEstablishTheKey) {
    for (const MusicalKey key : {MusicalKey{9, true}, MusicalKey{0, false}, MusicalKey{6, true}}) {
        for (Style style : {Style::kHouse, Style::kHipHop}) {
            SongSpec spec = short_spec(style, 120.0, 0);
            spec.key = key;
            const GroundTruth truth = make_truth(spec);
            ASSERT_FALSE(truth.chords.empty());
            std::array<double, 24> seconds{};
            bool has_major_v = false;
            for (std::size_t i = 0; i < truth.chords.size(); ++i) {
                const Chord& c = truth.chords[i];
                EXPECT_NE(std::find(truth.downbeats.begin(), truth.downbeats.end(), c.start_s),
                          truth.downbeats.end());
                const double end = i + 1 < truth.chords.size() ? truth.chords[i + 1].start_s
                                                                : truth.sections.back().end_s;
                seconds[c.root + (c.minor ? 12 : 0)] += end - c.start_s;
                has_major_v |= c.root == (key.tonic + 7) % 12 && !c.minor;
            }
            const int tonic = key.tonic + (key.minor ? 12 : 0);
            EXPECT_EQ(std::max_element(seconds.begin(), seconds.end()) - seconds.begin(), tonic)
                << key.name() << " " << style_name(style);
            EXPECT_TRUE(has_major_v) << key.name();
            for (const Section& s : truth.sections) {
                for (int bar = 0; bar < s.bars; bar += 8) {
                    const auto db = std::find(truth.downbeats.begin(), truth.downbeats.end(), s.start_s);
                    const double phrase_start = *(db + bar);
                    // the chord sounding at the phrase start
                    const Chord* now = nullptr;
                    for (const Chord& c : truth.chords) {
                        if (c.start_s <= phrase_start) now = &c;
                    }
                    ASSERT_NE(now, nullptr);
                    EXPECT_EQ(now->root, key.tonic);
                    EXPECT_EQ(now->minor, key.minor);
                }
            }
        }
    }
}

TEST(GenTruth, JsonHasTheDocumentedFields) {
    SongSpec spec = short_spec(Style::kDrumAndBass, 172.0, 16);
    spec.key = MusicalKey{1, true};
    const GroundTruth truth = make_truth(spec);
    const nlohmann::json j = to_json(truth);
    for (const char* field : {"bpm", "meter", "key", "camelot", "style", "drift", "swing", "seed",
                              "duration", "beats", "downbeats", "chords", "sections"}) {
        EXPECT_TRUE(j.contains(field)) << field;
    }
    EXPECT_EQ(j["key"], "C# minor");
    EXPECT_EQ(j["camelot"], "12A");
    EXPECT_EQ(j["style"], "dnb");
    EXPECT_EQ(j["beats"].size(), truth.beats.size());
    EXPECT_EQ(j["chords"][0]["chord"], "C#:min");
    EXPECT_EQ(j["sections"][0]["name"], "intro");
    EXPECT_EQ(j["sections"][0]["bars"], 8);
    EXPECT_DOUBLE_EQ(j["duration"].get<double>(), truth.duration_s);
}

// The truth says how the seed's production mixed the pitched parts (tests pick quiet-lead
// mixes by it): gains in -6..+4 dB that differ by seed, all 0 in the plain production, the same
// from make_truth and render, and in the JSON.
TEST(GenTruth, TheMixIsTheProductionsPartGains) {
    double lowest = 0, highest = 0;
    for (std::uint32_t seed = 1; seed <= 40; ++seed) {
        SongSpec spec = short_spec(Style::kHouse, 124.0, 16);
        spec.seed = seed;
        const PartGains mix = make_truth(spec).mix;
        for (double db : {mix.bass_db, mix.pad_db, mix.stab_db, mix.lead_db}) {
            EXPECT_GE(db, -6.0);
            EXPECT_LE(db, 4.0);
            lowest = std::min(lowest, db);
            highest = std::max(highest, db);
        }
    }
    EXPECT_LT(lowest, -4.0);
    EXPECT_GT(highest, 2.0);
    SongSpec spec = short_spec(Style::kTechno, 130.0, 16);
    spec.seed = 7;
    const GroundTruth truth = make_truth(spec);
    const PartGains rendered = render(spec).truth.mix;
    EXPECT_EQ(rendered.lead_db, truth.mix.lead_db);
    EXPECT_EQ(rendered.pad_db, truth.mix.pad_db);
    EXPECT_EQ(to_json(truth)["mix"]["lead_db"].get<double>(), truth.mix.lead_db);
    spec.plain_production = true;
    const PartGains plain = make_truth(spec).mix;
    EXPECT_EQ(plain.bass_db, 0.0);
    EXPECT_EQ(plain.pad_db, 0.0);
    EXPECT_EQ(plain.stab_db, 0.0);
    EXPECT_EQ(plain.lead_db, 0.0);
}

TEST(GenTruth, StyleNamesRoundTrip) {
    for (Style s : {Style::kHouse, Style::kTechno, Style::kDrumAndBass, Style::kHipHop, Style::kAmbient}) {
        EXPECT_EQ(parse_style(style_name(s)), s);
    }
    EXPECT_FALSE(parse_style("polka").has_value());
    EXPECT_EQ(chord_label({0.0, 3, false}), "Eb:maj");
}

}  // namespace
}  // namespace minidj::gen
