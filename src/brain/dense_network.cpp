#include "brain/dense_network.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>
#include <utility>

namespace minidj::brain {
namespace {

// "rule.2.weight" under "rule" -> 2 and "weight"; anything else -> nullopt.
std::optional<std::pair<int, std::string>> layer_part(const std::string& name, const std::string& prefix) {
    if (name.rfind(prefix + ".", 0) != 0) return std::nullopt;
    const std::string rest = name.substr(prefix.size() + 1);
    const auto dot = rest.find('.');
    if (dot == std::string::npos) return std::nullopt;
    int index = 0;
    const auto [end, ec] = std::from_chars(rest.data(), rest.data() + dot, index);
    if (ec != std::errc() || end != rest.data() + dot) return std::nullopt;
    return std::pair{index, rest.substr(dot + 1)};
}

}  // namespace

Result<DenseNetwork> DenseNetwork::from_tensors(const std::vector<NamedTensor>& tensors, const std::string& prefix,
                                                int inputs, const std::string& name) {
    const auto fail = [&](const std::string& why) { return Error{fmt::format("brain: {}: {}: {}", name, prefix, why)}; };
    std::map<int, std::pair<const NamedTensor*, const NamedTensor*>> by_index;  // weight, bias
    for (const auto& t : tensors) {
        const auto part = layer_part(t.name, prefix);
        if (!part) continue;
        auto& slot = by_index[part->first];
        if (part->second == "weight") slot.first = &t;
        else if (part->second == "bias") slot.second = &t;
        else return fail(fmt::format("unknown weights {}", t.name));
    }
    if (by_index.empty()) return fail("no layers");
    DenseNetwork net;
    int width = inputs;
    for (const auto& [index, pair] : by_index) {
        const auto [w, b] = pair;
        if (!w || !b) return fail(fmt::format("layer {} lacks its weight or bias", index));
        if (w->shape.size() != 2 || b->shape.size() != 1 || w->shape[1] != width || b->shape[0] != w->shape[0]) {
            return fail(fmt::format("layer {} has another shape", index));
        }
        Layer layer;
        layer.inputs = width;
        layer.outputs = int(w->shape[0]);
        layer.weights_by_input.resize(w->data.size());
        for (int o = 0; o < layer.outputs; ++o) {
            for (int i = 0; i < layer.inputs; ++i) {
                layer.weights_by_input[std::size_t(i * layer.outputs + o)] = w->data[std::size_t(o * layer.inputs + i)];
            }
        }
        layer.bias = b->data;
        width = layer.outputs;
        net.layers_.push_back(std::move(layer));
    }
    if (width != 1) return fail(fmt::format("{} outputs, not one", width));
    return net;
}

void DenseNetwork::forward(const float* in, std::size_t rows, float* out) const {
    std::size_t widest = 0;
    for (const auto& l : layers_) widest = std::max(widest, std::size_t(l.outputs));
    std::vector<float> a(widest), b(widest);
    for (std::size_t r = 0; r < rows; ++r) {
        const float* x = in + r * std::size_t(inputs());
        for (std::size_t n = 0; n < layers_.size(); ++n) {
            const Layer& l = layers_[n];
            float* y = n % 2 == 0 ? a.data() : b.data();
            std::copy(l.bias.begin(), l.bias.end(), y);
            for (int i = 0; i < l.inputs; ++i) {
                const float xi = x[i];
                const float* w = l.weights_by_input.data() + std::size_t(i * l.outputs);
                for (int o = 0; o < l.outputs; ++o) y[o] += w[o] * xi;
            }
            if (n + 1 < layers_.size()) {
                for (int o = 0; o < l.outputs; ++o) y[o] = std::max(y[o], 0.0f);
            }
            x = y;
        }
        out[r] = x[0];
    }
}

}  // namespace minidj::brain
