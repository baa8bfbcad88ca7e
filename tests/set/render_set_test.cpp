// A short set of generated tracks rendered and measured: every seam beat-matched on the
// written mix, no peaks over -1 dBTP, and each CUE start on a downbeat of the written mix.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "minidj/analysis.h"
#include "minidj/audio.h"
#include "minidj/set.h"
#include "render/mix_pair.h"

namespace minidj {
namespace {

TEST(RenderSet, EverySeamIsBeatMatchedAndTheCueSheetFindsEachTrack) {
    const std::vector<const test::Track*> tracks = {&test::shared_track(122.0, gen::Style::kHouse, 21),
                                                    &test::shared_track(126.0, gen::Style::kTechno, 22),
                                                    &test::shared_track(120.0, gen::Style::kHouse, 23),
                                                    &test::shared_track(116.0, gen::Style::kHipHop, 24)};
    std::vector<const TrackAnalysis*> analyses;
    for (const auto* t : tracks) analyses.push_back(&t->analysis);
    SetTransitionOptions so;
    so.transition.bars = 8;
    // These 64 s tracks would have to play 48 s each and get 4-bar overlaps; this test is about
    // 8-bar seams (the minimum play is SetLibrary's).
    so.min_play_s = 0.0;
    auto plan = plan_set_transitions(analyses, so);
    ASSERT_TRUE(plan.ok()) << plan.error().message;
    test::TempDir dir;
    SetRenderOptions ro;
    ro.output = dir / "set.flac";
    auto report = render_set(analyses, plan.value(), ro);
    ASSERT_TRUE(report.ok()) << report.error().message;
    const auto& r = report.value();
    EXPECT_TRUE(test::part_files(dir.path()).empty());
    ASSERT_EQ(r.seams.size(), 3u);
    for (const auto& s : r.seams) {
        std::cout << to_json(s).dump() << "\n";
        EXPECT_TRUE(s.stretched);
        // Beats count where both decks are audible in the mix (after their faders): a dozen at least.
        EXPECT_GE(s.beats_measured, 12);
        EXPECT_LE(s.phase_error_median_ms, 1.0);
        EXPECT_LE(s.phase_error_max_ms, 3.0);
        EXPECT_TRUE(s.downbeats_aligned);
        EXPECT_LE(s.loudness_dip_lu, 2.0);
        EXPECT_LE(s.loudness_bump_lu, 2.0);
    }
    EXPECT_LE(r.true_peak_dbtp, -1.0);
    EXPECT_EQ(r.clipped_samples, 0u);

    // The CUE start of each track must be a downbeat of the written mix: analyse the mix from
    // just before it (where only that track plays) and find the nearest downbeat.
    auto mix = decode_file(ro.output);
    ASSERT_TRUE(mix.ok());
    const int rate = mix.value().sample_rate;
    ASSERT_EQ(r.tracklist.size(), 4u);
    EXPECT_EQ(r.tracklist[0].start_s, 0.0);
    for (std::size_t i = 1; i < r.tracklist.size(); ++i) {
        // From two seconds before (the cut there reads as an attack, so the first second's
        // downbeats do not count).
        const double from = r.tracklist[i].start_s - 2.0;
        const auto first = std::size_t(from * rate);
        const auto frames = std::min<std::size_t>(std::size_t(40.0 * rate), mix.value().samples.size() / 2 - first);
        auto heard = analyze_samples(mix.value().samples.data() + 2 * first, frames, rate, 2);
        ASSERT_TRUE(heard.ok());
        double nearest = 1e9;
        for (double d : heard.value().grid.downbeats) {
            if (d < 1.0) continue;
            if (std::abs(from + d - r.tracklist[i].start_s) < std::abs(nearest)) nearest = from + d - r.tracklist[i].start_s;
        }
        EXPECT_LE(std::abs(nearest), 0.05) << "track " << i + 1 << " starts at " << r.tracklist[i].start_s;
    }
}

}  // namespace
}  // namespace minidj
