// Loading, saving and batched scoring of a model, in plain C++ (brain/dense_network.h).
#include <fmt/format.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "brain/default_model.h"
#include "brain/model_impl.h"
#include "minidj/files.h"

namespace minidj::brain {
namespace {

struct PartScores {
    std::vector<float> rule, continuity;
};

float sigmoid(float logit) { return 1.0f / (1.0f + std::exp(-logit)); }

// Both parts over the candidates, a block of rows at a time (the inputs of a big library do not
// all sit in memory at once).
PartScores evaluate(const Model::Impl& m, const TrackFeatures& a, std::span<const TrackFeatures* const> candidates,
                    const Rulebook& rules) {
    constexpr std::size_t kBlock = 256;
    const std::size_t n = candidates.size();
    PartScores out{std::vector<float>(n), std::vector<float>(n)};
    std::vector<float> rule_in(kBlock * kRuleInputs), cont_in(kBlock * kContinuityInputs);
    const SeamVector a_out = m.scaling.apply(a.outgoing);
    for (std::size_t first = 0; first < n; first += kBlock) {
        const std::size_t rows = std::min(kBlock, n - first);
        for (std::size_t i = 0; i < rows; ++i) {
            const TrackFeatures& b = *candidates[first + i];
            rule_inputs(a, b, rules, rule_in.data() + i * kRuleInputs);
            continuity_inputs(a_out, m.scaling.apply(b.incoming), cont_in.data() + i * kContinuityInputs);
        }
        m.rule.forward(rule_in.data(), rows, out.rule.data() + first);
        m.continuity.forward(cont_in.data(), rows, out.continuity.data() + first);
    }
    for (auto& v : out.rule) v = sigmoid(v);
    for (auto& v : out.continuity) v = sigmoid(v);
    return out;
}

}  // namespace

Result<std::unique_ptr<Model::Impl>> Model::Impl::from_file(ModelFile file, const std::string& name) {
    auto impl = std::make_unique<Impl>();
    impl->scaling = file.scaling;
    impl->figures = file.figures;
    for (const auto& t : file.tensors) {
        if (t.name.rfind("rule.", 0) != 0 && t.name.rfind("continuity.", 0) != 0) {
            return Error{fmt::format("brain: {}: unknown weights {}", name, t.name)};
        }
    }
    auto rule = DenseNetwork::from_tensors(file.tensors, "rule", kRuleInputs, name);
    if (!rule) return rule.error();
    auto continuity = DenseNetwork::from_tensors(file.tensors, "continuity", kContinuityInputs, name);
    if (!continuity) return continuity.error();
    impl->rule = std::move(rule.value());
    impl->continuity = std::move(continuity.value());
    impl->tensors = std::move(file.tensors);
    return impl;
}

Model::Model(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Model::~Model() = default;

const TrainingFigures& Model::figures() const { return impl_->figures; }

Result<std::unique_ptr<Model>> Model::parse(std::string_view bytes, const std::string& name) {
    auto file = read_model_file(bytes, name);
    if (!file) return file.error();
    auto impl = Impl::from_file(std::move(file.value()), name);
    if (!impl) return impl.error();
    return std::make_unique<Model>(std::move(impl.value()));
}

Result<std::unique_ptr<Model>> Model::load(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error{fmt::format("brain: {}: cannot open the model file", path.string())};
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return parse(bytes.str(), path.string());
}

Result<std::unique_ptr<Model>> Model::load_default() {
    const auto bytes = default_model_bytes();
    if (bytes.empty()) return Error{"brain: this minidj was built without its default model (models/default.brain)"};
    return parse(bytes, "default model");
}

Status Model::save(const std::filesystem::path& path) const {
    const std::string bytes = write_model_file(impl_->to_file());
    return write_file_atomically(path, bytes, "brain");
}

std::vector<float> Model::score_values(const TrackFeatures& a, std::span<const TrackFeatures* const> candidates,
                                      const Rulebook& rules) const {
    const auto parts = evaluate(*impl_, a, candidates, rules);
    std::vector<float> scores(parts.rule.size());
    for (std::size_t i = 0; i < scores.size(); ++i) scores[i] = float(combine(parts.rule[i], parts.continuity[i]));
    return scores;
}

std::vector<PairScore> Model::score(const TrackFeatures& a, std::span<const TrackFeatures> candidates,
                                    const Rulebook& rules) const {
    std::vector<const TrackFeatures*> ptrs;
    ptrs.reserve(candidates.size());
    for (const auto& c : candidates) ptrs.push_back(&c);
    const auto parts = evaluate(*impl_, a, ptrs, rules);
    std::vector<PairScore> out(candidates.size());
    for (std::size_t i = 0; i < out.size(); ++i) {
        out[i].parts = describe_pair(a, candidates[i]);
        out[i].parts.rule = parts.rule[i];
        out[i].parts.continuity = parts.continuity[i];
        out[i].score = combine(parts.rule[i], parts.continuity[i]);
    }
    return out;
}

}  // namespace minidj::brain
