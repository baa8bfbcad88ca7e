// The set planner on problems whose best answer is known: tracks on a line where each seam is
// perfect only into the next one, tempo and key limits, fixed ends, artist spacing, arcs.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include "minidj/brain.h"
#include "minidj/set_planner.h"
#include "planner/set_rules.h"

namespace minidj::planner {
namespace {

// n tracks at 120 BPM in one key whose hidden "position" is a shuffle of 0..n-1; a seam scores
// 1 into the next position and falls off with the distance from it.
struct LineProblem {
    std::vector<SetCandidate> candidates;
    std::vector<int> position;
    SeamScorer scorer;

    explicit LineProblem(int n, std::uint64_t seed = 7) {
        position.resize(std::size_t(n));
        std::iota(position.begin(), position.end(), 0);
        std::mt19937_64 rng(seed);
        std::shuffle(position.begin(), position.end(), rng);
        for (int i = 0; i < n; ++i) {
            SetCandidate c;
            c.path = fmt::format("t{}", i);
            c.bpm = 120.0;
            c.key = MusicalKey{9, true};
            c.energy = double(position[std::size_t(i)]);  // energy rises along the line
            c.play_seconds = 180.0;
            candidates.push_back(c);
        }
        scorer = [this](std::size_t from, std::span<const std::size_t> to, std::span<float> out) {
            for (std::size_t k = 0; k < to.size(); ++k) {
                const int step = position[to[k]] - position[from];
                out[k] = float(std::exp(-std::abs(step - 1)));
            }
        };
    }
};

SetRequest flat_request(std::size_t tracks) {
    SetRequest r;
    r.tracks = tracks;
    r.arc = EnergyArc::kFlat;
    r.arc_weight = 0.0;  // seams only: the best order is the line itself
    return r;
}

TEST(SetPlanner, BeamSearchFindsTheLineAndBeatsBothBaselines) {
    LineProblem p(12);
    const auto request = flat_request(12);
    const auto beam = plan_set(p.candidates, p.scorer, request, SearchMethod::kBeamAnneal);
    const auto greedy = plan_set(p.candidates, p.scorer, request, SearchMethod::kGreedy);
    const auto random = plan_set(p.candidates, p.scorer, request, SearchMethod::kRandom);
    ASSERT_TRUE(beam.ok() && greedy.ok() && random.ok());
    EXPECT_NEAR(beam.value().objective.seam, 1.0, 1e-6);
    for (std::size_t i = 1; i < beam.value().order.size(); ++i) {
        EXPECT_EQ(p.position[beam.value().order[i]], p.position[beam.value().order[i - 1]] + 1);
    }
    EXPECT_GE(beam.value().objective.total, greedy.value().objective.total);
    EXPECT_GT(beam.value().objective.total, random.value().objective.total + 0.2);
}

TEST(SetPlanner, WarmupArcOrdersByRisingEnergy) {
    LineProblem p(10);
    SetRequest request;
    request.tracks = 10;
    request.arc = EnergyArc::kWarmup;
    request.arc_weight = 5.0;
    const auto flat = [](std::size_t, std::span<const std::size_t> to, std::span<float> out) {
        std::fill(out.begin(), out.begin() + std::ptrdiff_t(to.size()), 0.5f);
    };
    const auto set = plan_set(p.candidates, flat, request);
    ASSERT_TRUE(set.ok()) << set.error().message;
    // Energy rises with the position (L1 ties allow neighbours to trade places).
    const auto& rank = set.value().energy_rank;
    ASSERT_EQ(rank.size(), 10u);
    double mean_pos = 4.5, mean_rank = 0.0, cov = 0.0, var_pos = 0.0, var_rank = 0.0;
    for (double r : rank) mean_rank += r / 10.0;
    for (std::size_t i = 0; i < 10; ++i) {
        cov += (double(i) - mean_pos) * (rank[i] - mean_rank);
        var_pos += (double(i) - mean_pos) * (double(i) - mean_pos);
        var_rank += (rank[i] - mean_rank) * (rank[i] - mean_rank);
    }
    EXPECT_GT(cov / std::sqrt(var_pos * var_rank), 0.95);
}

TEST(SetPlanner, EverySeamKeepsTheTempoLimitAndNoTrackRepeats) {
    std::vector<SetCandidate> c;
    for (int i = 0; i < 40; ++i) {
        SetCandidate t;
        t.path = fmt::format("t{}", i);
        t.bpm = 90.0 + 1.5 * i;  // 90..148.5
        t.energy = i % 7;
        t.play_seconds = 200;
        c.push_back(t);
    }
    const auto score = [&](std::size_t from, std::span<const std::size_t> to, std::span<float> out) {
        for (std::size_t k = 0; k < to.size(); ++k) out[k] = float(1.0 / (1.0 + std::abs(c[to[k]].bpm - c[from].bpm - 10)));
    };
    SetRequest request;
    request.tracks = 15;
    request.rules.max_tempo_change = 0.05;
    const auto set = plan_set(c, score, request);
    ASSERT_TRUE(set.ok());
    const auto& order = set.value().order;
    EXPECT_EQ(order.size(), 15u);

    auto sorted = order;
    std::sort(sorted.begin(), sorted.end());
    EXPECT_EQ(std::adjacent_find(sorted.begin(), sorted.end()), sorted.end());
    for (std::size_t i = 1; i < order.size(); ++i) {
        const double ratio = c[order[i]].bpm / c[order[i - 1]].bpm;
        const double deviation = std::min({std::abs(ratio - 1), std::abs(ratio / 2 - 1), std::abs(ratio * 2 - 1)});
        EXPECT_LE(deviation, 0.05 + 1e-9) << c[order[i - 1]].bpm << " -> " << c[order[i]].bpm;
    }
}

TEST(SetPlanner, StartEndAndArtistSpacingAreHonoured) {
    LineProblem p(16);
    for (std::size_t i = 0; i < p.candidates.size(); ++i) p.candidates[i].artist = fmt::format("artist{}", i % 4);
    auto request = flat_request(8);
    request.first = 3;
    request.last = 11;
    request.no_repeat_artist = 3;
    const auto set = plan_set(p.candidates, p.scorer, request);
    ASSERT_TRUE(set.ok()) << set.error().message;
    const auto& order = set.value().order;
    ASSERT_EQ(order.size(), 8u);
    EXPECT_EQ(order.front(), 3u);
    EXPECT_EQ(order.back(), 11u);
    for (std::size_t i = 0; i < order.size(); ++i) {
        for (std::size_t j = i + 1; j < std::min(order.size(), i + 3); ++j) {
            EXPECT_NE(p.candidates[order[i]].artist, p.candidates[order[j]].artist) << "positions " << i << ", " << j;
        }
    }
}

TEST(SetPlanner, KeysFollowTheHarmonicRule) {
    std::vector<SetCandidate> c;
    for (int i = 0; i < 24; ++i) {
        SetCandidate t;
        t.path = fmt::format("k{}", i);
        t.bpm = 124;
        t.key = MusicalKey{i % 12, i >= 12};
        t.play_seconds = 200;
        c.push_back(t);
    }
    const auto anything = [](std::size_t, std::span<const std::size_t> to, std::span<float> out) {
        std::fill(out.begin(), out.begin() + std::ptrdiff_t(to.size()), 0.7f);
    };
    SetRequest request;
    request.tracks = 10;
    request.rules.harmonic = HarmonicRule::kStrict;
    const auto set = plan_set(c, anything, request);
    ASSERT_TRUE(set.ok());
    const auto& order = set.value().order;
    for (std::size_t i = 1; i < order.size(); ++i) {
        const std::string a = c[order[i - 1]].key->camelot(), b = c[order[i]].key->camelot();
        const int na = std::stoi(a), nb = std::stoi(b);
        const int d = std::min((na - nb + 12) % 12, (nb - na + 12) % 12);
        const bool ok = (a.back() == b.back() && d <= 1) || na == nb;
        EXPECT_TRUE(ok) << a << " -> " << b;
    }
}

// One rulebook: what the planner allows by default is exactly what the Brain's rulebook (its
// training labels) calls compatible, for every pair of keys and tempos around the limit.
TEST(SetPlanner, DefaultRulesAreTheBrainsRulebook) {
    const SetRequest request;
    for (int ka = 0; ka < 24; ++ka) {
        for (int kb = 0; kb < 24; ++kb) {
            for (double change : {0.0, 0.03, 0.059, 0.061, 0.07, 0.079, 0.09}) {
                SetCandidate a, b;
                a.bpm = 124.0;
                b.bpm = 124.0 * (1.0 + change);
                a.key = MusicalKey{ka % 12, ka >= 12};
                b.key = MusicalKey{kb % 12, kb >= 12};
                brain::TrackFeatures fa, fb;
                fa.bpm = a.bpm;
                fb.bpm = b.bpm;
                fa.camelot_number = std::stoi(a.key->camelot());
                fb.camelot_number = std::stoi(b.key->camelot());
                fa.minor = a.key->minor;
                fb.minor = b.key->minor;
                EXPECT_EQ(seam_allowed(a, b, request), brain::rulebook_compatible(fa, fb))
                    << a.key->camelot() << " -> " << b.key->camelot() << " at +" << 100 * change << " %";
            }
        }
    }
}

// Tracks 0..4 rise in energy, so a warmup arc wants them in that order; the Brain scores the
// seam 2 -> 3 at 0.05, under the floor. Orders with every seam above it exist and are chosen.
TEST(SetPlanner, NeverChoosesASeamUnderTheFloorWhileAnOrderAboveItExists) {
    std::vector<SetCandidate> c(5);
    for (std::size_t i = 0; i < c.size(); ++i) {
        c[i].path = fmt::format("e{}", i);
        c[i].bpm = 124;
        c[i].energy = double(i);
        c[i].play_seconds = 180;
    }
    const auto score = [](std::size_t from, std::span<const std::size_t> to, std::span<float> out) {
        for (std::size_t k = 0; k < to.size(); ++k) out[k] = from == 2 && to[k] == 3 ? 0.05f : 0.6f;
    };
    SetRequest request;
    request.tracks = 5;
    request.arc = EnergyArc::kWarmup;
    request.arc_weight = 5.0;
    const auto set = plan_set(c, score, request);
    ASSERT_TRUE(set.ok()) << set.error().message;
    EXPECT_EQ(set.value().order.size(), 5u);
    for (float s : set.value().seam_scores) EXPECT_GE(s, 0.2f);
    EXPECT_TRUE(set.value().notes.empty());
}

// Every order of all three tracks passes through track 2, whose seams all score 0.05: the set
// is still made, and the notes say which seam is under the floor and that no order avoids it.
TEST(SetPlanner, SaysSoWhenEveryOrderHasASeamUnderTheFloor) {
    std::vector<SetCandidate> c(3);
    for (std::size_t i = 0; i < c.size(); ++i) {
        c[i].path = fmt::format("w{}", i);
        c[i].bpm = 124;
        c[i].play_seconds = 180;
    }
    const auto score = [](std::size_t from, std::span<const std::size_t> to, std::span<float> out) {
        for (std::size_t k = 0; k < to.size(); ++k) out[k] = from == 2 || to[k] == 2 ? 0.05f : 0.6f;
    };
    auto request = flat_request(3);
    const auto set = plan_set(c, score, request);
    ASSERT_TRUE(set.ok()) << set.error().message;
    EXPECT_EQ(set.value().order.size(), 3u);
    std::string notes;
    for (const auto& n : set.value().notes) notes += n + "\n";
    EXPECT_NE(notes.find("under the floor of 0.20"), std::string::npos) << notes;
    EXPECT_NE(notes.find("w2"), std::string::npos) << notes;
}

TEST(SetPlanner, TooSmallLibraryGivesTheBestShorterSetWithANote) {
    LineProblem p(4);
    const auto set = plan_set(p.candidates, p.scorer, flat_request(10));
    ASSERT_TRUE(set.ok());
    EXPECT_EQ(set.value().order.size(), 4u);
    ASSERT_FALSE(set.value().notes.empty());
    EXPECT_NE(set.value().notes.front().find("only 4 tracks"), std::string::npos);
}

TEST(SetPlanner, TempoGapsNoSeamCanBridgeAreRefusedWithAReason) {
    std::vector<SetCandidate> c(2);
    c[0].bpm = 80;
    c[1].bpm = 140;  // 1.75x: neither 8 % nor half/double time
    LineProblem p(2);
    const auto set = plan_set(c, p.scorer, flat_request(2));
    ASSERT_FALSE(set.ok());
    EXPECT_NE(set.error().message.find("tempo"), std::string::npos) << set.error().message;
}

TEST(SetPlanner, LengthDecidesHowManyTracks) {
    LineProblem p(30);
    SetRequest request;
    request.length_s = 1000.0;  // 180 s per track: 6 tracks
    const auto set = plan_set(p.candidates, p.scorer, request);
    ASSERT_TRUE(set.ok());
    EXPECT_GE(set.value().seconds, 1000.0);
    EXPECT_LE(set.value().order.size(), 7u);
}

TEST(SetPlanner, BadRequestsAreRefused) {
    LineProblem p(5);
    SetRequest none;
    EXPECT_FALSE(plan_set(p.candidates, p.scorer, none).ok());
    auto r = flat_request(3);
    r.first = 9;
    EXPECT_FALSE(plan_set(p.candidates, p.scorer, r).ok());
    r.first = 1;
    r.last = 1;
    EXPECT_FALSE(plan_set(p.candidates, p.scorer, r).ok());
}

}  // namespace
}  // namespace minidj::planner
