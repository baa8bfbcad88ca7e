// Training: too little data refused; a short run on made-up tracks learns both parts; the
// saved model scores exactly as the trained one.
#include <gtest/gtest.h>

#include "brain/synthetic.h"
#include "minidj/brain.h"
#include "support/temp_dir.h"

namespace minidj::brain {
namespace {

std::vector<TrainingTrack> made_up_tracks(int n, std::uint32_t seed) {
    std::mt19937 rng(seed);
    std::vector<TrainingTrack> tracks;
    for (int i = 0; i < n; ++i) tracks.push_back(test::random_training_track(rng, i, 8));
    return tracks;
}

TEST(Train, RefusesTooFewTracks) {
    const auto tracks = made_up_tracks(int(kMinTrainingTracks) - 1, 1);
    const auto r = train(tracks, {});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message, "train: 19 tracks is too few to train on (at least 20 are needed)");
}

TEST(Train, RefusesBadOptions) {
    TrainOptions o;
    o.epochs = 0;
    EXPECT_EQ(o.validate().error().message, "train: epochs 0 outside 1..10000");
}

TEST(Train, StopsWhenCancelled) {
    const auto tracks = made_up_tracks(30, 2);
    std::atomic<bool> cancel{true};
    const auto r = train(tracks, {}, {}, &cancel);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message, "train: cancelled");
}

TEST(Train, LearnsBothPartsAndSavesExactly) {
    const auto tracks = made_up_tracks(60, 3);
    TrainOptions o;
    o.epochs = 8;
    o.rule_pairs_per_track = 150;
    int reports = 0;
    const auto r = train(tracks, o, [&](const EpochReport& e) { EXPECT_EQ(e.epoch, ++reports); });
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(reports, 8);
    const auto& f = r.value()->figures();
    EXPECT_EQ(f.train_tracks + f.val_tracks, 60);
    EXPECT_EQ(f.val_tracks, 12);
    EXPECT_GT(f.rule_val_accuracy, 0.9);
    // Seams of one made-up track share a key and level: easy to tell from cross-track seams.
    EXPECT_GT(f.continuity_auc, 0.8);

    test::TempDir dir;
    ASSERT_TRUE(r.value()->save(dir / "m.brain").ok());
    const auto back = Model::load(dir / "m.brain");
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_DOUBLE_EQ(back.value()->figures().continuity_auc, f.continuity_auc);
    std::vector<TrackFeatures> rows;
    for (const auto& t : tracks) rows.push_back(t.features);
    const auto before = r.value()->score(rows[0], rows);
    const auto after = back.value()->score(rows[0], rows);
    for (std::size_t i = 0; i < rows.size(); ++i) EXPECT_EQ(before[i].score, after[i].score);
}

}  // namespace
}  // namespace minidj::brain
