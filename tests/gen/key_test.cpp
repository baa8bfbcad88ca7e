// The harmony makes the key audible: the tonic is among the strongest pitch classes, and the
// pitch profile matches the key better than its relative key (A minor vs C major), which shares
// its notes; that is the ambiguity the minor progressions' major V resolves.
#include <gtest/gtest.h>

#include "gen/signal_probe.h"

namespace minidj::gen {
namespace {

TEST(GenKey, TonicIsStrongAndKeyBeatsItsRelative) {
    const std::pair<MusicalKey, Style> cases[] = {
        {{9, true}, Style::kHouse},   {{0, false}, Style::kTechno},  {{6, true}, Style::kDrumAndBass},
        {{3, false}, Style::kHipHop}, {{10, true}, Style::kAmbient}, {{4, false}, Style::kHouse},
        {{1, true}, Style::kHipHop},  {{7, false}, Style::kDrumAndBass},
    };
    for (const auto& [key, style] : cases) {
        SongSpec spec = test::short_spec(style, 120.0, 16);
        spec.key = key;
        const Song song = render(spec);
        const auto c = test::chroma(song, 0.0, song.truth.sections.back().end_s);
        const double max = *std::max_element(c.begin(), c.end());
        const std::string what = key.name() + " " + style_name(style);
        EXPECT_LT(test::rank_of(c, key.tonic), 3) << what;
        EXPECT_GE(c[key.tonic], 0.35 * max) << what;
        EXPECT_GT(test::key_correlation(c, key), test::key_correlation(c, test::relative_of(key)) + 0.1) << what;
    }
}

// The measurement itself can fail: a song in another key does not pass as this one.
TEST(GenKey, ProbeTellsKeysApart) {
    SongSpec spec = test::short_spec(Style::kHouse, 120.0, 16);
    spec.key = MusicalKey{9, true};
    const auto c = test::chroma(render(spec), 0.0, 30.0);
    const MusicalKey wrong{3, false};  // Eb major: a tritone away
    EXPECT_GT(test::rank_of(c, wrong.tonic), 2);
    EXPECT_GT(test::key_correlation(c, MusicalKey{9, true}), test::key_correlation(c, wrong) + 0.3);
}

}  // namespace
}  // namespace minidj::gen
