#pragma once
// The mixability network (LibTorch): two small multilayer perceptrons, one per part. Only
// model.cpp and train.cpp include this header (LibTorch headers compile slowly).

#include <torch/nn/module.h>
#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/dropout.h>
#include <torch/nn/modules/linear.h>

#include "brain/inputs.h"
#include "brain/model_file.h"
#include "minidj/brain.h"

namespace minidj::brain {

struct MixNetImpl : torch::nn::Module {
    MixNetImpl() {
        using namespace torch::nn;
        rule = register_module("rule", Sequential(Linear(kRuleInputs, 32), ReLU(), Linear(32, 32), ReLU(), Linear(32, 1)));
        continuity = register_module("continuity", Sequential(Linear(kContinuityInputs, 32), ReLU(), Dropout(0.3),
                                                              Linear(32, 16), ReLU(), Linear(16, 1)));
    }
    torch::nn::Sequential rule{nullptr};        ///< rule inputs -> logit of rulebook compatibility
    torch::nn::Sequential continuity{nullptr};  ///< continuity inputs -> logit of a natural seam
};
TORCH_MODULE(MixNet);

}  // namespace minidj::brain

namespace minidj {

struct brain::Model::Impl {
    /// Sequential::forward is not const, though in eval mode under NoGradGuard it only reads
    /// the weights (safe from several threads): hence mutable.
    mutable MixNet net;
    SeamScaling scaling = SeamScaling::identity();
    TrainingFigures figures;

    /// The weights and preprocessing as file data, and back.
    ModelFile to_file() const;
    static Result<std::unique_ptr<Impl>> from_file(const ModelFile& file, const std::string& name);
};

}  // namespace minidj
