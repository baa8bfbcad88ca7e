// The report's beat sync: each deck's attacks are found in its own audio and followed into its
// rendered audio. Decks placed by hand with B a known number of ms off A must read as that many
// ms (the negative control), whatever the analysed beats say.
#include <gtest/gtest.h>

#include <cmath>

#include "minidj/generator.h"
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
