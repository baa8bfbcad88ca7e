// Training both parts of the network on a library's tracks (LibTorch). docs/brain.md, "Training".
#include <fmt/format.h>
#include <torch/nn/functional/loss.h>
#include <torch/optim/adam.h>
#include <torch/utils.h>

#include <chrono>

#include "brain/model_impl.h"
#include "brain/network.h"
#include "brain/training_data.h"

namespace minidj::brain {
namespace {

constexpr std::int64_t kBatch = 256;
constexpr std::int64_t kMaxStepsPerEpoch = 400;  // a big library's epoch is a random sample of it
constexpr std::size_t kAugmentedSeamBudget = 200000;  // augmentation stops adding copies past it

torch::Tensor to_tensor(const std::vector<float>& values, std::int64_t rows, std::int64_t width) {
    return torch::from_blob(const_cast<float*>(values.data()), {rows, width}, torch::kFloat32).clone();
}

struct Part {
    torch::Tensor x, y;
    std::int64_t rows() const { return x.size(0); }
};

Part to_part(const Examples& ex) {
    const auto n = std::int64_t(ex.rows());
    return {to_tensor(ex.inputs, n, ex.width), to_tensor(ex.labels, n, 1)};
}

std::vector<double> predict(torch::nn::Sequential& head, const Part& part) {
    torch::NoGradGuard no_grad;
    const auto p = torch::sigmoid(head->forward(part.x)).contiguous();
    return {p.data_ptr<float>(), p.data_ptr<float>() + p.numel()};
}

double accuracy(const std::vector<double>& p, const std::vector<float>& labels) {
    std::size_t right = 0;
    for (std::size_t i = 0; i < p.size(); ++i) right += (p[i] >= 0.5) == (labels[i] > 0.5f);
    return p.empty() ? 0.0 : double(right) / double(p.size());
}

}  // namespace

void set_compute_threads(int threads) {
    if (threads > 0) torch::set_num_threads(threads);
}

std::vector<NamedTensor> weights_of(MixNet& net) {
    std::vector<NamedTensor> out;
    for (const auto& p : net->named_parameters()) {
        const auto t = p.value().detach().contiguous().to(torch::kFloat32);
        NamedTensor nt{p.key(), t.sizes().vec(), {}};
        nt.data.assign(t.data_ptr<float>(), t.data_ptr<float>() + t.numel());
        out.push_back(std::move(nt));
    }
    return out;
}

Status load_weights(MixNet& net, const std::vector<NamedTensor>& tensors) {
    auto params = net->named_parameters();
    if (params.size() != tensors.size()) return Error{"load_weights: another number of tensors"};
    torch::NoGradGuard no_grad;
    for (const auto& t : tensors) {
        auto* p = params.find(t.name);
        if (!p || p->sizes().vec() != t.shape) return Error{"load_weights: unknown or reshaped " + t.name};
        p->copy_(torch::from_blob(const_cast<float*>(t.data.data()), t.shape, torch::kFloat32));
    }
    net->eval();
    return Ok{};
}

Status TrainOptions::validate() const {
    if (epochs < 1 || epochs > 10000) return Error{fmt::format("train: epochs {} outside 1..10000", epochs)};
    if (!(validation_share > 0.0 && validation_share < 0.9)) {
        return Error{fmt::format("train: validation share {} outside (0, 0.9)", validation_share)};
    }
    if (rule_pairs_per_track < 1) return Error{"train: rule pairs per track must be at least 1"};
    return Ok{};
}

Result<std::unique_ptr<Model>> train(std::span<const TrainingTrack> tracks, const TrainOptions& options,
                                     const std::function<void(const EpochReport&)>& on_epoch,
                                     const std::atomic<bool>* cancel) {
    if (auto ok = options.validate(); !ok) return ok.error();
    if (tracks.size() < kMinTrainingTracks) {
        return Error{fmt::format("train: {} tracks is too few to train on (at least {} are needed)", tracks.size(),
                                 kMinTrainingTracks)};
    }
    const auto start = std::chrono::steady_clock::now();
    set_compute_threads(options.threads);
    torch::manual_seed(options.seed);

    const Split split = split_tracks(tracks.size(), options.validation_share, options.seed);
    std::mt19937 rng(options.seed + 1);
    const Examples rule_train = rule_examples(tracks, split.train, options.rule_pairs_per_track, rng);
    const Examples rule_val = rule_examples(tracks, split.val, options.rule_pairs_per_track, rng);
    SeamExamples seams_train = seam_examples(tracks, split.train, rng);
    const SeamExamples seams_val = seam_examples(tracks, split.val, rng);
    if (seams_train.labels.empty() || seams_val.labels.empty()) {
        return Error{"train: too few tracks with whole phrases (at least two with 16 bars on each side of the split)"};
    }
    const std::size_t real_seams = seams_train.labels.size();
    // Augmentation matters for small libraries; a big one has enough real seams.
    augment_seams(seams_train, std::min(options.augment, int(kAugmentedSeamBudget / real_seams)), rng);
    std::vector<const SeamVector*> sides;
    for (std::size_t i = 0; i < seams_train.labels.size(); ++i) {
        if (seams_train.labels[i] > 0.5f) {
            sides.push_back(&seams_train.outgoing[i]);
            sides.push_back(&seams_train.incoming[i]);
        }
    }
    MixNet mix_net;
    ModelFile file;
    file.scaling = SeamScaling::fit(sides);
    std::vector<double> baseline;
    const Part rule = to_part(rule_train), rule_v = to_part(rule_val);
    const Part cont = to_part(continuity_examples(seams_train, file.scaling, nullptr));
    const Examples cont_val_ex = continuity_examples(seams_val, file.scaling, &baseline);
    const Part cont_v = to_part(cont_val_ex);

    auto& net = *mix_net;
    net.train();
    torch::optim::Adam optimiser(net.parameters(), torch::optim::AdamOptions(3e-3).weight_decay(1e-3));
    const std::int64_t steps = std::min(std::max(rule.rows(), cont.rows()) / kBatch + 1, kMaxStepsPerEpoch);
    for (int epoch = 1; epoch <= options.epochs; ++epoch) {
        if (cancel && cancel->load()) return Error{"train: cancelled"};
        const auto rule_order = torch::randperm(rule.rows(), torch::kLong);
        const auto cont_order = torch::randperm(cont.rows(), torch::kLong);
        double rule_loss = 0.0, cont_loss = 0.0;
        for (std::int64_t s = 0; s < steps; ++s) {
            // Both parts see one batch per step; the smaller set wraps around.
            const auto batch = [&](const Part& part, const torch::Tensor& order) {
                const std::int64_t first = (s * kBatch) % part.rows();
                const auto idx = order.slice(0, first, std::min(first + kBatch, part.rows()));
                return std::pair{part.x.index_select(0, idx), part.y.index_select(0, idx)};
            };
            const auto [rx, ry] = batch(rule, rule_order);
            const auto [cx, cy] = batch(cont, cont_order);
            optimiser.zero_grad();
            const auto lr = torch::nn::functional::binary_cross_entropy_with_logits(net.rule->forward(rx), ry);
            const auto lc = torch::nn::functional::binary_cross_entropy_with_logits(net.continuity->forward(cx), cy);
            (lr + lc).backward();
            optimiser.step();
            rule_loss += lr.item<double>();
            cont_loss += lc.item<double>();
        }
        if (on_epoch) on_epoch({epoch, options.epochs, rule_loss / double(steps), cont_loss / double(steps)});
    }
    net.eval();

    TrainingFigures& f = file.figures;
    f.rule_val_accuracy = accuracy(predict(net.rule, rule_v), rule_val.labels);
    f.continuity_auc = roc_auc(predict(net.continuity, cont_v), cont_val_ex.labels);
    f.baseline_auc = roc_auc(baseline, cont_val_ex.labels);
    f.train_tracks = int(split.train.size());
    f.val_tracks = int(split.val.size());
    f.epochs = options.epochs;
    f.rule_pairs = std::int64_t(rule_train.rows());
    f.seams = std::int64_t(real_seams);
    f.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    f.trained_on = options.trained_on;
    file.tensors = weights_of(mix_net);
    auto impl = Model::Impl::from_file(std::move(file), "trained model");
    if (!impl) return impl.error();
    return std::make_unique<Model>(std::move(impl.value()));
}

}  // namespace minidj::brain
