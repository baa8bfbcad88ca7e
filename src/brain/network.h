#pragma once
// The mixability network as LibTorch trains it: two small multilayer perceptrons, one per part.
// Only the training side includes this header (LibTorch headers compile slowly); scoring runs
// the same weights in plain C++ (dense_network.h).

#include <torch/nn/module.h>
#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/dropout.h>
#include <torch/nn/modules/linear.h>

#include "brain/inputs.h"
#include "brain/model_file.h"
#include "minidj/brain.h"
#include "minidj/result.h"

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

namespace minidj::brain {

/// The trained weights as model-file tensors ("rule.0.weight", ...: the names DenseNetwork reads).
std::vector<NamedTensor> weights_of(MixNet& net);
/// Copies model-file tensors into a network of the same shape (for comparing with LibTorch).
Status load_weights(MixNet& net, const std::vector<NamedTensor>& tensors);

}  // namespace minidj::brain
