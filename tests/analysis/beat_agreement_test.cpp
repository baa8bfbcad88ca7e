#include "analysis/beat_agreement.h"

#include <gtest/gtest.h>

#include <vector>

namespace minidj::analysis {
namespace {

std::vector<double> beats_at(double bpm, double first, double until) {
    std::vector<double> out;
    for (double t = first; t < until; t += 60.0 / bpm) out.push_back(t);
    return out;
}

TEST(BeatAgreement, TheSameBeatsAFewMillisecondsApartAgree) {
    EXPECT_NEAR(beat_agreement(beats_at(120, 0.5, 60), beats_at(120, 0.53, 60)), 1.0, 0.02);
}

TEST(BeatAgreement, ATempoOctaveOnTheSameBeatsAgreesEitherWayRound) {
    const auto written = beats_at(100, 1.0, 60);
    EXPECT_NEAR(beat_agreement(written, beats_at(200, 1.0, 60)), 1.0, 0.02);
    EXPECT_NEAR(beat_agreement(beats_at(200, 1.0, 60), written), 1.0, 0.02);
    EXPECT_NEAR(beat_agreement(written, beats_at(50, 1.6, 60)), 1.0, 0.02);  // every other, second phase
}

TEST(BeatAgreement, OffBeatsAThreeTwoReadingAndNothingDoNotAgree) {
    const auto written = beats_at(100, 1.0, 60);
    EXPECT_LT(beat_agreement(written, beats_at(100, 1.3, 60)), 0.05);  // half a beat late
    EXPECT_LT(beat_agreement(written, beats_at(150, 1.0, 60)), 0.5);   // a beat in three is shared
    EXPECT_EQ(beat_agreement(written, {}), 0.0);
    EXPECT_EQ(beat_agreement({2.0}, written), 0.0);
}

}  // namespace
}  // namespace minidj::analysis
