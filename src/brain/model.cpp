// Loading, saving and batched scoring of a model (LibTorch).
#include <fmt/format.h>
#include <ATen/Parallel.h>
#include <torch/utils.h>

#include <fstream>
#include <sstream>

#include "brain/default_model.h"
#include "minidj/files.h"
#include "brain/network.h"

namespace minidj::brain {
namespace {

struct PartScores {
    std::vector<float> rule, continuity;
};

// One batched pass of both parts over the candidates.
PartScores evaluate(const Model::Impl& m, const TrackFeatures& a, std::span<const TrackFeatures* const> candidates,
                    const Rulebook& rules) {
    PartScores out;
    const auto n = std::int64_t(candidates.size());
    if (n == 0) return out;
    torch::NoGradGuard no_grad;
    auto rule_in = torch::empty({n, kRuleInputs});
    auto cont_in = torch::empty({n, kContinuityInputs});
    float* r = rule_in.data_ptr<float>();
    float* c = cont_in.data_ptr<float>();
    const SeamVector a_out = m.scaling.apply(a.outgoing);
    for (std::int64_t i = 0; i < n; ++i) {
        const TrackFeatures& b = *candidates[std::size_t(i)];
        rule_inputs(a, b, rules, r + i * kRuleInputs);
        continuity_inputs(a_out, m.scaling.apply(b.incoming), c + i * kContinuityInputs);
    }
    auto& net = *m.net;
    const auto rule = torch::sigmoid(net.rule->forward(rule_in)).contiguous();
    const auto cont = torch::sigmoid(net.continuity->forward(cont_in)).contiguous();
    out.rule.assign(rule.data_ptr<float>(), rule.data_ptr<float>() + n);
    out.continuity.assign(cont.data_ptr<float>(), cont.data_ptr<float>() + n);
    return out;
}

}  // namespace

void set_compute_threads(int threads) {
    if (threads > 0) torch::set_num_threads(threads);
}

ModelFile Model::Impl::to_file() const {
    ModelFile file{figures, scaling, {}};
    for (const auto& p : net->named_parameters()) {
        const auto t = p.value().detach().contiguous().to(torch::kFloat32);
        NamedTensor nt{p.key(), t.sizes().vec(), {}};
        nt.data.assign(t.data_ptr<float>(), t.data_ptr<float>() + t.numel());
        file.tensors.push_back(std::move(nt));
    }
    return file;
}

Result<std::unique_ptr<Model::Impl>> Model::Impl::from_file(const ModelFile& file, const std::string& name) {
    auto impl = std::make_unique<Impl>();
    impl->scaling = file.scaling;
    impl->figures = file.figures;
    auto params = impl->net->named_parameters();
    if (params.size() != file.tensors.size()) {
        return Error{fmt::format("brain: {}: {} weight tensors, the network has {}", name, file.tensors.size(),
                                 params.size())};
    }
    torch::NoGradGuard no_grad;
    for (const auto& t : file.tensors) {
        auto* p = params.find(t.name);
        if (!p) return Error{fmt::format("brain: {}: unknown weights {}", name, t.name)};
        if (p->sizes().vec() != t.shape) return Error{fmt::format("brain: {}: weights {} have another shape", name, t.name)};
        p->copy_(torch::from_blob(const_cast<float*>(t.data.data()), t.shape, torch::kFloat32));
    }
    impl->net->eval();
    return impl;
}

Model::Model(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Model::~Model() = default;

const TrainingFigures& Model::figures() const { return impl_->figures; }

Result<std::unique_ptr<Model>> Model::parse(std::string_view bytes, const std::string& name) {
    auto file = read_model_file(bytes, name);
    if (!file) return file.error();
    auto impl = Impl::from_file(file.value(), name);
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
