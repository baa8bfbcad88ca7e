// Beat sync read back from the written file, by a method that knows nothing of the renderer:
// each deck carries a marker blip of its own pitch on every true beat, and the two marker
// streams are found in OUT by their pitch alone. The decks' beats must coincide there.
#include <gtest/gtest.h>

#include <filesystem>
#include <algorithm>
#include <iostream>

#include "minidj/audio.h"
#include "minidj/render.h"
#include "render/marker_probe.h"
#include "render/mix_pair.h"

namespace minidj {
namespace {

constexpr double kHzA = 900.0, kHzB = 2200.0;

// A generated track with a marker on every true beat, `shift_s` after the beat (0: on it).
test::Track marked_track(const std::filesystem::path& dir, const std::string& name, const gen::SongSpec& spec,
                         double hz, double shift_s = 0.0) {
    auto song = gen::render(spec);
    auto beats = song.truth.beats;
    for (double& b : beats) b += shift_s;
    test::add_markers(song.samples, song.sample_rate, beats, hz);
    test::Track t;
    t.path = dir / name;
    t.truth = song.truth;
    EXPECT_TRUE(write_audio_file(t.path, song.samples.data(), song.frames(), song.sample_rate, 2).ok());
    auto analysis = analyze_file(t.path);
    EXPECT_TRUE(analysis.ok()) << (analysis.ok() ? "" : analysis.error().message);
    if (analysis.ok()) t.analysis = analysis.value();
    return t;
}

struct MarkerCase {
    double bpm_a, bpm_b;
    gen::Style style_a = gen::Style::kHouse, style_b = gen::Style::kHouse;
    MixStyle mix = MixStyle::kBassSwap;
    StretchEngine engine = StretchEngine::kFiner;
    double b_marker_shift_s = 0.0;  // a deck whose marker is off its beats: the negative control
};

struct MarkerReading {
    std::vector<double> offsets;  // B's marker onset minus A's, seconds, per paired beat
    int overlap_beats = 0;
    double report_median_ms = 0.0;  // what the mix report says of the same beats
};

MarkerReading mix_and_read(const MarkerCase& c, std::uint32_t seed) {
    test::TempDir dir;
    auto spec_a = test::song_spec(c.bpm_a, c.style_a, seed);
    auto spec_b = test::song_spec(c.bpm_b, c.style_b, seed + 1);
    const auto a = marked_track(dir.path(), "a.wav", spec_a, kHzA);
    const auto b = marked_track(dir.path(), "b.wav", spec_b, kHzB, c.b_marker_shift_s);
    auto plan = plan_transition(a.analysis, b.analysis, test::eight_bar_plan(c.mix, 2));
    EXPECT_TRUE(plan.ok()) << plan.error().message;
    if (!plan.ok()) return {};
    EXPECT_TRUE(plan->stretch);
    RenderOptions ro;
    ro.output = dir / "mix.wav";
    ro.engine = c.engine;
    auto report = render_transition(a.analysis, b.analysis, plan.value(), ro);
    EXPECT_TRUE(report.ok()) << report.error().message;
    if (!report.ok()) return {};
    auto out = decode_file(ro.output);
    EXPECT_TRUE(out.ok());
    if (!out.ok()) return {};
    const auto onsets_a = test::marker_onsets(out->samples, out->sample_rate, kHzA);
    const auto onsets_b = test::marker_onsets(out->samples, out->sample_rate, kHzB);
    return {test::paired_offsets(onsets_a, onsets_b), plan->overlap_beats(), report->phase_error_median_ms};
}

class MarkerSync : public ::testing::TestWithParam<MarkerCase> {};

TEST_P(MarkerSync, DecksCoincideInTheWrittenFile) {
    const auto c = GetParam();
    const auto r = mix_and_read(c, 21);
    std::vector<double> ms;
    for (double d : r.offsets) ms.push_back(1000.0 * d);
    std::cout << "offsets (ms, B - A):";
    for (double d : ms) std::cout << ' ' << std::round(d * 100) / 100;
    std::cout << "\nmarkers: median " << test::median_abs(ms) << " ms, max " << test::max_abs(ms) << " ms over "
              << ms.size() << " beats; report: median " << r.report_median_ms << " ms\n";
    // Most of the overlap's beats carry both markers loud enough to be read.
    EXPECT_GE(int(r.offsets.size()), r.overlap_beats / 2);
    EXPECT_LE(test::median_abs(ms), 1.0);
    EXPECT_LE(test::max_abs(ms), 3.0);
    // The report, which reads each deck's drums and music, not the markers, agrees.
    EXPECT_LE(r.report_median_ms, 1.5);
}

// The negative control: B's markers sound 6 ms after its beats, so with the decks' beats
// together B's markers must read 6 ms late in the written file (and the report, reading the
// music, still finds the beats together).
TEST(MarkerSyncControl, AMarkerOffItsBeatsReadsAsShifted) {
    const auto r = mix_and_read({124, 128, gen::Style::kHouse, gen::Style::kTechno, MixStyle::kBassSwap,
                                 StretchEngine::kFiner, 0.006},
                                31);
    ASSERT_GE(int(r.offsets.size()), r.overlap_beats / 2);
    std::vector<double> ms;
    for (double d : r.offsets) ms.push_back(1000.0 * d);
    std::sort(ms.begin(), ms.end());
    EXPECT_NEAR(ms[ms.size() / 2], 6.0, 1.0);
    EXPECT_LE(r.report_median_ms, 1.5);
}

INSTANTIATE_TEST_SUITE_P(
    Pairs, MarkerSync,
    ::testing::Values(
        // The five pairs (16 bars there, 8 here).
        MarkerCase{120, 126}, MarkerCase{126, 120}, MarkerCase{120, 120},
        MarkerCase{120, 126, gen::Style::kHouse, gen::Style::kHouse, MixStyle::kBassSwap, StretchEngine::kFaster},
        MarkerCase{95, 100},
        // The set's engine, the filter style, other styles, the edges of 90-150 BPM and of +-8 %.
        MarkerCase{120, 126, gen::Style::kHouse, gen::Style::kHouse, MixStyle::kBassSwap, StretchEngine::kFinerShort},
        MarkerCase{139, 150, gen::Style::kTechno, gen::Style::kHouse, MixStyle::kFilter},
        // R2 meets the bar up to about 5 % (above); at 6-8 % it does not yet (docs/mixing.md).
        MarkerCase{96, 90, gen::Style::kHipHop, gen::Style::kHouse, MixStyle::kFilter},
        // R3's short window (the set's) read one beat of 22 at 6.6 ms here (docs/mixing.md).
        MarkerCase{150, 139, gen::Style::kHouse, gen::Style::kTechno},
        MarkerCase{90, 97, gen::Style::kHouse, gen::Style::kHipHop, MixStyle::kFilter, StretchEngine::kFinerShort},
        MarkerCase{139, 150, gen::Style::kTechno, gen::Style::kHouse, MixStyle::kFilter, StretchEngine::kFaster},
        MarkerCase{150, 139, gen::Style::kHouse, gen::Style::kTechno, MixStyle::kBassSwap, StretchEngine::kFaster}));

}  // namespace
}  // namespace minidj

