// The Brain scores in plain C++ (dense_network.h); LibTorch, which trained the weights, is the
// reference: both must give the same outputs to 1e-5 on the shipped model's weights.
#include <gtest/gtest.h>
#include <torch/utils.h>

#include <random>

#include "brain/default_model.h"
#include "brain/dense_network.h"
#include "brain/network.h"
#include "brain/synthetic.h"

namespace minidj::brain {
namespace {

ModelFile shipped_file() {
    auto file = read_model_file(default_model_bytes(), "default model");
    if (!file) throw std::runtime_error(file.error().message);
    return std::move(file.value());
}

std::vector<float> torch_outputs(torch::nn::Sequential& head, const std::vector<float>& in, std::int64_t width) {
    torch::NoGradGuard no_grad;
    const auto x = torch::from_blob(const_cast<float*>(in.data()), {std::int64_t(in.size()) / width, width});
    const auto y = head->forward(x).contiguous();
    return {y.data_ptr<float>(), y.data_ptr<float>() + y.numel()};
}

TEST(PlainInference, EachPartMatchesLibTorchOnTheShippedWeights) {
    const ModelFile file = shipped_file();
    MixNet net;
    ASSERT_TRUE(load_weights(net, file.tensors).ok());
    std::mt19937 rng(5);
    std::normal_distribution<float> value(0.0f, 2.0f);
    for (const auto& [prefix, width] : {std::pair{"rule", kRuleInputs}, std::pair{"continuity", kContinuityInputs}}) {
        auto plain = DenseNetwork::from_tensors(file.tensors, prefix, width, "shipped");
        ASSERT_TRUE(plain.ok()) << plain.error().message;
        constexpr std::size_t kRows = 500;
        std::vector<float> in(kRows * std::size_t(width));
        for (auto& v : in) v = value(rng);
        std::vector<float> mine(kRows);
        plain->forward(in.data(), kRows, mine.data());
        const auto reference = torch_outputs(std::string(prefix) == "rule" ? net->rule : net->continuity, in, width);
        ASSERT_EQ(reference.size(), kRows);
        double spread = 0.0;
        for (std::size_t i = 0; i < kRows; ++i) {
            // Logits (the scores are checked to 1e-5 absolute below): 1e-5 relative past 1.
            EXPECT_NEAR(mine[i], reference[i], 1e-5 * std::max(1.0f, std::abs(reference[i]))) << prefix << " row " << i;
            spread += std::abs(reference[i] - reference[0]);
        }
        EXPECT_GT(spread / kRows, 0.1) << "the inputs must exercise the network, not give one output";
    }
}

TEST(PlainInference, ScoresMatchLibTorchOnFeatureRows) {
    const ModelFile file = shipped_file();
    MixNet net;
    ASSERT_TRUE(load_weights(net, file.tensors).ok());
    auto model = Model::load_default();
    ASSERT_TRUE(model.ok());
    std::mt19937 rng(11);
    std::vector<TrackFeatures> rows;
    for (int i = 0; i < 300; ++i) rows.push_back(test::random_row(rng, i));
    std::vector<const TrackFeatures*> candidates;
    for (const auto& r : rows) candidates.push_back(&r);
    const Rulebook rules{0.03, HarmonicRule::kStrict};
    const auto scores = (*model)->score_values(rows[0], candidates, rules);

    std::vector<float> rule_in(rows.size() * kRuleInputs), cont_in(rows.size() * kContinuityInputs);
    const SeamVector a_out = file.scaling.apply(rows[0].outgoing);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        rule_inputs(rows[0], rows[i], rules, rule_in.data() + i * kRuleInputs);
        continuity_inputs(a_out, file.scaling.apply(rows[i].incoming), cont_in.data() + i * kContinuityInputs);
    }
    const auto rule = torch_outputs(net->rule, rule_in, kRuleInputs);
    const auto cont = torch_outputs(net->continuity, cont_in, kContinuityInputs);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const double sig_r = 1.0 / (1.0 + std::exp(-double(rule[i])));
        const double sig_c = 1.0 / (1.0 + std::exp(-double(cont[i])));
        EXPECT_NEAR(scores[i], combine(sig_r, sig_c), 1e-5) << i;
    }
}

TEST(PlainInference, RefusesWeightsThatDoNotChain) {
    ModelFile file = shipped_file();
    for (auto& t : file.tensors) {
        if (t.name == "continuity.3.weight") t.shape = {t.shape[1], t.shape[0]};
    }
    const auto broken = DenseNetwork::from_tensors(file.tensors, "continuity", kContinuityInputs, "m.brain");
    ASSERT_FALSE(broken.ok());
    EXPECT_EQ(broken.error().message, "brain: m.brain: continuity: layer 3 has another shape");
    EXPECT_FALSE(DenseNetwork::from_tensors(file.tensors, "nothing", 3, "m.brain").ok());
}

}  // namespace
}  // namespace minidj::brain
