#pragma once
// The model file: a text line, a JSON header line, then the raw weights (docs/brain.md,
// "Model file"). No LibTorch here: the format is read and written as plain data.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "brain/inputs.h"
#include "minidj/brain.h"
#include "minidj/result.h"

namespace minidj::brain {

inline constexpr const char* kModelMagic = "minidj-brain";
inline constexpr int kModelFormatVersion = 1;

struct NamedTensor {
    std::string name;
    std::vector<std::int64_t> shape;
    std::vector<float> data;  ///< row-major, product of shape values
};

struct ModelFile {
    TrainingFigures figures;
    SeamScaling scaling;
    std::vector<NamedTensor> tensors;
};

std::string write_model_file(const ModelFile& model);

/// Fails with "brain: <name>: <reason>" (not a model, other format or feature version,
/// truncated, inconsistent shapes).
Result<ModelFile> read_model_file(std::string_view bytes, const std::string& name);

}  // namespace minidj::brain
