// The shipped model (models/default.brain): it loads, its recorded figures meet the bars, and
// it holds them on data it was never trained on (made-up feature rows, generated songs).
#include <gtest/gtest.h>

#include <random>

#include "brain/synthetic.h"
#include "minidj/brain.h"
#include "minidj/generator.h"

namespace minidj::brain {
namespace {

const Model& shipped() {
    static const auto model = [] {
        auto m = Model::load_default();
        EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().message);
        return m.ok() ? std::move(m.value()) : nullptr;
    }();
    if (!model) throw std::runtime_error("no shipped model");
    return *model;
}

TEST(ShippedModel, RecordedFigures) {
    const auto& f = shipped().figures();
    EXPECT_GE(f.rule_val_accuracy, 0.99);
    // "Clearly better": the network at most halves the baseline's misordered seam pairs
    // (1 - AUC). An absolute margin cannot be asked of a baseline already near 1.
    EXPECT_LE(1.0 - f.continuity_auc, 0.5 * (1.0 - f.baseline_auc));
    EXPECT_GE(f.train_tracks, 50);
    EXPECT_GE(f.val_tracks, 10);
    EXPECT_NE(f.trained_on.find("Debian"), std::string::npos);  // real music
}

// How often the rule part's verdict (>= 0.5) is the rulebook's under `rules`, on `rows` random
// rows A, each with 40 random partners B that `near` moves towards A.
struct Agreement {
    int right = 0, total = 0, compatible = 0;
};
template <class Near>
Agreement rule_agreement(std::uint32_t seed, int rows, const Rulebook& rules, Near near) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    Agreement out;
    for (int i = 0; i < rows; ++i) {
        const auto a = test::random_row(rng, i);
        std::vector<TrackFeatures> bs;
        for (int j = 0; j < 40; ++j) {
            auto b = test::random_row(rng, 1000 + j);
            near(a, b, [&] { return u(rng); });
            bs.push_back(b);
        }
        const auto scores = shipped().score(a, bs, rules);
        for (std::size_t j = 0; j < bs.size(); ++j) {
            const bool truth = rulebook_compatible(a, bs[j], rules);
            out.compatible += truth;
            out.right += (scores[j].parts.rule >= 0.5) == truth;
            ++out.total;
        }
    }
    return out;
}

// Rulebook accuracy on pairs of random rows: tempos and keys anywhere, so the tempo boundary
// and every wheel relation are crossed.
TEST(ShippedModel, RulebookOnUnseenPairs) {
    const auto r = rule_agreement(2024, 50, Rulebook{}, [](const TrackFeatures& a, TrackFeatures& b, auto u) {
        if (u() < 0.6) b.bpm = a.bpm * (u() < 0.2 ? 2.0 : 1.0) * (0.88 + 0.24 * u());
        if (u() < 0.5) {  // same, +1 or -1 on the wheel
            b.camelot_number = (a.camelot_number + 10 + int(3 * u())) % 12 + 1;
            b.minor = a.minor;
        }
    });
    EXPECT_GT(r.compatible, r.total / 5);  // both classes well represented
    EXPECT_GE(double(r.right) / r.total, 0.99) << r.right << " / " << r.total;
}

// A set's own rules (another tempo limit, another key rule) are the ones the rule part judges:
// pairs scored against a wider limit with strict keys and a narrower one with any key agree
// with the rulebook under those rules.
TEST(ShippedModel, TheRulePartJudgesBySetsOwnRules) {
    for (const Rulebook rules : {Rulebook{0.10, HarmonicRule::kStrict}, Rulebook{0.04, HarmonicRule::kOff}}) {
        const auto r = rule_agreement(7, 30, rules, [](const TrackFeatures& a, TrackFeatures& b, auto u) {
            b.bpm = a.bpm * (0.86 + 0.28 * u());
            if (u() < 0.6) {  // -1 .. +2 on the wheel: the strict rule forbids +2
                b.camelot_number = (a.camelot_number + 10 + int(4 * u())) % 12 + 1;
                b.minor = a.minor;
            }
        });
        EXPECT_GT(r.compatible, r.total / 5);
        EXPECT_GE(double(r.right) / r.total, 0.97) << rules.max_tempo_change << ": " << r.right << " / " << r.total;
    }
}

// Continuity on generated songs: a song's own phrase i -> i + 1 must on average score above a
// phrase of one song followed by a phrase of another song in another key and style.
TEST(ShippedModel, ContinuityOnGeneratedSongs) {
    const gen::Style styles[] = {gen::Style::kHouse, gen::Style::kTechno, gen::Style::kHipHop};
    std::vector<std::vector<InnerSeam>> songs;
    for (int s = 0; s < 3; ++s) {
        gen::SongSpec spec;
        spec.bpm = 120.0 + 4 * s;
        spec.bars = 40;
        spec.style = styles[s];
        spec.key = MusicalKey{(s * 5) % 12, s % 2 == 0};
        spec.seed = std::uint32_t(7 + s);
        const auto song = gen::render(spec);
        const auto a = analyze_samples(song.samples.data(), song.frames(), song.sample_rate, 2);
        ASSERT_TRUE(a.ok()) << a.error().message;
        songs.push_back(inner_seams(a.value(), 4));
        ASSERT_FALSE(songs.back().empty());
    }
    const auto side = [](const SeamVector& v) {
        TrackFeatures f;
        f.outgoing = f.incoming = {v, true};
        return f;
    };
    double same = 0, cross = 0;
    int n_same = 0, n_cross = 0;
    for (std::size_t s = 0; s < songs.size(); ++s) {
        for (const auto& seam : songs[s]) {
            std::vector<TrackFeatures> next = {side(seam.incoming)};
            for (std::size_t o = 0; o < songs.size(); ++o) {
                if (o != s) next.push_back(side(songs[o].front().incoming));
            }
            const auto scores = shipped().score(side(seam.outgoing), next);
            same += scores[0].parts.continuity;
            ++n_same;
            for (std::size_t k = 1; k < scores.size(); ++k, ++n_cross) cross += scores[k].parts.continuity;
        }
    }
    EXPECT_GT(same / n_same, cross / n_cross + 0.1) << "inside songs " << same / n_same << ", across "
                                                   << cross / n_cross;
}

TEST(ShippedModel, ScoresAreInRangeAndExplained) {
    std::mt19937 rng(5);
    const auto a = test::random_row(rng, 0);
    auto b = a;
    b.path = "/music/other/b.flac";
    b.incoming = a.outgoing;  // B enters exactly as A leaves
    const auto s = shipped().score(a, std::span(&b, 1)).front();
    EXPECT_GE(s.score, 0.0);
    EXPECT_LE(s.score, 1.0);
    EXPECT_EQ(s.parts.tempo.relation, TempoRelation::kSame);
    EXPECT_EQ(s.parts.key, KeyRelation::kSame);
    EXPECT_GT(s.parts.rule, 0.9);
    EXPECT_NEAR(s.parts.harmonic_continuity, 1.0, 1e-6);
    EXPECT_NEAR(s.score, std::sqrt(s.parts.rule * s.parts.continuity), 1e-6);
    const TrackFeatures* rows[] = {&b};
    EXPECT_FLOAT_EQ(shipped().score_values(a, rows).front(), float(s.score));
}

}  // namespace
}  // namespace minidj::brain
