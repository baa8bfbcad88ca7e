// The model file: written and read back exactly; every kind of wrong file refused clearly.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "brain/model_file.h"
#include "minidj/brain.h"
#include "support/temp_dir.h"

namespace minidj::brain {
namespace {

ModelFile small_file() {
    ModelFile f;
    f.figures.rule_val_accuracy = 0.995;
    f.figures.train_tracks = 42;
    f.figures.trained_on = "tests";
    f.scaling = SeamScaling::identity();
    f.scaling.mean[3] = 1.5f;
    f.tensors.push_back({"w", {2, 3}, {1, 2, 3, 4, 5, 6}});
    f.tensors.push_back({"b", {2}, {-1, 0.25f}});
    return f;
}

TEST(ModelFile, RoundTrip) {
    const auto bytes = write_model_file(small_file());
    EXPECT_EQ(bytes.rfind("minidj-brain 1\n{", 0), 0u);
    const auto back = read_model_file(bytes, "m");
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_DOUBLE_EQ(back->figures.rule_val_accuracy, 0.995);
    EXPECT_EQ(back->figures.train_tracks, 42);
    EXPECT_EQ(back->figures.trained_on, "tests");
    EXPECT_EQ(back->scaling.mean[3], 1.5f);
    ASSERT_EQ(back->tensors.size(), 2u);
    EXPECT_EQ(back->tensors[0].shape, (std::vector<std::int64_t>{2, 3}));
    EXPECT_EQ(back->tensors[1].data, (std::vector<float>{-1, 0.25f}));
}

TEST(ModelFile, RefusesAnotherFeatureVersion) {
    auto bytes = write_model_file(small_file());
    const std::string from = fmt::format("\"feature_version\":{}", brain::kFeatureVersion), to = "\"feature_version\":7";
    bytes.replace(bytes.find(from), from.size(), to);
    const auto r = read_model_file(bytes, "old.brain");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message,
              fmt::format("brain: old.brain: the model was trained on feature version 7, this minidj computes "
                          "version {} (retrain it with `minidj train`)", brain::kFeatureVersion));
}

TEST(ModelFile, RefusesWrongFiles) {
    const auto bytes = write_model_file(small_file());
    EXPECT_EQ(read_model_file("RIFF....WAVE", "x.wav").error().message, "brain: x.wav: not a minidj model file");
    EXPECT_EQ(read_model_file("", "empty").error().message, "brain: empty: not a minidj model file");
    EXPECT_NE(read_model_file(bytes.substr(0, bytes.size() - 4), "t").error().message.find("truncated"),
              std::string::npos);
    EXPECT_NE(read_model_file(bytes + "xx", "t").error().message.find("unexpected bytes"), std::string::npos);
    EXPECT_NE(read_model_file("minidj-brain 2\n{}\n", "new").error().message.find("model format 2"),
              std::string::npos);
    EXPECT_NE(read_model_file("minidj-brain 1\n{oops\n", "d").error().message.find("damaged header"),
              std::string::npos);
}

TEST(Model, RefusesAFileWithOtherWeights) {
    // A well-formed file whose tensors are not this network's.
    const auto r = Model::parse(write_model_file(small_file()), "other.brain");
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("brain: other.brain:"), std::string::npos);
}

TEST(Model, MissingFile) {
    test::TempDir dir;
    const auto r = Model::load(dir / "none.brain");
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("cannot open the model file"), std::string::npos);
}

}  // namespace
}  // namespace minidj::brain
