// Recommendation: best first, filters honoured, the seed never returned, scores as the model's.
#include <gtest/gtest.h>

#include <random>

#include "brain/synthetic.h"
#include "minidj/planner.h"

namespace minidj::planner {
namespace {

struct Fixture {
    std::unique_ptr<brain::Model> model;
    std::vector<brain::TrackFeatures> rows;
    Fixture() {
        auto m = brain::Model::load_default();
        EXPECT_TRUE(m.ok());
        if (m.ok()) model = std::move(m.value());
        std::mt19937 rng(11);
        for (int i = 0; i < 400; ++i) rows.push_back(test::random_row(rng, i));
    }
};

TEST(Recommend, BestFirstAndTheSeedExcluded) {
    Fixture f;
    ASSERT_TRUE(f.model);
    const auto& seed = f.rows[0];
    const auto best = recommend(*f.model, seed, f.rows, {});
    ASSERT_EQ(best.size(), 10u);
    for (std::size_t i = 0; i < best.size(); ++i) {
        EXPECT_NE(best[i].index, 0u);
        if (i > 0) {
            EXPECT_LE(best[i].score.score, best[i - 1].score.score);
        }
    }
    // Nothing outside the top 10 scores higher than the 10th.
    const auto all = f.model->score(seed, f.rows);
    int higher = 0;
    for (std::size_t i = 1; i < all.size(); ++i) higher += all[i].score > best.back().score.score + 1e-6;
    EXPECT_LE(higher, 9);
    EXPECT_NEAR(best[0].score.score, all[best[0].index].score, 1e-6);
}

TEST(Recommend, Filters) {
    Fixture f;
    ASSERT_TRUE(f.model);
    const auto& seed = f.rows[1];
    RecommendOptions o;
    o.k = 400;
    o.bpm_range = std::pair{100.0, 120.0};
    for (const auto& r : recommend(*f.model, seed, f.rows, o)) {
        EXPECT_GE(f.rows[r.index].bpm, 100.0);
        EXPECT_LE(f.rows[r.index].bpm, 120.0);
    }
    o.bpm_range.reset();
    o.key_compatible = true;
    o.exclude_artist = true;
    const auto kept = recommend(*f.model, seed, f.rows, o);
    EXPECT_FALSE(kept.empty());
    for (const auto& r : kept) {
        EXPECT_NE(brain::key_relation(seed, f.rows[r.index]), brain::KeyRelation::kClash);
        EXPECT_NE(artist_of(f.rows[r.index].artist, f.rows[r.index].path), artist_of(seed.artist, seed.path));
    }
}

TEST(Recommend, FewerCandidatesThanK) {
    Fixture f;
    ASSERT_TRUE(f.model);
    std::vector<brain::TrackFeatures> three(f.rows.begin(), f.rows.begin() + 3);
    three[1].bpm = three[0].bpm * 1.3;  // off the rulebook: still listed, there are too few
    EXPECT_EQ(recommend(*f.model, three[0], three, {}).size(), 2u);
}

TEST(Recommend, BadOptions) {
    RecommendOptions o;
    o.k = 0;
    EXPECT_EQ(o.validate().error().message, "recommend: k must be at least 1");
    o.k = 5;
    o.bpm_range = std::pair{130.0, 120.0};
    EXPECT_FALSE(o.validate().ok());
}

TEST(Recommend, TheArtistIsTheTagAndTheFolderOnlyWithoutOne) {
    EXPECT_EQ(artist_of("", "/music/Daft Punk/one.flac"), "Daft Punk");
    EXPECT_EQ(artist_of("Daft Punk", "/music/Daft Punk/Homework/one.flac"), "Daft Punk");
    Fixture f;
    ASSERT_TRUE(f.model);
    std::vector<brain::TrackFeatures> rows(f.rows.begin(), f.rows.begin() + 3);
    for (auto& r : rows) r.bpm = rows[0].bpm;
    rows[0].path = "/music/Various/Album/a.flac";
    rows[1].path = "/music/Various/Album/b.flac";  // same folder, another artist
    rows[2].path = "/music/Various/Other/c.flac";  // another folder, the seed's artist
    rows[0].artist = rows[2].artist = "Alice";
    rows[1].artist = "Bob";
    RecommendOptions o;
    o.exclude_artist = true;
    const auto kept = recommend(*f.model, rows[0], rows, o);
    ASSERT_EQ(kept.size(), 1u);
    EXPECT_EQ(kept[0].index, 1u);
}

}  // namespace
}  // namespace minidj::planner
