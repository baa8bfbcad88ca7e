// choose_next_track(): the live player's step on a problem whose answer is known: the best seam
// among the tracks that keep the rules, the energy asked for, and nothing played recently.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "minidj/set_planner.h"

namespace minidj::planner {
namespace {

// Five tracks at 120 BPM in A minor with energies 0..4, and one at 150 BPM (outside the
// rules); every seam scores 0.5 except 0 -> 3, which scores 0.9.
struct Problem {
    std::vector<SetCandidate> candidates;
    SeamScorer scorer;
    Problem() {
        for (int i = 0; i < 6; ++i) {
            SetCandidate c;
            c.path = fmt::format("t{}", i);
            c.bpm = i == 5 ? 150.0 : 120.0;
            c.key = MusicalKey{9, true};
            c.energy = double(i);
            candidates.push_back(c);
        }
        scorer = [](std::size_t from, std::span<const std::size_t> to, std::span<float> out) {
            for (std::size_t k = 0; k < to.size(); ++k) out[k] = from == 0 && to[k] == 3 ? 0.9f : 0.5f;
        };
    }
};

TEST(NextTrack, TakesTheBestSeamAtTheEnergyAskedFor) {
    Problem p;
    NextTrackRequest r;
    r.from = 0;
    r.energy_target = 0.6;  // rank 0.6 is track 3
    auto next = choose_next_track(p.candidates, p.scorer, r);
    ASSERT_TRUE(next);
    EXPECT_EQ(next->index, 3u);
    EXPECT_TRUE(next->within_rules);
    EXPECT_NE(next->reason.find("seam 0.90"), std::string::npos) << next->reason;
    // More energy wanted, seams equal: the most energetic track that keeps the rules.
    r.from = 1;
    r.energy_target = 1.0;
    next = choose_next_track(p.candidates, p.scorer, r);
    ASSERT_TRUE(next);
    EXPECT_EQ(next->index, 4u) << "track 5 is more energetic but 25 % faster";
}

TEST(NextTrack, LeavesOutWhatWasPlayedAndBreaksTheRulesOnlyWhenNothingElseIsLeft) {
    Problem p;
    NextTrackRequest r;
    r.from = 0;
    r.energy_target = 0.6;
    r.available = {true, true, true, false, true, true};  // 3 played recently
    auto next = choose_next_track(p.candidates, p.scorer, r);
    ASSERT_TRUE(next);
    EXPECT_NE(next->index, 3u);
    r.available = {true, false, false, false, false, true};  // only the 150 BPM track is left
    next = choose_next_track(p.candidates, p.scorer, r);
    ASSERT_TRUE(next);
    EXPECT_EQ(next->index, 5u);
    EXPECT_FALSE(next->within_rules);
    EXPECT_NE(next->reason.find("no track keeps the rules"), std::string::npos);
    r.available = {true, false, false, false, false, false};
    EXPECT_FALSE(choose_next_track(p.candidates, p.scorer, r));
}

}  // namespace
}  // namespace minidj::planner
