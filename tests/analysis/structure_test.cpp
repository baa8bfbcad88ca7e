// The structure stage (minidj/structure.h) on generated music with known sections, and the
// definition of a phrase. The corpus-size figures are eval/eval_structure.py's (docs/structure.md);
// these tests hold the behaviour a mix relies on.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "minidj/analysis.h"
#include "minidj/generator.h"
#include "minidj/structure.h"

namespace minidj {
namespace {

TrackAnalysis analyse(const gen::SongSpec& spec) {
    const gen::Song song = gen::render(spec);
    auto r = analyze_samples(song.samples.data(), song.frames(), song.sample_rate, 2);
    EXPECT_TRUE(r.ok());
    return r.ok() ? r.value() : TrackAnalysis{};
}

bool on_one_of(const std::vector<double>& times, double t) {
    return std::any_of(times.begin(), times.end(), [&](double x) { return std::fabs(x - t) < 1e-9; });
}

// Share of the true inner boundaries that a found inner boundary lies within 0.5 s of, and of
// the found ones that lie within 0.5 s of a true one (the first and last are left out, as
// mir_eval's trim does); F of the two.
double boundary_f(const std::vector<double>& truth, const std::vector<double>& found) {
    auto hits = [](const std::vector<double>& from, const std::vector<double>& in) {
        double n = 0;
        for (double t : from) n += std::any_of(in.begin(), in.end(), [&](double x) { return std::fabs(x - t) <= 0.5; });
        return from.empty() ? 0.0 : n / double(from.size());
    };
    const double recall = hits(truth, found), precision = hits(found, truth);
    return recall + precision > 0 ? 2 * recall * precision / (recall + precision) : 0.0;
}

std::vector<double> inner_starts(const TrackStructure& s) {
    std::vector<double> out;
    for (std::size_t i = 1; i < s.sections.size(); ++i) out.push_back(s.sections[i].start_s);
    return out;
}

std::vector<double> inner_starts(const gen::GroundTruth& truth) {
    std::vector<double> out;
    for (std::size_t i = 1; i < truth.sections.size(); ++i) out.push_back(truth.sections[i].start_s);
    return out;
}

std::string label_at(const TrackStructure& s, double t) {
    for (const SongSection& x : s.sections) {
        if (x.start_s <= t && t < x.end_s) return section_label_name(x.label);
    }
    return "none";
}

// Per-bar share of the truth's labels that `s` gives (the label at each bar's middle).
double label_share(const gen::GroundTruth& truth, const TrackStructure& s) {
    double right = 0;
    for (const gen::Section& x : truth.sections) {
        for (int bar = 0; bar < x.bars; ++bar) right += label_at(s, x.start_s + (bar + 0.5) * (x.end_s - x.start_s) / x.bars) == x.name;
    }
    return right / double(truth.downbeats.size());
}

bool has_label(const TrackStructure& s, SectionLabel label) {
    return std::any_of(s.sections.begin(), s.sections.end(), [&](const SongSection& x) { return x.label == label; });
}

// Three drawn arrangements in three styles: the sections are cut near the truth, labelled
// right for most bars, and the cut beats a boundary every 8 bars (the naive baseline).
TEST(Structure, DrawnArrangementsAreCutAndLabelledNearTheTruth) {
    const gen::Style styles[] = {gen::Style::kHouse, gen::Style::kTechno, gen::Style::kDrumAndBass};
    const double tempi[] = {124.0, 131.0, 172.0};
    double f_sum = 0, baseline_sum = 0, labels_sum = 0;
    for (int i = 0; i < 3; ++i) {
        gen::SongSpec spec;
        spec.style = styles[i];
        spec.bpm = tempi[i];
        spec.arrangement = 201 + std::uint32_t(i);
        spec.seed = 201 + std::uint32_t(i);
        const TrackAnalysis a = analyse(spec);
        const gen::GroundTruth& truth = gen::make_truth(spec);
        const TrackStructure& s = a.structure;
        ASSERT_FALSE(s.sections.empty()) << i;
        std::vector<double> every_8;
        for (std::size_t b = 8; b < truth.downbeats.size(); b += 8) every_8.push_back(truth.downbeats[b]);
        const double f = boundary_f(inner_starts(truth), inner_starts(s));
        f_sum += f;
        baseline_sum += boundary_f(inner_starts(truth), every_8);
        double right = 0;
        for (const gen::Section& x : truth.sections) {
            for (int bar = 0; bar < x.bars; ++bar) {
                const double middle = x.start_s + (bar + 0.5) * (x.end_s - x.start_s) / x.bars;
                right += label_at(s, middle) == x.name;
            }
        }
        labels_sum += right / double(truth.downbeats.size());
        EXPECT_FALSE(has_label(s, SectionLabel::kVerse) || has_label(s, SectionLabel::kChorus)) << "a dance track read as a song";
        std::printf("arrangement %u (%s): F %.2f, labels %.2f\n", spec.arrangement,
                    gen::style_name(spec.style).c_str(), f, right / double(truth.downbeats.size()));
    }
    EXPECT_GE(f_sum / 3, 0.7);
    EXPECT_GE(f_sum / 3, baseline_sum / 3 + 0.3);
    EXPECT_GE(labels_sum / 3, 0.85);
}

// Songs (verse, chorus, bridge; the band plays through verse and chorus, which differ in their
// chords and melody more than in their level) read as songs; the negative control is the same
// analyses with the harmony erased from the per-beat matrix (every chroma bin equal) and no
// melody level (as analyser v7 stored it), which leaves nothing to tell a verse from a chorus:
// then no track reads as a song.
TEST(Structure, SongsReadAsVersesAndChoruses) {
    const gen::Style styles[] = {gen::Style::kHipHop, gen::Style::kHouse, gen::Style::kTechno, gen::Style::kAmbient};
    const double tempi[] = {92.0, 122.0, 128.0, 84.0};
    int songs = 0, songs_without_harmony = 0;
    double labels = 0;
    for (int i = 0; i < 4; ++i) {
        gen::SongSpec spec;
        spec.style = styles[i];
        spec.bpm = tempi[i];
        spec.arrangement = 401 + std::uint32_t(i);
        spec.seed = spec.arrangement;
        spec.song_form = true;
        const TrackAnalysis a = analyse(spec);
        const gen::GroundTruth truth = gen::make_truth(spec);
        TrackAnalysis flat = a;
        for (std::size_t r = 0; r < flat.beat_features.rows(); ++r) {
            for (int pc = 0; pc < 12; ++pc) flat.beat_features.values[r * BeatFeatures::kColumns + BeatFeatures::kChroma0 + pc] = 1.0f;
            flat.beat_features.values[r * BeatFeatures::kColumns + BeatFeatures::kMelody] = std::nanf("");
        }
        const TrackStructure without = analyze_structure(flat);
        const bool song = has_label(a.structure, SectionLabel::kVerse) && has_label(a.structure, SectionLabel::kChorus);
        songs += song;
        songs_without_harmony += has_label(without, SectionLabel::kVerse) || has_label(without, SectionLabel::kChorus);
        labels += label_share(truth, a.structure);
        std::printf("song %u (%s): read as a song %d, labels %.2f, without harmony %.2f\n", spec.arrangement,
                    gen::style_name(spec.style).c_str(), int(song), label_share(truth, a.structure),
                    label_share(truth, without));
    }
    EXPECT_GE(songs, 3);
    EXPECT_GE(labels / 4, 0.75);
    EXPECT_EQ(songs_without_harmony, 0);
}

// The negative control: 8 bars of one unchanging drop are one section. And the styles' own
// plan, intro / drop / outro of 8 bars each, is read in that order with the drop cut exactly.
// (In the presets' layering an outro opens as the drop without its lead and stabs, and the
// bass leaves half-way: its start is heard by the lead leaving or, where the lead is soft, 4
// bars later with the bass; drawn arrangements strip outros clearly. The mix-out cue is then on
// a phrase start inside the true outro.)
TEST(Structure, OneSectionStaysOneAndAnIntroIsCutFromItsDrop) {
    gen::SongSpec spec;
    spec.plain_production = true;
    spec.bars = 8;
    const TrackAnalysis steady = analyse(spec);
    ASSERT_EQ(steady.structure.sections.size(), 1u);
    EXPECT_EQ(steady.structure.sections[0].label, SectionLabel::kDrop);
    EXPECT_EQ(steady.structure.mix_in->reason, "the first phrase (no intro was heard)");

    spec.bars = 24;  // intro 8, drop 8, outro 8
    const TrackAnalysis three = analyse(spec);
    const gen::GroundTruth truth = gen::make_truth(spec);
    ASSERT_EQ(three.structure.sections.size(), 3u);
    EXPECT_EQ(three.structure.sections[0].label, SectionLabel::kIntro);
    EXPECT_EQ(three.structure.sections[1].label, SectionLabel::kDrop);
    EXPECT_EQ(three.structure.sections[2].label, SectionLabel::kOutro);
    EXPECT_NEAR(three.structure.sections[1].start_s, truth.sections[1].start_s, 0.05);
    EXPECT_GE(three.structure.sections[2].start_s, truth.sections[2].start_s - 0.05);
    EXPECT_LE(three.structure.sections[2].start_s, truth.sections[2].start_s + 4 * 2.0 + 0.05);
    EXPECT_GT(three.structure.sections[1].energy, three.structure.sections[0].energy);
    EXPECT_GT(three.structure.sections[1].energy, three.structure.sections[2].energy);
    EXPECT_EQ(three.structure.mix_out->reason, "the outro's start");
    EXPECT_EQ(three.structure.mix_out->time_s, three.structure.sections[2].start_s);
}

double outro_start(const TrackStructure& s) {
    for (const SongSection& x : s.sections) {
        if (x.label == SectionLabel::kOutro) return x.start_s;
    }
    return -1.0;
}

// Outros that shed their layers in stages: first the lead and bass stop under drums and pads
// that go on (band levels within about 1 dB of the drop's), later the snare and open hats.
// The start is the first stage, heard by the tonal and melody levels of the per-beat matrix.
// The negative control is the same analyses as a library stored before either (analyser
// version 6) keeps them: without them, the cut falls at the louder second stage, bars late,
// more often.
TEST(Structure, StagedOutrosStartWhereTheLeadAndBassStop) {
    int found = 0, found_without = 0;
    constexpr int kTracks = 6;
    for (int i = 0; i < kTracks; ++i) {
        gen::SongSpec spec;
        spec.style = i % 2 == 0 ? gen::Style::kHouse : gen::Style::kTechno;
        spec.bpm = i % 2 == 0 ? 124.0 : 131.0;
        spec.arrangement = 301 + std::uint32_t(i);
        spec.seed = spec.arrangement;
        const TrackAnalysis a = analyse(spec);
        const gen::GroundTruth truth = gen::make_truth(spec);
        const gen::Section& outro = truth.sections.back();
        ASSERT_EQ(outro.name, "outro");
        const double bar = 60.0 / spec.bpm * 4;
        TrackAnalysis before_7 = a;
        for (std::size_t r = 0; r < before_7.beat_features.rows(); ++r) {
            before_7.beat_features.values[r * BeatFeatures::kColumns + BeatFeatures::kTonal] = std::nanf("");
            before_7.beat_features.values[r * BeatFeatures::kColumns + BeatFeatures::kMelody] = std::nanf("");
        }
        const TrackStructure without = analyze_structure(before_7);
        const bool with_it = std::fabs(outro_start(a.structure) - outro.start_s) < 0.5 * bar;
        const bool without_it = std::fabs(outro_start(without) - outro.start_s) < 0.5 * bar;
        std::printf("arrangement %u: outro at bar %.1f, found at %.1f, without the tonal and melody levels %.1f\n", spec.arrangement,
                    outro.start_s / bar, outro_start(a.structure) / bar, outro_start(without) / bar);
        found += with_it;
        found_without += without_it;
    }
    EXPECT_GE(found, kTracks - 1);
    EXPECT_LT(found_without, found);
}

// Where the lead is mixed quietly (3 dB or more under the pads, as the truth's production
// says), the lead and stabs stopping for the outro moves every band, and the tonal level
// summed over 110 Hz-1.5 kHz, by about 1 dB: the bass's harmonics and the chords' body fill that
// sum. The melody level (its part from middle C up) still falls 5-10 dB. The tracks are the
// first six of arrangements 501 on with such a mix, in three styles. The negative control is
// the same analyses without the melody column, as a library of analyser version 7 stores
// them: fewer outros are found. (eval_structure.py's "quiet lead" row: 86 of the 96 such
// tracks in its four ranges, 68 without.)
TEST(Structure, AQuietLeadLeavingForTheOutroIsHeardInItsRegister) {
    const gen::Style styles[] = {gen::Style::kHouse, gen::Style::kTechno, gen::Style::kDrumAndBass};
    const double tempi[] = {124.0, 131.0, 172.0};
    int tracks = 0, found = 0, found_without = 0;
    for (std::uint32_t k = 501; tracks < 6 && k < 600; ++k) {
        gen::SongSpec spec;
        spec.style = styles[tracks % 3];
        spec.bpm = tempi[tracks % 3];
        spec.arrangement = k;
        spec.seed = k;
        const gen::GroundTruth truth = gen::make_truth(spec);
        if (truth.mix.lead_db > truth.mix.pad_db - 3.0 || truth.sections.back().name != "outro") continue;
        ++tracks;
        const TrackAnalysis a = analyse(spec);
        TrackAnalysis before_8 = a;
        for (std::size_t r = 0; r < before_8.beat_features.rows(); ++r) {
            before_8.beat_features.values[r * BeatFeatures::kColumns + BeatFeatures::kMelody] = std::nanf("");
        }
        const double start = truth.sections.back().start_s, bar = 60.0 / spec.bpm * 4;
        const double with_it = outro_start(a.structure), without = outro_start(analyze_structure(before_8));
        std::printf("arrangement %u (%s, lead %.1f dB under the pads): outro at bar %.1f, found at %.1f, "
                    "without the melody level %.1f\n", k, gen::style_name(spec.style).c_str(),
                    truth.mix.pad_db - truth.mix.lead_db, start / bar, with_it / bar, without / bar);
        found += std::fabs(with_it - start) < 0.5 * bar;
        found_without += std::fabs(without - start) < 0.5 * bar;
    }
    ASSERT_EQ(tracks, 6);
    EXPECT_GE(found, 4);
    EXPECT_LT(found_without, found);
}

// Every cue a mix may take is a downbeat that starts a phrase; the sections tile the bars from
// where the music starts. This arrangement opens with 16 bars of pads and hats that the beat
// grid has no downbeat in: the intro still starts with the music, its bars counted back at the
// track's bar length, and B is entered on its first downbeat with a beat.
TEST(Structure, CuesAreDownbeatsThatStartPhrases) {
    gen::SongSpec spec;
    spec.arrangement = 204;
    spec.seed = 204;
    const TrackAnalysis a = analyse(spec);
    const gen::GroundTruth truth = gen::make_truth(spec);
    const TrackStructure& s = a.structure;
    ASSERT_FALSE(a.grid.downbeats.empty());
    ASSERT_GT(a.grid.downbeats.front(), 8 * 60.0 / spec.bpm * 4) << "the grid should start after the beatless bars";
    ASSERT_TRUE(s.mix_in && s.mix_out);
    for (const CuePoint* cue : {&*s.mix_in, &*s.mix_out}) {
        EXPECT_TRUE(on_one_of(s.phrases, cue->time_s)) << cue->reason;
        EXPECT_TRUE(on_one_of(a.grid.downbeats, cue->time_s)) << cue->reason;
    }
    for (double p : s.phrases) EXPECT_TRUE(on_one_of(a.grid.downbeats, p)) << p;
    ASSERT_FALSE(s.sections.empty());
    EXPECT_EQ(s.sections.front().label, SectionLabel::kIntro);
    EXPECT_NEAR(s.sections.front().start_s, truth.sections.front().start_s, 60.0 / spec.bpm * 4);
    EXPECT_EQ(s.mix_in->reason, "the intro's first beat (it opens without one)");
    EXPECT_EQ(s.mix_in->time_s, a.grid.downbeats.front());
    const double bar = (a.grid.downbeats.back() - a.grid.downbeats.front()) / double(a.grid.downbeats.size() - 1);
    const auto counted_back = std::lround((a.grid.downbeats.front() - s.sections.front().start_s) / bar);
    int bars = 0;
    for (std::size_t i = 0; i < s.sections.size(); ++i) {
        if (i > 0) {
            EXPECT_EQ(s.sections[i].start_s, s.sections[i - 1].end_s);
            EXPECT_NE(s.sections[i].label, s.sections[i - 1].label);
        }
        EXPECT_GE(s.sections[i].energy, 1);
        EXPECT_LE(s.sections[i].energy, 10);
        bars += s.sections[i].bars;
    }
    EXPECT_EQ(bars, int(a.grid.downbeats.size() + counted_back));
    EXPECT_LT(s.mix_in->time_s, s.mix_out->time_s);
}

// Silence before the music is no intro: a track with 6 s of lead-in starts its sections with
// the music.
TEST(Structure, SilenceBeforeTheMusicIsNoSection) {
    gen::SongSpec spec;
    spec.plain_production = true;
    spec.bars = 24;
    spec.lead_in_s = 6.0;
    const TrackAnalysis a = analyse(spec);
    ASSERT_FALSE(a.structure.sections.empty());
    EXPECT_NEAR(a.structure.sections.front().start_s, 6.0, 0.05);
    EXPECT_EQ(a.structure.mix_in->reason, "the intro's start");
}

// Phrases are counted in 8 bars from each section's start, not from the first downbeat only: a
// 12-bar section puts the next phrase on its end, not 4 bars later.
TEST(Structure, PhrasesStartAgainWithEachSection) {
    std::vector<double> downbeats;
    for (int bar = 0; bar < 40; ++bar) downbeats.push_back(2.0 * bar);
    const std::vector<SongSection> sections = {{0.0, 24.0, SectionLabel::kIntro, 3, 12},
                                               {24.0, 80.0, SectionLabel::kDrop, 8, 28}};
    EXPECT_EQ(phrase_starts(sections, downbeats), (std::vector<double>{0, 16, 24, 40, 56, 72}));
    EXPECT_EQ(phrase_starts({}, downbeats), (std::vector<double>{0, 16, 32, 48, 64}));
    EXPECT_EQ(phrase_starts(sections, downbeats, 16), (std::vector<double>{0, 24, 56}));
}

}  // namespace
}  // namespace minidj
