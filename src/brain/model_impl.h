#pragma once
// What a Model holds: both parts as plain dense networks, the seam scaling and the figures it
// was trained to. No LibTorch: training (train.cpp) builds one from its weights.

#include <memory>
#include <string>

#include "brain/dense_network.h"
#include "brain/model_file.h"
#include "minidj/brain.h"

namespace minidj {

struct brain::Model::Impl {
    DenseNetwork rule;        ///< rule inputs -> logit of rulebook compatibility
    DenseNetwork continuity;  ///< continuity inputs -> logit of a natural seam
    SeamScaling scaling = SeamScaling::identity();
    TrainingFigures figures;
    std::vector<NamedTensor> tensors;  ///< the weights as the file had them (save() writes them back)

    /// Fails with "brain: <name>: ..." when the weights are not the two parts' layers.
    static Result<std::unique_ptr<Impl>> from_file(ModelFile file, const std::string& name);
    ModelFile to_file() const { return {figures, scaling, tensors}; }
};

}  // namespace minidj
