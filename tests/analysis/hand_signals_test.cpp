// The analyser on signals whose answers are known exactly: clicks, pure tones, silence, noise.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <cstdio>

#include "analysis/test_signals.h"
#include "minidj/analysis.h"

namespace minidj {
namespace {

TrackAnalysis analyse(const std::vector<float>& stereo, int rate, int channels = 2,
                      const AnalysisOptions& options = {}) {
    auto r = analyze_samples(stereo.data(), stereo.size() / std::size_t(channels), rate, channels,
                             options);
    EXPECT_TRUE(r.ok());
    return r.ok() ? r.value() : TrackAnalysis{};
}

// Largest distance from each expected beat to the nearest estimated beat, over beats after
// the first two seconds (the tracker needs a moment to lock).
double worst_beat_error(const std::vector<double>& estimated, double first, double bpm,
                        double until) {
    double worst = 0.0;
    for (double t = first; t < until; t += 60.0 / bpm) {
        if (t < 2.0) continue;
        double nearest = 1e9;
        for (double e : estimated) nearest = std::min(nearest, std::abs(e - t));
        worst = std::max(worst, nearest);
    }
    return worst;
}

class ClickTempo : public ::testing::TestWithParam<double> {};

TEST_P(ClickTempo, TempoWithinHalfPercentAndBeatsWithin20ms) {
    const double bpm = GetParam();
    const auto a = analyse(test::click_track(bpm, 40.0, 44100), 44100);
    EXPECT_NEAR(a.grid.bpm, bpm, 0.005 * bpm);
    EXPECT_LT(worst_beat_error(a.grid.beats, 0.5, bpm, 39.0), 0.020);
}

INSTANTIATE_TEST_SUITE_P(Tempos, ClickTempo,
                         ::testing::Values(75.0, 98.0, 120.0, 128.0, 140.0, 165.0));

// Mean signed error of the estimated beats near each true click (seconds).
double mean_beat_offset(const std::vector<double>& estimated, double first, double bpm,
                        double until) {
    double sum = 0.0;
    int count = 0;
    for (double t = first + 2 * 60.0 / bpm; t < until; t += 60.0 / bpm) {
        double nearest = 1e9;
        for (double e : estimated) {
            if (std::abs(e - t) < std::abs(nearest)) nearest = e - t;
        }
        sum += nearest;
        ++count;
    }
    return count ? sum / count : 1e9;
}

TEST(HandSignals, BeatTimesAreUnbiasedOnClicks) {
    // The onset detector's latency is compensated: beats land on the click's first sample.
    for (double bpm : {90.0, 120.0, 150.0}) {
        const auto a = analyse(test::click_track(bpm, 30.0, 44100, 0.37), 44100);
        const double offset = mean_beat_offset(a.grid.beats, 0.37, bpm, 29.0);
        std::printf("clicks at %.0f BPM: mean beat offset %+.2f ms\n", bpm, offset * 1000);
        EXPECT_NEAR(offset, 0.0, 0.003) << bpm << " BPM";
    }
}

TEST(HandSignals, ClickDownbeatsFollowTheLowAccent) {
    const auto a = analyse(test::click_track(120.0, 40.0, 44100, 0.5, 4), 44100);
    ASSERT_GE(a.grid.downbeats.size(), 10u);
    EXPECT_EQ(a.grid.meter, 4);
    for (double d : a.grid.downbeats) {
        const double bars = (d - 0.5) / 2.0;  // 2 s per bar at 120 BPM
        EXPECT_NEAR(bars, std::round(bars), 0.01) << "downbeat at " << d;
    }
}

// The onset reader's beat-phase stage. The beat network (the default) puts these beats on the
// loud off-beats; the same stage after it cost more on the corpus than it mended
// (docs/beat-network.md, "Where it falls short").
TEST(HandSignals, LoudOffBeatsDoNotPullTheOnsetReadersBeatsOffTheChordChanges) {
    const double bpm = 100.0;
    AnalysisOptions onsets;
    onsets.rhythm = AnalysisOptions::RhythmReader::kOnsets;
    const auto a = analyse(test::offbeat_accents_over_chords(bpm, 40.0, 44100), 44100, 1, onsets);
    EXPECT_NEAR(a.grid.bpm, bpm, 0.005 * bpm);
    EXPECT_LT(worst_beat_error(a.grid.beats, 0.5, bpm, 39.0), 0.040);
}

// Where the beat network's phase is a guess its confidence says so: on this signal it puts the
// beats on the loud off-beats, and the onset reader, built another way, does not follow it.
// Either the beats are right, or the confidence is under the renderer's beat-match threshold.
TEST(HandSignals, WhereTheNetworksPhaseIsWrongItsConfidenceIsLow) {
    const double bpm = 100.0;
    const auto a = analyse(test::offbeat_accents_over_chords(bpm, 40.0, 44100), 44100, 1);
    const bool beats_right = worst_beat_error(a.grid.beats, 0.5, bpm, 39.0) < 0.040;
    EXPECT_TRUE(beats_right || a.grid.confidence < 0.35)
        << "beats off by " << worst_beat_error(a.grid.beats, 0.5, bpm, 39.0)
        << " s with confidence " << a.grid.confidence;
    // The same readers agree on clicks: the confidence is not low everywhere.
    EXPECT_GE(analyse(test::click_track(bpm, 40.0, 44100), 44100).grid.confidence, 0.7);
}

// Where the network hears the off-beats as strongly as the beats it cannot tell them apart;
// the onset reader, which weighs the chord changes, settles the phase. Off-beat bursts as in
// the test above, with quieter ones on the beats. The network's tracker alone puts the beats on
// the off-beats in 4 of these 6 cases; with the onset reader settling it, in one (0.3 at 105
// BPM, where the network is sure of the off-beats and the confidence reads 0). None may be read
// on the off-beat with a confidence the renderer would beat-match on.
TEST(HandSignals, WhereTheNetworkHearsBothPhasesTheChordChangesSettleIt) {
    int right = 0;
    for (const double on_beat : {0.3, 0.4}) {
        for (const double bpm : {105.0, 120.0, 135.0}) {
            const auto a = analyse(
                test::offbeat_accents_over_chords(bpm, 40.0, 44100, 0.5, on_beat), 44100, 1);
            const double error = worst_beat_error(a.grid.beats, 0.5, bpm, 39.0);
            std::printf("on-beat bursts at %.1f, %.0f BPM: beats off by %.3f s, confidence %.2f\n",
                        on_beat, bpm, error, a.grid.confidence);
            EXPECT_NEAR(a.grid.bpm, bpm, 0.005 * bpm);
            EXPECT_TRUE(error < 0.040 || a.grid.confidence < kMinBeatMatchConfidence)
                << on_beat << ", " << bpm;
            right += error < 0.040;
        }
    }
    EXPECT_GE(right, 5);
}

// A 3+3+2 figure louder than the kicks under it: a tracker can follow the stabs' pulse of three
// sixteenths or its double (at 125 BPM it read 83, 3:2 of the beat, before analyser v9). The
// tempo read is the quarter's, its half or its double.
TEST(HandSignals, AThreeThreeTwoFigureIsNotReadAsTheBeat) {
    for (const double bpm : {110.0, 120.0, 125.0, 130.0, 140.0}) {
        for (const double kick : {0.1, 0.2}) {
            const auto a = analyse(test::tresillo_over_kicks(bpm, kick, 40.0, 44100), 44100, 1);
            const double level = std::exp2(std::round(std::log2(a.grid.bpm / bpm)));
            EXPECT_NEAR(a.grid.bpm / level, bpm, 0.01 * bpm) << bpm << " BPM, kick " << kick;
            EXPECT_LE(std::abs(std::log2(level)), 1.0) << bpm << " BPM, kick " << kick;
        }
    }
}

TEST(HandSignals, ClicksInThreeFourAreRecognised) {
    const auto a = analyse(test::click_track(120.0, 40.0, 44100, 0.5, 3), 44100);
    EXPECT_EQ(a.grid.meter, 3);
    ASSERT_FALSE(a.grid.downbeats.empty());
    for (double d : a.grid.downbeats) {
        const double bars = (d - 0.5) / 1.5;
        EXPECT_NEAR(bars, std::round(bars), 0.01) << "downbeat at " << d;
    }
}

// Loops whose bars are told only by an accent, over a chord that never changes: the downbeats
// are the accented beats (a reader that weighs chord changes must not fall back on noise), and
// no beat or downbeat is placed before the music, even when it starts on the first sample.
TEST(HandSignals, AccentedDownbeatsOverAStaticChordAreTheDownbeats) {
    for (const double first : {0.0, 0.31}) {
        for (const double bpm : {96.0, 122.0, 140.0}) {
            const double bar = 4 * 60.0 / bpm;
            const auto a = analyse(
                test::accented_loop_over_static_chord(bpm, 40.0, 44100, first, 4, 1.6), 44100, 1);
            EXPECT_NEAR(a.grid.bpm, bpm, 0.005 * bpm) << bpm << " BPM from " << first << " s";
            EXPECT_EQ(a.grid.meter, 4) << bpm << " BPM from " << first << " s";
            ASSERT_GE(a.grid.downbeats.size(), 10u);
            EXPECT_GE(a.grid.beats.front(), 0.0);
            for (double d : a.grid.downbeats) {
                const double bars = (d - first) / bar;
                EXPECT_NEAR(bars, std::round(bars), 0.02 / bar)
                    << bpm << " BPM from " << first << " s: downbeat at " << d;
            }
        }
    }
}

TEST(HandSignals, SineLoudnessPeakAndBrightness) {
    // BS.1770: -0.691 + 10 log10(sum of channel mean squares) + K-weighting gain at 1 kHz
    // (+0.69 dB): a 1 kHz sine of amplitude 0.1 on both channels reads -20.0 LUFS.
    const auto a = analyse(test::sine(1000.0, 0.1, 20.0, 48000, 2), 48000);
    EXPECT_NEAR(a.loudness.integrated_lufs, -20.0, 0.2);
    EXPECT_NEAR(a.loudness.true_peak_dbtp, -20.0, 0.3);
    EXPECT_NEAR(a.brightness_hz, 1000.0, 60.0);
    EXPECT_NEAR(a.energy_rms, 0.1 / std::sqrt(2.0), 0.005);
}

TEST(HandSignals, SilenceHasNoBeatNoKeyAndFloorLoudness) {
    const std::vector<float> silence(44100 * 2 * 20, 0.0f);
    const auto a = analyse(silence, 44100);
    EXPECT_EQ(a.grid.bpm, 0.0);
    EXPECT_TRUE(a.grid.beats.empty());
    EXPECT_FALSE(a.key.key.has_value());
    EXPECT_LE(a.loudness.integrated_lufs, -69.9);
    EXPECT_NEAR(a.duration_s, 20.0, 1e-6);
}

TEST(HandSignals, WhiteNoiseHasNoKeyAndNoBeat) {
    const auto a = analyse(test::noise(0.3, 20.0, 44100, 2), 44100);
    EXPECT_FALSE(a.key.key.has_value()) << a.key.key->name();
    EXPECT_EQ(a.grid.bpm, 0.0);
    EXPECT_TRUE(a.grid.beats.empty());
    EXPECT_GT(a.brightness_hz, 4000.0);
}

TEST(HandSignals, MonoAndOddRatesAreAnalysed) {
    for (int rate : {8000, 22050, 96000}) {
        const auto clicks = test::click_track(120.0, 30.0, rate);
        std::vector<float> mono(clicks.size() / 2);
        for (std::size_t i = 0; i < mono.size(); ++i) mono[i] = clicks[2 * i];
        const auto a = analyse(mono, rate, 1);
        EXPECT_NEAR(a.grid.bpm, 120.0, 0.6) << rate << " Hz";
        EXPECT_NEAR(a.duration_s, 30.0, 1e-3) << rate << " Hz";
    }
}

constexpr int kRate = 44100;
constexpr double kSeconds = 24.0;

// The analysis of kSeconds of clicks at 120 BPM over `under` throughout, with `from_half_way`
// added from the middle on (stereo signals of that length).
TrackAnalysis clicks_over(const std::vector<float>& under, const std::vector<float>& from_half_way) {
    auto x = test::click_track(120.0, kSeconds, kRate);
    for (std::size_t i = 0; i < x.size(); ++i) x[i] += under[i] + (i >= x.size() / 2 ? from_half_way[i] : 0.0f);
    return analyse(x, kRate);
}

// How far a per-beat column's mean rises from the first half of a `seconds`-long signal to the
// second, over beats away from the change and the ends; nullopt with too few beats in a half.
std::optional<double> rise_at_half_way(const TrackAnalysis& a, int column, double seconds) {
    double sum[2] = {0, 0}, count[2] = {0, 0};
    for (std::size_t r = 0; r < a.beat_features.rows(); ++r) {
        const double t = a.grid.beats[r];
        if (std::fabs(t - seconds / 2) < 1.0 || t < 2.0 || t > seconds - 1.0) continue;
        const int half = t > seconds / 2 ? 1 : 0;
        sum[half] += a.beat_features.at(r, column);
        count[half] += 1;
    }
    if (count[0] <= 5 || count[1] <= 5) return std::nullopt;
    return sum[1] / count[1] - sum[0] / count[0];
}

// The per-beat tonal level hears notes, not noise: clicks over noise, and from half-way a soft
// tone under them (quieter in the 200 Hz-2.5 kHz band than the noise). The tonal level rises
// far more than the band level does; the noise alone reads as no notes.
TEST(HandSignals, TheTonalLevelHearsNotesUnderNoise) {
    const auto a = clicks_over(test::noise(0.05, kSeconds, kRate, 2), test::sine(440.0, 0.02, kSeconds, kRate, 2));
    const auto tonal_rise = rise_at_half_way(a, BeatFeatures::kTonal, kSeconds);
    const auto mid_rise = rise_at_half_way(a, BeatFeatures::kMid, kSeconds);
    ASSERT_TRUE(tonal_rise && mid_rise);
    std::printf("tonal level +%.1f dB, mid band +%.1f dB\n", *tonal_rise, *mid_rise);
    EXPECT_GT(*tonal_rise, 10.0);
    EXPECT_GT(*tonal_rise, *mid_rise + 6.0);
}

// The melody level is the tonal level's part from middle C up: clicks over a loud low note
// (C3, the chords' body), and from half-way a note at C5 12 dB under it. The melody level
// rises by far more than the whole tonal level, which the low note holds.
TEST(HandSignals, TheMelodyLevelHearsANoteOverALouderLowOne) {
    const auto a = clicks_over(test::sine(130.81, 0.08, kSeconds, kRate, 2), test::sine(523.25, 0.02, kSeconds, kRate, 2));
    const auto melody_rise = rise_at_half_way(a, BeatFeatures::kMelody, kSeconds);
    const auto tonal_rise = rise_at_half_way(a, BeatFeatures::kTonal, kSeconds);
    ASSERT_TRUE(melody_rise && tonal_rise);
    std::printf("melody level +%.1f dB, tonal level +%.1f dB\n", *melody_rise, *tonal_rise);
    EXPECT_GT(*melody_rise, 10.0);
    EXPECT_LT(*tonal_rise, 2.0);
}

TEST(HandSignals, VeryShortInputGivesNoTempoButNoError) {
    const auto a = analyse(test::click_track(120.0, 2.0, 44100), 44100);
    EXPECT_EQ(a.grid.bpm, 0.0);
    EXPECT_NEAR(a.duration_s, 2.0, 1e-3);
}

TEST(AnalysisOptions, RejectsImpossibleTempoRanges) {
    AnalysisOptions o;
    o.min_bpm = 200;
    o.max_bpm = 100;
    const auto s = o.validate();
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().message.find("analyze: tempo range"), std::string::npos);
    std::vector<float> x(1000, 0.0f);
    EXPECT_FALSE(analyze_samples(x.data(), 500, 44100, 2, o).ok());
}

}  // namespace
}  // namespace minidj
