// Drawn arrangements (SongSpec::arrangement): the sections the structure tests score against.
#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "minidj/generator.h"

namespace minidj::gen {
namespace {

SongSpec arranged(std::uint32_t arrangement) {
    SongSpec spec;
    spec.arrangement = arrangement;
    spec.seed = arrangement;
    return spec;
}

TEST(GenArrangement, SectionsTileTheBarsInADanceOrder) {
    std::set<int> lengths;
    std::set<std::size_t> counts;
    for (std::uint32_t a = 1; a <= 60; ++a) {
        const GroundTruth truth = make_truth(arranged(a));
        ASSERT_GE(truth.sections.size(), 3u) << a;
        EXPECT_EQ(truth.sections.front().name, "intro") << a;
        EXPECT_EQ(truth.sections.back().name, "outro") << a;
        int bar = 0;
        bool drop = false;
        for (std::size_t i = 0; i < truth.sections.size(); ++i) {
            const Section& s = truth.sections[i];
            EXPECT_GE(s.bars, 4) << a << " " << s.name;
            EXPECT_LE(s.bars, 32) << a << " " << s.name;
            EXPECT_EQ(s.start_s, truth.downbeats[std::size_t(bar)]) << a << " " << s.name;
            if (i > 0) {
                EXPECT_NE(s.name, truth.sections[i - 1].name) << a << ": two " << s.name << "s in a row";
            }
            if (s.name == "build") {
                EXPECT_EQ(truth.sections[i + 1].name, "drop") << a;
            }
            if (s.name == "breakdown") {
                EXPECT_TRUE(drop) << a << ": a breakdown before any drop";
            }
            drop = drop || s.name == "drop";
            lengths.insert(s.bars);
            bar += s.bars;
        }
        EXPECT_EQ(std::size_t(bar), truth.downbeats.size()) << a;
        counts.insert(truth.sections.size());
    }
    // Not only whole 8-bar phrases, and more than one shape.
    EXPECT_TRUE(lengths.count(4) && lengths.count(6) && lengths.count(12) && lengths.count(32));
    EXPECT_GE(counts.size(), 3u);
}

TEST(GenArrangement, TheArrangementSeedAloneChoosesTheSections) {
    SongSpec a = arranged(7), b = arranged(7);
    b.seed = 99;
    b.style = Style::kTechno;
    b.bpm = 133.0;
    const GroundTruth ta = make_truth(a), tb = make_truth(b);
    ASSERT_EQ(ta.sections.size(), tb.sections.size());
    for (std::size_t i = 0; i < ta.sections.size(); ++i) {
        EXPECT_EQ(ta.sections[i].name, tb.sections[i].name);
        EXPECT_EQ(ta.sections[i].bars, tb.sections[i].bars);
    }
    EXPECT_NE(make_truth(arranged(8)).sections.size() * 1000 + make_truth(arranged(8)).downbeats.size(),
              ta.sections.size() * 1000 + ta.downbeats.size());
}

TEST(GenArrangement, BarsAndAnArrangementExcludeEachOther) {
    SongSpec spec = arranged(3);
    EXPECT_TRUE(spec.validate().ok());
    spec.bars = 16;
    const Status s = spec.validate();
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().message, "gen: bars and arrangement exclude each other");
}

SongSpec song(std::uint32_t arrangement) {
    SongSpec spec = arranged(arrangement);
    spec.song_form = true;
    return spec;
}

// The chord of each bar of `s` (the truth lists changes only).
std::vector<std::string> bar_chords(const GroundTruth& truth, const Section& s) {
    std::vector<std::string> out;
    for (double downbeat : truth.downbeats) {
        if (downbeat < s.start_s - 1e-9 || downbeat >= s.end_s - 1e-9) continue;
        std::string chord;
        for (const Chord& c : truth.chords) {
            if (c.start_s <= downbeat + 1e-9) chord = chord_label(c);
        }
        out.push_back(chord);
    }
    return out;
}

TEST(GenArrangement, SongsHaveVersesAndChorusesEachWithItsOwnChords) {
    std::set<std::size_t> counts;
    int bridges = 0;
    for (std::uint32_t a = 1; a <= 40; ++a) {
        const GroundTruth truth = make_truth(song(a));
        const auto& sections = truth.sections;
        ASSERT_GE(sections.size(), 6u) << a;
        EXPECT_EQ(sections.front().name, "intro") << a;
        EXPECT_EQ(sections[1].name, "verse") << a;
        EXPECT_EQ(sections.back().name, "outro") << a;
        EXPECT_EQ(sections[sections.size() - 2].name, "chorus") << a;
        const Section* verse = nullptr;
        const Section* chorus = nullptr;
        int bar = 0;
        for (std::size_t i = 0; i < sections.size(); ++i) {
            const Section& s = sections[i];
            EXPECT_TRUE(s.name == "intro" || s.name == "verse" || s.name == "chorus" || s.name == "bridge" ||
                        s.name == "outro")
                << a << " " << s.name;
            if (s.name == "bridge") {
                ++bridges;
                EXPECT_EQ(sections[i + 1].name, "chorus") << a << ": the bridge leads into the last chorus";
                EXPECT_EQ(i + 3, sections.size()) << a;
            }
            if (s.name == "verse" || s.name == "bridge") {
                EXPECT_EQ(sections[i + 1].name, "chorus") << a;
            }
            if (s.name == "verse" && !verse) verse = &s;
            if (s.name == "chorus" && !chorus) chorus = &s;
            EXPECT_EQ(s.start_s, truth.downbeats[std::size_t(bar)]) << a;
            bar += s.bars;
        }
        EXPECT_EQ(std::size_t(bar), truth.downbeats.size()) << a;
        ASSERT_TRUE(verse && chorus) << a;
        // The chorus has a progression of its own: its first 8 bars are not the verse's.
        std::vector<std::string> v = bar_chords(truth, *verse), c = bar_chords(truth, *chorus);
        v.resize(8);
        c.resize(8);
        EXPECT_NE(v, c) << a;
        counts.insert(sections.size());
    }
    EXPECT_GE(bridges, 10);  // most songs have a bridge, not all
    EXPECT_LE(bridges, 38);
    EXPECT_GE(counts.size(), 2u);
}

// Mean power (dB) of the song's left channel over its sections named `name`; `treble`: of its
// first difference, which weighs the hats and the stabs' attacks over the kick.
double level_db(const Song& s, const std::string& name, bool treble) {
    double power = 0;
    std::size_t n = 0;
    for (const Section& section : s.truth.sections) {
        if (section.name != name) continue;
        const auto first = std::size_t(section.start_s * s.sample_rate) + 1;
        const auto end = std::min(std::size_t(section.end_s * s.sample_rate), s.frames());
        for (std::size_t f = first; f < end; ++f) {
            const double x = treble ? double(s.samples[2 * f]) - s.samples[2 * f - 2] : double(s.samples[2 * f]);
            power += x * x;
            ++n;
        }
    }
    return 10.0 * std::log10(power / double(std::max<std::size_t>(n, 1)) + 1e-20);
}

// A verse keeps the band going: about as loud as the chorus (the kick carries most of the level
// in both; the chorus's open hats, stabs and louder melody add under a dB), not a breakdown
// under it. What tells them apart is mostly their chords and the melody, as in many songs.
TEST(GenArrangement, ASongsVerseKeepsTheBandGoing) {
    for (std::uint32_t a : {2u, 5u}) {
        const Song s = render(song(a));
        EXPECT_NEAR(level_db(s, "verse", false), level_db(s, "chorus", false), 3.0) << a;
        EXPECT_NEAR(level_db(s, "verse", true), level_db(s, "chorus", true), 3.0) << a;
    }
}

TEST(GenArrangement, ASongFormComesFromAnArrangementSeed) {
    SongSpec spec = song(3);
    EXPECT_TRUE(spec.validate().ok());
    spec.arrangement = 0;
    const Status s = spec.validate();
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().message, "gen: a song form is drawn from an arrangement seed");
}

}  // namespace
}  // namespace minidj::gen
