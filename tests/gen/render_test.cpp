// The audio: deterministic, normalised, clean, and with onsets exactly where the truth says.
#include <gtest/gtest.h>

#include <cmath>

#include "gen/signal_probe.h"

namespace minidj::gen {
namespace {

using test::onset_rate;
using test::short_spec;

constexpr Style kAllStyles[] = {Style::kHouse, Style::kTechno, Style::kDrumAndBass, Style::kHipHop,
                                Style::kAmbient};

std::vector<double> beats_in(const GroundTruth& truth, const std::string& section) {
    std::vector<double> out;
    for (const Section& s : truth.sections) {
        if (s.name != section) continue;
        for (double b : truth.beats) {
            if (b >= s.start_s && b < s.end_s) out.push_back(b);
        }
    }
    return out;
}

TEST(GenRender, SameSeedSameSamplesOtherSeedOtherSamples) {
    SongSpec spec = short_spec(Style::kHouse, 126.0, 16);
    spec.seed = 7;
    const Song a = render(spec);
    const Song b = render(spec);
    EXPECT_EQ(a.samples, b.samples);  // bit-identical
    spec.seed = 8;
    const Song c = render(spec);
    ASSERT_EQ(a.samples.size(), c.samples.size());  // same spec otherwise: same length
    EXPECT_NE(a.samples, c.samples);
}

TEST(GenRender, TruthMatchesMakeTruthAndLength) {
    SongSpec spec = short_spec(Style::kTechno, 128.0, 16);
    spec.lead_in_s = 0.5;
    const Song song = render(spec);
    const GroundTruth truth = make_truth(spec);
    EXPECT_EQ(song.truth.beats, truth.beats);
    EXPECT_EQ(song.truth.downbeats, truth.downbeats);
    EXPECT_EQ(song.sample_rate, spec.sample_rate);
    EXPECT_EQ(song.samples.size() % 2, 0u);
    EXPECT_NEAR(static_cast<double>(song.frames()) / song.sample_rate, truth.duration_s, 1e-3);
}

TEST(GenRender, PeakNearMinusOneDbfsAndFinite) {
    for (Style style : kAllStyles) {
        for (int meter : {4, 3}) {
            SongSpec spec = short_spec(style, style == Style::kDrumAndBass ? 174.0 : 100.0, 16);
            spec.meter = meter;
            spec.drift = 0.01;
            spec.swing = 0.2;
            const Song song = render(spec);
            float peak = 0.0f;
            for (float x : song.samples) {
                ASSERT_TRUE(std::isfinite(x)) << style_name(style);
                peak = std::max(peak, std::fabs(x));
            }
            const double db = 20.0 * std::log10(peak);
            EXPECT_LE(db, -0.9) << style_name(style) << " meter " << meter;
            EXPECT_GE(db, -1.1) << style_name(style) << " meter " << meter;
        }
    }
}

TEST(GenRender, StereoChannelsDiffer) {
    const Song song = render(short_spec(Style::kHouse));
    double diff = 0.0;
    for (std::size_t i = 0; i < song.frames(); ++i) {
        diff += std::fabs(song.samples[2 * i] - song.samples[2 * i + 1]);
    }
    EXPECT_GT(diff / static_cast<double>(song.frames()), 1e-4);
}

// Silence until the first beat, and the first sound is at the sample nearest to it.
TEST(GenRender, LeadInIsSilentAndFirstBeatIsSampleExact) {
    for (double lead_in : {0.0, 0.5, 1.2345678}) {
        SongSpec spec = short_spec(Style::kHouse, 123.0, 8);  // 8 bars: a drop, kick on beat 1
        spec.lead_in_s = lead_in;
        const Song song = render(spec);
        std::size_t first = 0;
        while (first < song.frames() && song.samples[2 * first] == 0.0f && song.samples[2 * first + 1] == 0.0f) {
            ++first;
        }
        EXPECT_EQ(first, static_cast<std::size_t>(std::llround(song.truth.beats.front() * song.sample_rate)));
        // The kick's attack is its peak: the first sample is already loud.
        EXPECT_GT(std::fabs(song.samples[2 * first]), 0.3f) << lead_in;
    }
}

// Each beat of a drop is an onset: the 5 ms after it are louder than the 10 ms before. Half a
// beat later the same test fails most of the time, so it can tell right from wrong times.
TEST(GenRender, OnsetsAtEveryDropBeat) {
    for (Style style : {Style::kHouse, Style::kTechno, Style::kDrumAndBass, Style::kHipHop}) {
        for (int meter : {4, 3}) {
            const double bpm = style == Style::kDrumAndBass ? 172.0 : style == Style::kHipHop ? 90.0 : 125.0;
            SongSpec spec = short_spec(style, bpm, 24);
            spec.meter = meter;
            spec.drift = -0.015;
            const Song song = render(spec);
            const std::vector<double> beats = beats_in(song.truth, "drop");
            ASSERT_EQ(beats.size(), static_cast<std::size_t>(8 * meter));
            EXPECT_EQ(onset_rate(song, beats), 1.0) << style_name(style) << " " << meter;
            std::vector<double> shifted;
            const double quarter = 0.37 * 60.0 / bpm;  // off the 8th and 16th grid
            for (double b : beats) shifted.push_back(b + quarter);
            EXPECT_LT(onset_rate(song, shifted), 0.5) << style_name(style) << " " << meter;
        }
    }
}

// In 6/8 and 12/8 the beat divides in three: the hats' attacks fall a third and two thirds into
// each beat, and halfway, where the eighths of 4/4 would be, the kit is quiet. 4/4 is the
// control: its eighths are the halves.
TEST(GenRender, CompoundBeatsDivideInThree) {
    const auto attack = [](const Song& song, double t) { return test::rms_diff(song, t, t + 0.02); };
    for (const char* signature : {"6/8", "12/8", "4/4"}) {
        for (Style style : {Style::kHouse, Style::kTechno, Style::kDrumAndBass, Style::kHipHop}) {
            SongSpec spec = short_spec(style, 100.0, 24);
            ASSERT_TRUE(parse_time_signature(signature, spec));
            const Song song = render(spec);
            const std::vector<double> beats = beats_in(song.truth, "drop");
            ASSERT_EQ(beats.size(), static_cast<std::size_t>(8 * spec.meter));
            double thirds = 0.0, halves = 0.0;
            for (std::size_t i = 0; i + 1 < beats.size(); ++i) {
                const double interval = beats[i + 1] - beats[i];
                thirds += 0.5 * (attack(song, beats[i] + interval / 3.0) + attack(song, beats[i] + 2.0 * interval / 3.0));
                halves += attack(song, beats[i] + 0.5 * interval);
            }
            if (spec.compound) {
                EXPECT_GT(thirds, 1.5 * halves) << signature << " " << style_name(style);
            } else {
                EXPECT_LT(thirds, halves) << signature << " " << style_name(style);
            }
            EXPECT_EQ(onset_rate(song, beats), 1.0) << signature << " " << style_name(style);
        }
    }
}

// Swing delays the off-beat 8ths (hats) by swing / 2 of a beat; beats stay where they were.
TEST(GenRender, SwingDelaysOffBeats) {
    SongSpec spec = short_spec(Style::kHipHop, 90.0, 24);
    spec.swing = 0.4;
    const Song song = render(spec);
    const std::vector<double> beats = beats_in(song.truth, "drop");
    std::vector<double> straight, swung;
    for (std::size_t i = 0; i + 1 < beats.size(); ++i) {
        const double interval = beats[i + 1] - beats[i];
        straight.push_back(beats[i] + 0.5 * interval);
        swung.push_back(beats[i] + 0.7 * interval);
    }
    EXPECT_GT(onset_rate(song, swung), 0.9);
    EXPECT_LT(onset_rate(song, straight), 0.2);
    EXPECT_EQ(onset_rate(song, beats), 1.0);
}

// The downbeat stands out: in a drop, bar-1 beats carry more low-end energy than other beats.
TEST(GenRender, DownbeatsAreAccented) {
    for (Style style : {Style::kHouse, Style::kDrumAndBass, Style::kHipHop}) {
        for (const char* signature : {"4/4", "3/4", "6/8", "12/8"}) {
            SongSpec spec = short_spec(style, 120.0, 24);
            ASSERT_TRUE(parse_time_signature(signature, spec));
            const int meter = spec.meter;
            const Song song = render(spec);
            const std::vector<double> beats = beats_in(song.truth, "drop");
            double down = 0.0, other = 0.0;
            for (std::size_t i = 0; i < beats.size(); ++i) {
                const double e = test::rms(song, beats[i], beats[i] + 0.05);
                (i % meter == 0 ? down : other) += e;
            }
            const double bars = static_cast<double>(beats.size()) / meter;
            EXPECT_GT(down / bars, 1.05 * other / (beats.size() - bars)) << style_name(style) << " " << signature;
        }
    }
}

// Breakdowns drop the kick: much less low-end at their beats than in the drop.
TEST(GenRender, SectionsChangeTheArrangement) {
    SongSpec spec = short_spec(Style::kHouse, 124.0, 0);
    spec.bars = 0;
    const Song song = render(spec);
    const auto energy = [&](const std::string& name) {
        const std::vector<double> beats = beats_in(song.truth, name);
        double sum = 0.0;
        for (double b : beats) sum += test::rms(song, b, b + 0.03);
        return sum / static_cast<double>(beats.size());
    };
    EXPECT_GT(energy("drop"), 2.0 * energy("breakdown"));
}

}  // namespace
}  // namespace minidj::gen
