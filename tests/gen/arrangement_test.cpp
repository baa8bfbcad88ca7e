// Drawn arrangements (SongSpec::arrangement): the sections the structure tests score against.
#include <gtest/gtest.h>

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

}  // namespace
}  // namespace minidj::gen
