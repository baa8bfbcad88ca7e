#include <gtest/gtest.h>

#include <set>

#include "minidj/analysis.h"

namespace minidj {
namespace {

TEST(MusicalKey, NamesAndCamelotCodesOfAnchorKeys) {
    EXPECT_EQ((MusicalKey{9, true}).name(), "A minor");
    EXPECT_EQ((MusicalKey{9, true}).camelot(), "8A");
    EXPECT_EQ((MusicalKey{0, false}).camelot(), "8B");
    EXPECT_EQ((MusicalKey{7, false}).camelot(), "9B");
    EXPECT_EQ((MusicalKey{5, false}).camelot(), "7B");
    EXPECT_EQ((MusicalKey{11, false}).camelot(), "1B");
    EXPECT_EQ((MusicalKey{8, true}).camelot(), "1A");   // G# minor
    EXPECT_EQ((MusicalKey{4, true}).camelot(), "9A");   // E minor
    EXPECT_EQ((MusicalKey{10, false}).name(), "Bb major");
    EXPECT_EQ((MusicalKey{1, true}).name(), "C# minor");
}

TEST(MusicalKey, AllTwentyFourKeysHaveDistinctCodesAndRoundTrip) {
    std::set<std::string> codes;
    for (int tonic = 0; tonic < 12; ++tonic) {
        for (bool minor : {false, true}) {
            const MusicalKey key{tonic, minor};
            codes.insert(key.camelot());
            const auto parsed = MusicalKey::parse(key.name());
            ASSERT_TRUE(parsed) << key.name();
            EXPECT_EQ(*parsed, key);
        }
    }
    EXPECT_EQ(codes.size(), 24u);
}

TEST(MusicalKey, ParseAcceptsSharpsAndFlatsAndRejectsNonsense) {
    EXPECT_EQ(MusicalKey::parse("G# minor"), (MusicalKey{8, true}));
    EXPECT_EQ(MusicalKey::parse("Ab minor"), (MusicalKey{8, true}));
    EXPECT_EQ(MusicalKey::parse("Cb major"), (MusicalKey{11, false}));
    EXPECT_FALSE(MusicalKey::parse("H major"));
    EXPECT_FALSE(MusicalKey::parse("A dorian"));
    EXPECT_FALSE(MusicalKey::parse("Am"));
    EXPECT_FALSE(MusicalKey::parse(""));
}

}  // namespace
}  // namespace minidj
