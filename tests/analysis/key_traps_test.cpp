// The key traps of real music, on generated songs with exact truth (issue 17): the parallel
// key (same tonic, other mode), the relative key (same notes, other tonic) and the fifth (a
// minor key's major V chord, a major key leaning on IV and V). Each pair of songs shares seed
// and style, so the two keys differ only in their harmony; the seeds vary the production
// (tools/gen/production.h: tuning up to +-30 cents, kick pitch, tonic pedal or not, mix), so no
// song is read through the generator's habits. Each test asserts the level reached (every
// miss is printed), so a regression fails and an improvement shows. The estimator before
// analyser v5 (Krumhansl-Kessler, magnitude-weighted tuning) read 19/20, 13/20 and 18/24 of
// these songs; v5 reads 19/20, 18/20 and 23/24. The misses left are minor keys read as their
// VI (C minor as Ab major) and driven, untuned techno kicks whose odd harmonics outweigh the
// quiet pads (docs/analysis.md, "Key").
#include <gtest/gtest.h>

#include <cstdio>
#include <vector>

#include "minidj/analysis.h"
#include "minidj/generator.h"

namespace minidj {
namespace {

constexpr gen::Style kStyles[] = {gen::Style::kHouse, gen::Style::kTechno, gen::Style::kDrumAndBass,
                                  gen::Style::kHipHop, gen::Style::kAmbient};

gen::SongSpec trap_spec(MusicalKey key, int index, std::uint32_t seed) {
    gen::SongSpec spec;
    spec.key = key;
    spec.style = kStyles[index % 5];
    spec.bpm = spec.style == gen::Style::kDrumAndBass ? 172
               : spec.style == gen::Style::kHipHop    ? 92
                                                      : 124;
    spec.bars = 32;
    spec.seed = seed;
    return spec;
}

// Analyses the song and returns whether its key is exact, printing a miss.
bool key_exact(const gen::SongSpec& spec, const char* trap) {
    const gen::Song song = gen::render(spec);
    auto r = analyze_samples(song.samples.data(), song.frames(), song.sample_rate, 2);
    EXPECT_TRUE(r.ok());
    const auto& key = r.ok() ? r.value().key.key : std::nullopt;
    const bool exact = key && *key == spec.key;
    if (!exact) {
        std::printf("%s: %s (%s, seed %u) read as %s\n", trap, spec.key.name().c_str(),
                    gen::style_name(spec.style).c_str(), spec.seed,
                    key ? key->name().c_str() : "none");
    }
    return exact;
}

// The share of bars whose chord is the key's IV or V (major keys).
double subdominant_and_dominant_share(const gen::SongSpec& spec) {
    const gen::GroundTruth truth = gen::make_truth(spec);
    double on_iv_v = 0.0;
    for (std::size_t i = 0; i < truth.chords.size(); ++i) {
        const auto& c = truth.chords[i];
        const double end =
            i + 1 < truth.chords.size() ? truth.chords[i + 1].start_s : truth.sections.back().end_s;
        const int degree = (c.root - spec.key.tonic + 12) % 12;
        if (!c.minor && (degree == 5 || degree == 7)) on_iv_v += end - c.start_s;
    }
    return on_iv_v / (truth.sections.back().end_s - truth.sections.front().start_s);
}

// Same tonic, both modes: F minor must not read as F major, nor C major as C minor.
TEST(KeyTraps, ParallelMajorAndMinorAreToldApart) {
    int exact = 0, songs = 0;
    for (int i = 0; i < 10; ++i) {
        const int tonic = (5 + 7 * i) % 12;
        for (bool minor : {true, false}) {
            exact += key_exact(trap_spec(MusicalKey{tonic, minor}, i, 700 + i), "parallel");
            ++songs;
        }
    }
    std::printf("parallel pairs: %d/%d exact\n", exact, songs);
    EXPECT_GE(exact, songs - 1);
}

// Same notes, other tonic: A minor must not read as C major, nor C# minor as E major.
TEST(KeyTraps, RelativeMajorAndMinorAreToldApart) {
    int exact = 0, songs = 0;
    for (int i = 0; i < 10; ++i) {
        const int minor_tonic = (1 + 5 * i) % 12;
        for (const MusicalKey key :
             {MusicalKey{minor_tonic, true}, MusicalKey{(minor_tonic + 3) % 12, false}}) {
            exact += key_exact(trap_spec(key, i + 2, 800 + i), "relative");
            ++songs;
        }
    }
    std::printf("relative pairs: %d/%d exact\n", exact, songs);
    EXPECT_GE(exact, songs - 2);
}

// Minor progressions cadence on the major V (E major in A minor, the raised leading tone),
// major ones here spend at least 40 % of their bars on IV or V: neither may read as the key a
// fifth away.
TEST(KeyTraps, DominantAndSubdominantChordsDoNotMoveTheKeyByAFifth) {
    int exact = 0, songs = 0;
    for (int i = 0; i < 12; ++i) {
        exact += key_exact(trap_spec(MusicalKey{i, true}, i, 900 + std::uint32_t(i)), "fifth");
        ++songs;
        // The first seed from 950 whose progression leans on IV and V.
        auto spec = trap_spec(MusicalKey{(i + 4) % 12, false}, i + 1, 950);
        while (subdominant_and_dominant_share(spec) < 0.4) ++spec.seed;
        exact += key_exact(spec, "fifth");
        ++songs;
    }
    std::printf("fifth traps: %d/%d exact\n", exact, songs);
    EXPECT_GE(exact, songs - 1);
}

}  // namespace
}  // namespace minidj
