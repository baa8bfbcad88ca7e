#include "analysis/rhythm_common.h"

#include <gtest/gtest.h>

#include <vector>

namespace minidj::analysis {
namespace {

TEST(BeatsWithinAudio, ABeatJustBeforeTheStartMovesOntoItOthersOutsideAreDropped) {
    const double duration_s = 1.0;  // about 86 frames
    std::vector<double> beats = {-1.5, -0.4, 5.0, 80.0, 100.0};
    keep_beats_within_audio(beats, 0.0, duration_s);
    EXPECT_EQ(beats, (std::vector<double>{0.0, 5.0, 80.0}));
}

TEST(BeatsWithinAudio, TheStartIsWhereTheLatencyCorrectedTimeIsZero) {
    // Beat times are frame / fps + 0.0155 s here: frame -1.335 is 0 s.
    const double shift_s = 0.0155, zero_frame = -shift_s * kFramesPerSecond;
    std::vector<double> beats = {zero_frame - 2.0, zero_frame - 0.5, 10.0};
    keep_beats_within_audio(beats, shift_s, 1.0);
    ASSERT_EQ(beats.size(), 2u);
    EXPECT_DOUBLE_EQ(beats[0], zero_frame);
    EXPECT_DOUBLE_EQ(beats[1], 10.0);
}

}  // namespace
}  // namespace minidj::analysis
