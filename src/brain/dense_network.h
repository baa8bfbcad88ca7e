#pragma once
// A stack of dense layers read from a model file's weights, run in plain C++: scoring needs no
// LibTorch (docs/brain.md, "Inference"). Layers are Linear with a ReLU between them (none after
// the last), the shape of the training network's Sequential heads; dropout is training-only.

#include <string>
#include <vector>

#include "brain/model_file.h"
#include "minidj/result.h"

namespace minidj::brain {

class DenseNetwork {
  public:
    /// The layers stored under `prefix` ("rule" reads "rule.<i>.weight" and "rule.<i>.bias",
    /// in order of i). Fails with "brain: <name>: ..." when they are missing or do not chain
    /// from `inputs` to one output.
    static Result<DenseNetwork> from_tensors(const std::vector<NamedTensor>& tensors, const std::string& prefix,
                                             int inputs, const std::string& name);

    /// The output (a logit) for each of `rows` input rows of `inputs()` values, row-major.
    void forward(const float* in, std::size_t rows, float* out) const;
    int inputs() const { return layers_.empty() ? 0 : layers_.front().inputs; }

  private:
    struct Layer {
        int inputs = 0, outputs = 0;
        std::vector<float> weights_by_input;  ///< inputs x outputs (transposed: the loop over outputs vectorises)
        std::vector<float> bias;
    };
    std::vector<Layer> layers_;
};

}  // namespace minidj::brain
