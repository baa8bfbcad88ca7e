// The report's beat-sync measurement on generated music with known beats: each deck's beats are
// found where they landed in its stem, and a deck moved off the master clock is caught.
#include <gtest/gtest.h>

#include <cmath>
#include <optional>
#include <vector>

#include "minidj/generator.h"
#include "render/measure.h"
#include "render/output_sync.h"

namespace minidj::render {
namespace {

struct Deck {
    std::vector<float> audio;
    std::vector<double> beats;  // true beats, seconds from audio[0]
    int rate = 44100;
};

Deck house(double bpm, std::uint32_t seed) {
    gen::SongSpec spec;
    spec.bpm = bpm;
    spec.style = gen::Style::kHouse;
    spec.seed = seed;
    spec.bars = 8;
    const auto song = gen::render(spec);
    return {song.samples, song.truth.beats, song.sample_rate};
}

// The deck's audio delayed by `delay_s` (silence in front): a stem whose beats land that late.
std::vector<float> delayed(const Deck& d, double delay_s) {
    std::vector<float> out(std::size_t(2 * std::lround(delay_s * d.rate)), 0.0f);
    out.insert(out.end(), d.audio.begin(), d.audio.end());
    return out;
}

// The master beats: the deck's own beats 4..28, placed at OUT time 0 = audio start.
std::vector<double> inner_beats(const Deck& d) { return {d.beats.begin() + 4, d.beats.begin() + 29}; }

TEST(SyncMeasure, FindsEachBeatWhereItLanded) {
    const auto d = house(124, 5);
    const auto beats = inner_beats(d);
    for (double delay : {0.0, 0.004, 0.011}) {
        const auto stem = delayed(d, delay);
        const auto landing = landing_errors({&stem, 0.0}, {&d.audio, 0.0}, beats, beats, d.rate);
        int found = 0;
        for (const auto& l : landing) {
            if (!l) continue;
            ++found;
            EXPECT_NEAR(*l, delay, 0.0005);
        }
        EXPECT_GE(found, int(beats.size()) * 3 / 4) << "delay " << delay;
    }
}

TEST(SyncMeasure, ADeckOffTheClockFailsTheBar) {
    // A on time, B 9 ms late: the phase error is 9 ms on every beat (bar: median 5 ms), and the
    // downbeats, on the right beats, no longer agree once B is 20 ms late (bar: 15 ms).
    const auto a = house(124, 5);
    const auto b = house(124, 6);
    const auto beats = inner_beats(a);
    const std::vector<double> downbeats = {beats[0], beats[4], beats[8], beats[12], beats[16], beats[20]};
    const auto stem_a = delayed(a, 0.0);
    const auto landing_a = landing_errors({&stem_a, 0.0}, {&a.audio, 0.0}, beats, beats, a.rate);
    for (double late : {0.009, 0.020}) {
        const auto stem_b = delayed(b, late);
        const auto landing_b = landing_errors({&stem_b, 0.0}, {&b.audio, 0.0}, inner_beats(b), beats, b.rate);
        MixReport report;
        measure_sync(sync_differences(landing_a, landing_b), beats, downbeats, downbeats, 4, report);
        EXPECT_GE(report.beats_measured, int(beats.size()) * 3 / 4);
        EXPECT_NEAR(report.phase_error_median_ms, 1000 * late, 0.7);
        EXPECT_NEAR(report.phase_offset_ms, 1000 * late, 0.7);  // signed: B late reads positive
        EXPECT_GT(report.phase_error_median_ms, 5.0);
        EXPECT_EQ(report.bars_checked, 6);
        EXPECT_EQ(report.downbeats_aligned, late < 0.015) << "B " << late << " s late";
    }
}

}  // namespace
}  // namespace minidj::render
