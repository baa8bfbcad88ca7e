// Trains the beat and downbeat network (include/minidj/beat_network.h) with LibTorch on
// labelled audio: the shared corpus's labels and/or generated tracks with their truth files.
//
//   train_beats --labels LABELS.json --data DIR [--labels ...] [--gen-dir DIR] [--hold-out PKG,PKG]
//               --out MODEL.tcn [--cache DIR] [--steps N] [--stretch 0.25] [--seed S]
//
// Prints the training loss as it goes, then checks that the plain C++ forward pass of the
// written weights equals LibTorch's on a held-out input (max difference), and writes MODEL.tcn.
// eval/train_beats.py runs the grouped cross-validation and the final training.
#include <fmt/format.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "minidj/beat_network.h"
#include "minidj/files.h"

namespace fs = std::filesystem;
using namespace minidj;

namespace {

constexpr std::int64_t kCropFrames = 1536;  // ~18 s: longer than the receptive field
constexpr std::int64_t kBatch = 8;

struct Item {
    std::string id, package;
    fs::path audio;
    std::vector<double> beats, downbeats;
    bool has_downbeats = false;
    beatnet::Input input;
};

struct Args {
    std::vector<std::pair<fs::path, fs::path>> labels;  // (labels.json, data dir)
    std::vector<fs::path> gen_dirs;
    std::set<std::string> hold_out;
    fs::path out, cache = "/tmp/minidj-beatnet-cache";
    int steps = 6000;
    double stretch = 0.25;  // tempo augmentation: crops played up to this much faster or slower
    unsigned seed = 1;
};

Args parse_args(int argc, char** argv) {
    Args a;
    for (int i = 1; i < argc; ++i) {
        const std::string k = argv[i];
        const auto next = [&]() -> std::string {
            if (i + 1 >= argc) throw std::runtime_error("missing value after " + k);
            return argv[++i];
        };
        if (k == "--labels") {
            const fs::path labels = next();
            if (next() != "--data")
                throw std::runtime_error("--labels FILE needs --data DIR after it");
            a.labels.emplace_back(labels, next());
        } else if (k == "--gen-dir") {
            a.gen_dirs.emplace_back(next());
        } else if (k == "--hold-out") {
            std::stringstream ss(next());
            for (std::string p; std::getline(ss, p, ',');) {
                if (!p.empty()) a.hold_out.insert(p);
            }
        } else if (k == "--out") {
            a.out = next();
        } else if (k == "--cache") {
            a.cache = next();
        } else if (k == "--steps") {
            a.steps = std::stoi(next());
        } else if (k == "--stretch") {
            a.stretch = std::stod(next());
        } else if (k == "--seed") {
            a.seed = unsigned(std::stoul(next()));
        } else {
            throw std::runtime_error("unknown argument " + k);
        }
    }
    if (a.out.empty()) throw std::runtime_error("--out MODEL.tcn is required");
    return a;
}

// Network inputs are cached per audio file (path, size and time), so folds share the decode.
beatnet::Input cached_input(const fs::path& audio, const fs::path& cache) {
    const auto stamp =
        fmt::format("{}|{}|{}|{}", beatnet::kInputs, fs::absolute(audio).string(),
                    fs::file_size(audio), fs::last_write_time(audio).time_since_epoch().count());
    const fs::path file = cache / fmt::format("{:016x}.bin", std::hash<std::string>{}(stamp));
    beatnet::Input in;
    if (std::ifstream f(file, std::ios::binary); f) {
        std::uint64_t frames = 0;
        f.read(reinterpret_cast<char*>(&frames), sizeof frames);
        in.frames = frames;
        in.values.resize(std::size_t(beatnet::kInputs) * frames);
        f.read(reinterpret_cast<char*>(in.values.data()),
               std::streamsize(in.values.size() * sizeof(float)));
        if (f) return in;
    }
    auto got = beatnet::input_of_file(audio);
    if (!got) throw std::runtime_error(got.error().message);
    in = std::move(got.value());
    fs::create_directories(cache);
    const std::uint64_t frames = in.frames;
    std::string bytes(reinterpret_cast<const char*>(&frames), sizeof frames);
    bytes.append(reinterpret_cast<const char*>(in.values.data()), in.values.size() * sizeof(float));
    if (auto written = write_file_atomically(file, bytes, "train_beats"); !written)
        throw std::runtime_error(written.error().message);
    return in;
}

std::vector<Item> load_items(const Args& args) {
    std::vector<Item> items;
    for (const auto& [labels, data] : args.labels) {
        std::ifstream f(labels);
        for (const auto& j : nlohmann::json::parse(f)) {
            Item it;
            it.id = j.at("id");
            it.package = j.value("source_pkg", "");
            it.audio = data / j.at("audio").get<std::string>();
            it.beats = j.at("beats").get<std::vector<double>>();
            if (j.contains("downbeats") && j["downbeats"].is_array() && !j["downbeats"].empty()) {
                it.downbeats = j["downbeats"].get<std::vector<double>>();
                it.has_downbeats = true;
            }
            if (!args.hold_out.contains(it.package)) items.push_back(std::move(it));
        }
    }
    for (const auto& dir : args.gen_dirs) {
        for (const auto& e : fs::directory_iterator(dir)) {
            const std::string name = e.path().filename().string();
            if (!name.ends_with(".truth.json")) continue;
            Item it;
            it.id = name;
            it.package = "minidj-gen";
            it.audio = e.path().parent_path() / (name.substr(0, name.size() - 11) + ".flac");
            std::ifstream f(e.path());
            const auto j = nlohmann::json::parse(f);
            it.beats = j.at("beats").get<std::vector<double>>();
            it.downbeats = j.at("downbeats").get<std::vector<double>>();
            it.has_downbeats = true;
            if (!args.hold_out.contains(it.package)) items.push_back(std::move(it));
        }
    }
    std::size_t done = 0;
    for (auto& it : items) {
        it.input = cached_input(it.audio, args.cache);
        if (++done % 20 == 0)
            fmt::print(stderr, "train_beats: inputs of {}/{} files\n", done, items.size());
    }
    return items;
}

// Targets: 1 on the frame nearest each labelled time, 0.5 on its neighbours (labels and
// frames disagree by up to half a frame, and human/MIDI timing by more). `times` are in the
// source's frames; the crop starts at source frame `start` and reads `stretch` source frames
// per frame.
void mark_targets(const std::vector<double>& times, double start, double stretch, std::int64_t len,
                  float* out) {
    for (double s : times) {
        const auto f = std::llround((s * beatnet::kFramesPerSecond - start) / stretch);
        for (long long d = -1; d <= 1; ++d) {
            if (f + d < 0 || f + d >= len) continue;
            out[f + d] = std::max(out[f + d], d == 0 ? 1.0f : 0.5f);
        }
    }
}

// A random crop of `in`, played `stretch` times faster (tempo augmentation: the network
// should know a beat by its rhythm, not by the tempi the corpus happens to have), read by
// linear interpolation of the frames. Returns the crop's length in frames.
std::int64_t stretched_crop(const beatnet::Input& in, double stretch, std::mt19937& rng,
                            double& start, float* x) {
    const auto n = double(in.frames);
    const auto len = std::min<std::int64_t>(kCropFrames, std::int64_t((n - 1.0) / stretch));
    if (len <= 0) return 0;
    const double room = n - 1.0 - double(len) * stretch;
    start = room > 0 ? std::uniform_real_distribution<double>(0.0, room)(rng) : 0.0;
    for (int c = 0; c < beatnet::kInputs; ++c) {
        const float* row = in.values.data() + std::size_t(c) * in.frames;
        float* to = x + std::int64_t(c) * kCropFrames;
        for (std::int64_t t = 0; t < len; ++t) {
            const double at = start + double(t) * stretch;
            const auto i = std::size_t(at);
            const std::size_t j = std::min(i + 1, in.frames - 1);
            const auto frac = float(at - double(i));
            to[t] = row[i] * (1.0f - frac) + row[j] * frac;
        }
    }
    return len;
}

struct TcnImpl : torch::nn::Module {
    torch::nn::Conv1d in{nullptr}, out{nullptr};
    std::vector<torch::nn::Conv1d> dilated, mix;
    torch::nn::Dropout drop{torch::nn::DropoutOptions(0.1)};