namespace minidj {
namespace {

// The read-back itself, on a mix made without minidj: A and B summed with B's beats on A's,
// then B moved by a known amount. It must read that amount, beat by beat.
TEST(MarkerProbe, ReadsAHandMadeMixExactly) {
    auto a = gen::render(test::song_spec(120, gen::Style::kHouse, 21));
    auto b = gen::render(test::song_spec(120, gen::Style::kTechno, 22));
    test::add_markers(a.samples, a.sample_rate, a.truth.beats, kHzA);
    test::add_markers(b.samples, b.sample_rate, b.truth.beats, kHzB);
    for (double shift : {0.0, 0.005, -0.009}) {
        std::vector<float> mix = a.samples;
        const auto d = std::llround((a.truth.beats[0] - b.truth.beats[0] + shift) * a.sample_rate);
        for (std::size_t f = 0; f < mix.size() / 2; ++f) {
            const auto s = std::int64_t(f) - d;
            if (s < 0 || std::size_t(s) >= b.frames()) continue;
            mix[2 * f] += 0.7f * b.samples[std::size_t(2 * s)];
            mix[2 * f + 1] += 0.7f * b.samples[std::size_t(2 * s + 1)];
        }
        const auto offsets = test::paired_offsets(test::marker_onsets(mix, a.sample_rate, kHzA),
                                                  test::marker_onsets(mix, a.sample_rate, kHzB));
        EXPECT_GE(offsets.size(), a.truth.beats.size() * 3 / 4) << "shift " << shift;
        for (double o : offsets) EXPECT_NEAR(o, shift, 0.0005) << "shift " << shift;
    }
}

}  // namespace
}  // namespace minidj
