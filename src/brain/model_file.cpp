// Reading and writing the model file format (docs/brain.md, "Model file").
#include "brain/model_file.h"
#include "minidj/json_text.h"

#include <fmt/format.h>

#include <bit>
#include <cstring>
#include <nlohmann/json.hpp>

namespace minidj::brain {
namespace {

static_assert(std::endian::native == std::endian::little, "model weights are stored little-endian");

nlohmann::json figures_json(const TrainingFigures& f) {
    return {{"rule_val_accuracy", f.rule_val_accuracy}, {"continuity_auc", f.continuity_auc},
            {"baseline_auc", f.baseline_auc},           {"train_tracks", f.train_tracks},
            {"val_tracks", f.val_tracks},               {"epochs", f.epochs},
            {"rule_pairs", f.rule_pairs},               {"seams", f.seams},
            {"seconds", f.seconds},                     {"trained_on", f.trained_on}};
}

TrainingFigures figures_from(const nlohmann::json& j) {
    TrainingFigures f;
    f.rule_val_accuracy = j.value("rule_val_accuracy", 0.0);
    f.continuity_auc = j.value("continuity_auc", 0.0);
    f.baseline_auc = j.value("baseline_auc", 0.0);
    f.train_tracks = j.value("train_tracks", 0);
    f.val_tracks = j.value("val_tracks", 0);
    f.epochs = j.value("epochs", 0);
    f.rule_pairs = j.value("rule_pairs", std::int64_t{0});
    f.seams = j.value("seams", std::int64_t{0});
    f.seconds = j.value("seconds", 0.0);
    f.trained_on = j.value("trained_on", std::string());
    return f;
}

}  // namespace

std::string write_model_file(const ModelFile& model) {
    nlohmann::json header;
    header["feature_version"] = kFeatureVersion;
    header["seam_dims"] = kSeamDims;
    header["rule_inputs"] = kRuleInputs;
    header["figures"] = figures_json(model.figures);
    header["seam_mean"] = model.scaling.mean;
    header["seam_inv_std"] = model.scaling.inv_std;
    auto& list = header["tensors"] = nlohmann::json::array();
    for (const auto& t : model.tensors) list.push_back({{"name", t.name}, {"shape", t.shape}});
    std::string out = fmt::format("{} {}\n{}\n", kModelMagic, kModelFormatVersion, dump_json(header));
    for (const auto& t : model.tensors) {
        out.append(reinterpret_cast<const char*>(t.data.data()), t.data.size() * sizeof(float));
    }
    return out;
}

Result<ModelFile> read_model_file(std::string_view bytes, const std::string& name) {
    const auto fail = [&](const std::string& why) { return Error{fmt::format("brain: {}: {}", name, why)}; };
    const auto line1 = bytes.find('\n');
    const std::string magic = fmt::format("{} ", kModelMagic);
    if (line1 == std::string_view::npos || bytes.substr(0, magic.size()) != magic) {
        return fail("not a minidj model file");
    }
    if (bytes.substr(magic.size(), line1 - magic.size()) != std::to_string(kModelFormatVersion)) {
        return fail(fmt::format("model format {} is not the format {} this minidj reads",
                                bytes.substr(magic.size(), line1 - magic.size()), kModelFormatVersion));
    }
    const auto line2 = bytes.find('\n', line1 + 1);
    if (line2 == std::string_view::npos) return fail("truncated header");
    const auto header = nlohmann::json::parse(bytes.substr(line1 + 1, line2 - line1 - 1), nullptr, false);
    if (header.is_discarded() || !header.is_object()) return fail("damaged header");
    const int version = header.value("feature_version", -1);
    if (version != kFeatureVersion) {
        return fail(fmt::format("the model was trained on feature version {}, this minidj computes version {} "
                                "(retrain it with `minidj train`)",
                                version, kFeatureVersion));
    }
    if (header.value("seam_dims", -1) != kSeamDims || header.value("rule_inputs", -1) != kRuleInputs) {
        return fail("input sizes do not match this minidj's features");
    }
    ModelFile model;
    try {
        model.figures = figures_from(header.at("figures"));
        const auto mean = header.at("seam_mean").get<std::vector<float>>();
        const auto inv = header.at("seam_inv_std").get<std::vector<float>>();
        if (mean.size() != kSeamDims || inv.size() != kSeamDims) return fail("damaged seam scaling");
        std::copy(mean.begin(), mean.end(), model.scaling.mean.begin());
        std::copy(inv.begin(), inv.end(), model.scaling.inv_std.begin());
        std::size_t offset = line2 + 1;
        for (const auto& t : header.at("tensors")) {
            NamedTensor tensor{t.at("name").get<std::string>(), t.at("shape").get<std::vector<std::int64_t>>(), {}};
            std::int64_t count = 1;
            for (auto d : tensor.shape) {
                if (d <= 0 || d > (1 << 20)) return fail(fmt::format("bad shape of {}", tensor.name));
                count *= d;
            }
            const auto size = std::size_t(count) * sizeof(float);
            if (offset + size > bytes.size()) return fail(fmt::format("truncated at {}", tensor.name));
            tensor.data.resize(std::size_t(count));
            std::memcpy(tensor.data.data(), bytes.data() + offset, size);
            offset += size;
            model.tensors.push_back(std::move(tensor));
        }
        if (offset != bytes.size()) return fail("unexpected bytes after the weights");
    } catch (const nlohmann::json::exception& e) {
        return fail(fmt::format("damaged header ({})", e.what()));
    }
    return model;
}

}  // namespace minidj::brain