    TcnImpl() {
        using torch::nn::Conv1dOptions;
        in = register_module(
            "in", torch::nn::Conv1d(Conv1dOptions(beatnet::kInputs, beatnet::kChannels, 1)));
        for (int b = 0; b < beatnet::kBlocks; ++b) {
            const int d = 1 << b;
            dilated.push_back(register_module(
                fmt::format("dilated{}", b),
                torch::nn::Conv1d(
                    Conv1dOptions(beatnet::kChannels, beatnet::kChannels, beatnet::kKernel)
                        .dilation(d)
                        .padding(d * (beatnet::kKernel / 2)))));
            mix.push_back(register_module(
                fmt::format("mix{}", b),
                torch::nn::Conv1d(Conv1dOptions(beatnet::kChannels, beatnet::kChannels, 1))));
        }
        out = register_module(
            "out", torch::nn::Conv1d(Conv1dOptions(beatnet::kChannels, beatnet::kOutputs, 1)));
        register_module("drop", drop);
    }
    torch::Tensor forward(torch::Tensor x) {
        x = in->forward(x);
        for (std::size_t b = 0; b < dilated.size(); ++b) {
            x = x + mix[b]->forward(drop->forward(torch::elu(dilated[b]->forward(x))));
        }
        return out->forward(torch::elu(x));
    }
    // The flat parameter order of beat_network.h.
    std::vector<float> flat() {
        std::vector<torch::Tensor> parts = {in->weight, in->bias};
        for (std::size_t b = 0; b < dilated.size(); ++b) {
            parts.insert(parts.end(),
                         {dilated[b]->weight, dilated[b]->bias, mix[b]->weight, mix[b]->bias});
        }
        parts.insert(parts.end(), {out->weight, out->bias});
        std::vector<float> v;
        for (auto& p : parts) {
            auto c = p.detach().contiguous().to(torch::kFloat32).flatten();
            v.insert(v.end(), c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
        }
        return v;
    }
};
TORCH_MODULE(Tcn);

void train(Tcn& net, const std::vector<Item>& items, const Args& args) {
    std::mt19937 rng(args.seed);
    torch::manual_seed(args.seed);
    torch::optim::Adam opt(net->parameters(), torch::optim::AdamOptions(2e-3).weight_decay(1e-5));
    std::uniform_int_distribution<std::size_t> pick(0, items.size() - 1);
    std::uniform_real_distribution<double> log_stretch(-std::log1p(args.stretch),
                                                       std::log1p(args.stretch));
    const auto pos_weight =
        torch::tensor({4.0f, 12.0f}).view({1, 2, 1});  // beats ~1/15, downbeats ~1/50 of frames
    double running = 0.0;
    net->train();
    for (int step = 1; step <= args.steps; ++step) {
        auto x = torch::zeros({kBatch, beatnet::kInputs, kCropFrames});
        auto y = torch::zeros({kBatch, 2, kCropFrames});
        auto mask = torch::zeros({kBatch, 2, kCropFrames});
        for (std::int64_t b = 0; b < kBatch; ++b) {
            const auto& item = items[pick(rng)];
            const double stretch = std::exp(log_stretch(rng));
            double start = 0.0;
            const std::int64_t len =
                stretched_crop(item.input, stretch, rng, start, x[b].data_ptr<float>());
            float* beat = y[b][0].data_ptr<float>();
            float* down = y[b][1].data_ptr<float>();
            mark_targets(item.beats, start, stretch, len, beat);
            mark_targets(item.downbeats, start, stretch, len, down);
            mask[b][0].narrow(0, 0, len).fill_(1.0f);
            if (item.has_downbeats) mask[b][1].narrow(0, 0, len).fill_(1.0f);
        }
        auto logits = net->forward(x);
        auto weight = mask * (1.0f + (pos_weight - 1.0f) * y);
        auto loss =
            torch::binary_cross_entropy_with_logits(logits, y, weight, {}, at::Reduction::Sum) /
            mask.sum().clamp_min(1.0);
        opt.zero_grad();
        loss.backward();
        opt.step();
        running = step == 1 ? loss.item<double>() : 0.98 * running + 0.02 * loss.item<double>();
        if (step % 250 == 0)
            fmt::print(stderr, "train_beats: step {}/{} loss {:.4f}\n", step, args.steps, running);
        if (step == args.steps * 2 / 3) {
            for (auto& g : opt.param_groups())
                static_cast<torch::optim::AdamOptions&>(g.options()).lr(5e-4);
        }
    }
}

// The plain C++ network must give LibTorch's outputs: compare on one item.
double check_equal(Tcn& net, const beatnet::Network& plain, const beatnet::Input& in) {
    net->eval();
    torch::NoGradGuard no_grad;
    auto x = torch::from_blob(const_cast<float*>(in.values.data()),
                              {1, beatnet::kInputs, std::int64_t(in.frames)}, torch::kFloat32);
    auto p = torch::sigmoid(net->forward(x)).squeeze(0);
    const auto act = plain.run(in);
    double worst = 0.0;
    auto pa = p.accessor<float, 2>();
    for (std::size_t t = 0; t < in.frames; ++t) {
        worst = std::max(worst, double(std::abs(pa[0][std::int64_t(t)] - act.beat[t])));
        worst = std::max(worst, double(std::abs(pa[1][std::int64_t(t)] - act.downbeat[t])));
    }
    return worst;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        const Args args = parse_args(argc, argv);
        torch::set_num_threads(int(std::max(1u, std::thread::hardware_concurrency())));
        const auto items = load_items(args);
        if (items.empty()) throw std::runtime_error("no training items");
        std::map<std::string, int> packages;
        for (const auto& it : items) ++packages[it.package];
        fmt::print(stderr, "train_beats: {} items from {} packages; held out: {}\n", items.size(),
                   packages.size(), fmt::join(args.hold_out, ","));
        Tcn net;
        train(net, items, args);
        const std::string bytes = beatnet::file_bytes(net->flat());
        auto plain = beatnet::Network::parse(bytes);
        if (!plain) throw std::runtime_error(plain.error().message);
        const double diff = check_equal(net, plain.value(), items.front().input);
        fmt::print(stderr, "train_beats: plain C++ vs LibTorch, max difference {:.2e}\n", diff);
        if (diff > 1e-4) throw std::runtime_error("the plain C++ network disagrees with LibTorch");
        if (auto written = write_file_atomically(args.out, bytes, "train_beats"); !written)
            throw std::runtime_error(written.error().message);
        fmt::print(stderr, "train_beats: wrote {}\n", args.out.string());
    } catch (const std::exception& e) {
        fmt::print(stderr, "train_beats: {}\n", e.what());
        return 1;
    }
    return 0;
}
