// The report's beat sync: each deck's attacks are found in its own audio and followed into its
// rendered audio. Decks placed by hand with B a known number of ms off A must read as that many
// ms (the negative control), whatever the analysed beats say.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "minidj/generator.h"
#include "render/eq.h"
#include "render/onsets.h"
#include "render/output_sync.h"

namespace minidj::render {
namespace {

struct Source {
    std::vector<float> audio;
    std::vector<double> beats;
};

Source track(gen::Style style, double bpm, std::uint32_t seed) {
    gen::SongSpec spec;
    spec.bpm = bpm;
    spec.style = style;
    spec.seed = seed;
    spec.bars = 8;
    // The renderer's sync is the subject, not how analysis copes with varied production.
    spec.plain_production = true;
    auto song = gen::render(spec);
    return {std::move(song.samples), song.truth.beats};
}

// B delayed so its beats fall on A's, then `shift_s` later, at `gain`: B's deck as rendered.
std::vector<float> placed(const Source& a, const Source& b, double shift_s, float gain, int rate) {
    std::vector<float> out(a.audio.size(), 0.0f);
    const auto d = std::llround((a.beats[0] - b.beats[0] + shift_s) * rate);
    for (std::size_t f = 0; f < out.size() / 2; ++f) {
        const auto src = std::int64_t(f) - d;
        if (src < 0 || std::size_t(src) >= b.audio.size() / 2) continue;
        out[2 * f] = gain * b.audio[std::size_t(2 * src)];
        out[2 * f + 1] = gain * b.audio[std::size_t(2 * src + 1)];
    }
    return out;
}

// Beats 4..28, each moved by `error_s`: an analyser's beat a few ms off the attack.
std::vector<double> inner(const std::vector<double>& beats, double error_s) {
    std::vector<double> out(beats.begin() + 4, beats.begin() + 29);
    for (double& b : out) b += error_s;
    return out;
}

TEST(OutputSync, AttackStartIsWhereTheKickBegins) {
    const auto a = track(gen::Style::kHouse, 124, 5);
    const DeckStem stem{&a.audio, 0.0};
    int found = 0;
    for (std::size_t k = 4; k < 29; ++k) {
        for (double analyser_error : {-0.012, 0.0, 0.009}) {
            const auto t = attack_start(stem, 44100, a.beats[k] + analyser_error, 0.03);
            if (!t) continue;
            ++found;
            EXPECT_NEAR(*t, a.beats[k], 0.0005) << "beat " << k;
        }
    }
    EXPECT_GE(found, 70);
}

// `audio` under a loud wall of low-passed noise (a dense mix: distorted guitars, pads) that
// buries the drums' attacks below 4 kHz; its level in RMS is `level` x the track's peak.
std::vector<float> under_a_wall(const std::vector<float>& audio, double level, std::uint32_t seed) {
    std::vector<float> out = audio;
    float peak = 0.0f;
    for (float x : audio) peak = std::max(peak, std::abs(x));
    auto lp1 = Biquad::design(Biquad::Kind::kLowPass, 2000.0, 44100), lp2 = lp1, lp3 = lp1, lp4 = lp1;
    std::uint32_t state = seed;
    double energy = 0.0;
    std::vector<double> wall(audio.size() / 2);
    for (double& w : wall) {
        state = state * 1664525u + 1013904223u;
        w = lp4.process(lp3.process(lp2.process(lp1.process(double(state >> 8) / double(1 << 24) - 0.5))));
        energy += w * w;
    }
    const double gain = level * peak / std::sqrt(energy / double(wall.size()));
    for (std::size_t f = 0; f < wall.size(); ++f) {
        out[2 * f] += float(gain * wall[f]);
        out[2 * f + 1] += float(gain * wall[f]);
    }
    return out;
}

TEST(OutputSync, BeatAttacksHearTheDrumsUnderAWall) {
    const auto a = track(gen::Style::kHouse, 124, 5);
    const auto dense = under_a_wall(a.audio, 0.5, 3);
    const std::vector<double> beats(a.beats.begin() + 4, a.beats.begin() + 29);
    std::size_t full_band = 0;
    for (double b : beats) full_band += attack_start({&dense, 0.0}, 44100, b, 0.03).has_value();
    // The wall hides the attacks from the full band (the premise)...
    EXPECT_LT(full_band, beats.size() / 4);
    // ...but the band above 8 kHz still hears them start where the drums do.
    const auto attacks = beat_attacks({&dense, 0.0}, 44100, beats, 0.03);
    std::size_t found = 0;
    for (std::size_t k = 0; k < beats.size(); ++k) {
        if (!attacks[k]) continue;
        ++found;
        EXPECT_NEAR(*attacks[k], beats[k], 0.0005) << "beat " << k;
    }
    EXPECT_GE(found, beats.size() * 4 / 5);
    // An analyser's grid 9 ms late is moved back onto the drums.
    std::vector<double> late = beats;
    for (double& b : late) b += 0.009;
    const auto fitted = fit_beats_to_attacks(late, {&dense, 0.0}, 44100);
    for (std::size_t k = 0; k < beats.size(); ++k) EXPECT_NEAR(fitted[k], beats[k], 0.0005) << "beat " << k;
}

TEST(OutputSync, TheTwoBandsAgreeOnCleanAudio) {
    for (auto style : {gen::Style::kHouse, gen::Style::kTechno, gen::Style::kHipHop}) {
        const auto a = track(style, 124, 5);
        const std::vector<double> beats(a.beats.begin() + 4, a.beats.begin() + 29);
        const auto chosen = beat_attacks({&a.audio, 0.0}, 44100, beats, 0.03);
        std::vector<double> apart;
        for (std::size_t k = 0; k < beats.size(); ++k) {
            const auto full = attack_start({&a.audio, 0.0}, 44100, beats[k], 0.03);
            if (full && chosen[k]) apart.push_back(std::abs(*chosen[k] - *full));
        }
        ASSERT_GE(apart.size(), beats.size() / 2);
        std::sort(apart.begin(), apart.end());
        // The offset the grid is fitted to agrees; a single beat may not, where the full band
        // hears another sound start first.
        EXPECT_LE(apart[apart.size() / 2], 0.0001) << gen::style_name(style);
        EXPECT_LE(apart[apart.size() * 9 / 10], 0.0003) << gen::style_name(style);
    }
}

TEST(OutputSync, AShiftedDeckReadsAsShifted) {
    constexpr int kRate = 44100;
    const auto a = track(gen::Style::kHouse, 124, 5);
    const auto b = track(gen::Style::kTechno, 124, 8);
    const auto planned = inner(a.beats, 0.0);
    // The analysed beats are off the attacks by a few ms, differently per deck.
    const DeckBeats deck_a{{&a.audio, 0.0}, inner(a.beats, 0.007)};
    const DeckBeats deck_b{{&b.audio, 0.0}, inner(b.beats, -0.005)};
    const auto in_a = attacks_in_output({&a.audio, 0.0}, deck_a, planned, kRate);
    for (double shift : {0.0, 0.006, -0.004, 0.015}) {
        const auto rendered_b = placed(a, b, shift, 0.4f, kRate);
        const auto d = sync_differences(in_a, attacks_in_output({&rendered_b, 0.0}, deck_b, planned, kRate));
        std::size_t found = 0;
        for (const auto& x : d) {
            if (!x) continue;
            ++found;
            EXPECT_NEAR(*x, shift, 0.00075) << "shift " << shift;
        }
        EXPECT_GE(found, planned.size() * 3 / 4) << "shift " << shift;
    }
}

}  // namespace
}  // namespace minidj::render
