#include "analysis/bar_tracker.h"

#include <gtest/gtest.h>

#include <random>

namespace minidj::analysis {
namespace {

// Downbeat probabilities of `beats` beats in bars of `meter`, the first downbeat at `first`:
// high on downbeats, low elsewhere, with noise that sometimes makes a beat look wrong.
std::vector<float> probabilities(int meter, std::size_t beats, std::size_t first, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> noise(0.0f, 0.35f);
    std::vector<float> p(beats);
    for (std::size_t b = 0; b < beats; ++b) {
        const bool down = b >= first && (b - first) % std::size_t(meter) == 0;
        p[b] = down ? 0.9f - noise(rng) : 0.05f + noise(rng);
    }
    return p;
}

std::vector<std::size_t> every(int meter, std::size_t beats, std::size_t first) {
    std::vector<std::size_t> out;
    for (std::size_t b = first; b < beats; b += std::size_t(meter)) out.push_back(b);
    return out;
}

TEST(BarTracker, ReadsTheMeterAndPhaseOfNoisyBars) {
    for (int meter : {3, 4}) {
        for (std::size_t first = 0; first < std::size_t(meter); ++first) {
            const auto reading =
                read_bars(probabilities(meter, 96, first, unsigned(meter * 10 + first)));
            EXPECT_EQ(reading.meter, meter) << "first " << first;
            EXPECT_EQ(reading.downbeats, every(meter, 96, first))
                << "meter " << meter << ", first " << first;
        }
    }
}

TEST(BarTracker, OneShortBarDoesNotShiftTheRest) {
    // 8 bars of 4, one bar of 2, 8 bars of 4: the bars after the short one start 2 beats later.
    std::vector<float> p;
    std::vector<std::size_t> truth;
    const auto bar = [&](int length) {
        truth.push_back(p.size());
        p.push_back(0.95f);
        for (int i = 1; i < length; ++i) p.push_back(0.05f);
    };
    for (int i = 0; i < 8; ++i) bar(4);
    bar(2);
    for (int i = 0; i < 8; ++i) bar(4);
    const auto reading = read_bars(p);
    EXPECT_EQ(reading.meter, 4);
    EXPECT_EQ(reading.downbeats, truth);
}

TEST(BarTracker, OneMisleadingBeatDoesNotRestartTheBar) {
    auto p = probabilities(4, 64, 0, 7);
    p[30] = 0.99f;  // a strong accent mid-bar (a crash on beat 3), once
    const auto reading = read_bars(p);
    EXPECT_EQ(reading.downbeats, every(4, 64, 0));
}

TEST(BarTracker, NoBeatsNoBars) { EXPECT_TRUE(read_bars({}).downbeats.empty()); }

}  // namespace
}  // namespace minidj::analysis
