#include "minidj/beat_network.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>

#include "analysis/beat_network_model.h"
#include "analysis/frame_grid.h"
#include "analysis/track_analyzer.h"
#include "minidj/files.h"

namespace minidj::beatnet {
namespace {

// Bands more than this (natural log of power, ~70 dB) under the track's loudest are floored:
// silence and dither would otherwise set the band means.
constexpr float kFloorBelowMax = 16.0f;

// Frames per tile of convolve(): an output tile and the input rows it reads stay in the cache.
constexpr std::ptrdiff_t kTileFrames = 512;

// out[o][t] = b[o] + sum_i sum_k w[o][i][k] * x[i][t + (k - K/2) * dilation], zero outside.
// The analysis's hot loop: built for AVX2 as well as the baseline, chosen when the program
// loads. Each output sums in the same order on both (no fused multiply-add), so they agree.
[[gnu::target_clones("avx2", "default")]] void convolve(const std::vector<float>& x, int inputs,
                                                        std::size_t frames, const float* w,
                                                        const float* b, int outputs, int kernel,
                                                        int dilation, std::vector<float>& out) {
    out.assign(std::size_t(outputs) * frames, 0.0f);
    const auto n = std::ptrdiff_t(frames);
    for (std::ptrdiff_t from = 0; from < n; from += kTileFrames) {
        const std::ptrdiff_t to = std::min(n, from + kTileFrames);
        for (int o = 0; o < outputs; ++o) {
            float* y = out.data() + std::size_t(o) * frames;
            std::fill(y + from, y + to, b[o]);
            for (int i = 0; i < inputs; ++i) {
                const float* xi = x.data() + std::size_t(i) * frames;
                for (int k = 0; k < kernel; ++k) {
                    const float wk = w[(std::size_t(o) * inputs + i) * kernel + k];
                    const std::ptrdiff_t shift = std::ptrdiff_t(k - kernel / 2) * dilation;
                    const std::ptrdiff_t lo = std::max(from, -shift);
                    const std::ptrdiff_t hi = std::min(to, n - shift);
                    for (std::ptrdiff_t t = lo; t < hi; ++t) y[t] += wk * xi[t + shift];
                }
            }
        }
    }
}

void elu(std::vector<float>& v) {
    for (float& x : v) x = x > 0.0f ? x : std::expm1(x);
}

float sigmoid(float x) { return 1.0f / (1.0f + std::exp(-x)); }

// Below this share of the track's strongest chroma frame a frame has no harmony to speak of
// (silence, a drum hit): its rows stay 0 rather than showing the shape of noise.
constexpr float kChromaFloor = 1e-3f;

// The harmony chroma of a track, each frame scaled to its strongest class: computed once per
// track, read by every chunk.
struct ChromaShape {
    std::vector<std::array<float, 12>> frames;
    double per_grid_frame = 0.0;  // chroma frames per analysis frame
};

ChromaShape chroma_shape(ChromaRows chroma) {
    ChromaShape out;
    if (!chroma.frames || chroma.frames->empty() || chroma.chroma_seconds <= 0.0) return out;
    const auto& frames = *chroma.frames;
    out.frames.resize(frames.size());
    out.per_grid_frame = 1.0 / (kFramesPerSecond * chroma.chroma_seconds);
    float loudest = 0.0f;
    for (const auto& f : frames) loudest = std::max(loudest, *std::max_element(f.begin(), f.end()));
    for (std::size_t i = 0; i < frames.size(); ++i) {
        const float top = *std::max_element(frames[i].begin(), frames[i].end());
        if (top <= kChromaFloor * loudest) continue;
        for (std::size_t pc = 0; pc < 12; ++pc) out.frames[i][pc] = frames[i][pc] / top;
    }
    return out;
}

// The chroma rows of the grid frames from `first` on, interpolated between chroma frames.
void add_chroma_rows(const ChromaShape& shape, std::size_t first, Input& in) {
    if (shape.frames.empty()) return;
    const std::size_t n = in.frames;
    const std::size_t last = shape.frames.size() - 1;
    for (std::size_t t = 0; t < n; ++t) {
        const double at = std::min(double(first + t) * shape.per_grid_frame, double(last));
        const auto i = std::size_t(at);
        const std::size_t j = std::min(i + 1, last);
        const auto frac = float(at - double(i));
        for (std::size_t pc = 0; pc < 12; ++pc) {
            in.values[(std::size_t(2 * kMelBands) + pc) * n + t] =
                shape.frames[i][pc] * (1.0f - frac) + shape.frames[j][pc] * frac;
        }
    }
}

// Why `bytes` are not a weight file of this network, or empty when they are.
std::string weight_file_problem(std::string_view bytes) {
    const std::size_t want = kMagic.size() + parameter_count() * sizeof(float);
    if (bytes.size() != want || std::memcmp(bytes.data(), kMagic.data(), kMagic.size()) != 0) {
        return fmt::format("not a weight file of this version ({} bytes, expected {})",
                           bytes.size(), want);
    }
    for (std::size_t i = 0; i < parameter_count(); ++i) {
        float p;
        std::memcpy(&p, bytes.data() + kMagic.size() + i * sizeof(float), sizeof p);
        if (!std::isfinite(p)) return "the weight file holds a non-finite weight";
    }
    return {};
}

}  // namespace

static_assert(kFramesPerSecond == analysis::kFramesPerSecond,
              "the network reads the analysis grid");

Result<Network> Network::parse(std::string_view bytes) {
    if (auto problem = weight_file_problem(bytes); !problem.empty())
        return Error{"beat network: " + problem};
    Network net;
    net.params_.resize(parameter_count());
    std::memcpy(net.params_.data(), bytes.data() + kMagic.size(),
                parameter_count() * sizeof(float));
    return net;
}

Result<Network> Network::load(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return Error{fmt::format("beat network: {}: cannot open the file", printable_path(path))};
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (auto problem = weight_file_problem(bytes.str()); !problem.empty()) {
        return Error{fmt::format("beat network: {}: {}", printable_path(path), problem)};
    }
    return parse(bytes.str());
}

std::string file_bytes(const std::vector<float>& parameters) {
    std::string bytes(kMagic.begin(), kMagic.end());
    bytes.append(reinterpret_cast<const char*>(parameters.data()),
                 parameters.size() * sizeof(float));
    return bytes;
}

const Network& Network::shipped() {
    static const Network net = [] {
        auto parsed = parse(analysis::beat_network_model_bytes());
        return parsed ? std::move(parsed.value()) : Network{};
    }();
    return net;
}

Activations Network::run(const Input& input) const {
    Activations out;
    const std::size_t frames = input.frames;
    if (params_.size() != parameter_count() || frames == 0) return out;
    const float* p = params_.data();
    const auto take = [&p](std::size_t count) {
        const float* at = p;
        p += count;
        return at;
    };
    constexpr auto C = std::size_t(kChannels);
    std::vector<float> x, hidden, mixed;
    const float* w = take(C * kInputs);
    convolve(input.values, kInputs, frames, w, take(C), kChannels, 1, 1, x);
    for (int block = 0; block < kBlocks; ++block) {
        w = take(C * C * kKernel);
        convolve(x, kChannels, frames, w, take(C), kChannels, kKernel, 1 << block, hidden);
        elu(hidden);
        w = take(C * C);
        convolve(hidden, kChannels, frames, w, take(C), kChannels, 1, 1, mixed);
        for (std::size_t i = 0; i < x.size(); ++i) x[i] += mixed[i];
    }
    elu(x);
    w = take(std::size_t(kOutputs) * C);
    std::vector<float> logits;
    convolve(x, kChannels, frames, w, take(kOutputs), kOutputs, 1, 1, logits);
    out.beat.resize(frames);
    out.downbeat.resize(frames);
    for (std::size_t t = 0; t < frames; ++t) {
        out.beat[t] = sigmoid(logits[t]);
        out.downbeat[t] = sigmoid(logits[frames + t]);
    }
    return out;
}

namespace {

// The per-track normalisation of the mel rows: floor, band means and one scale.
struct MelLevels {
    float floor = 0.0f;
    std::array<double, kMelBands> mean{};
    double scale = 1.0;
};

MelLevels mel_levels(const std::vector<float>& log_mel) {
    MelLevels l;
    const std::size_t n = log_mel.size() / kMelBands;
    if (n == 0) return l;
    l.floor = *std::max_element(log_mel.begin(), log_mel.end()) - kFloorBelowMax;
    const auto level = [&](std::size_t t, int b) {
        return std::max(log_mel[t * kMelBands + std::size_t(b)], l.floor);
    };
    for (std::size_t t = 0; t < n; ++t) {
        for (int b = 0; b < kMelBands; ++b) l.mean[std::size_t(b)] += level(t, b);
    }
    for (double& m : l.mean) m /= double(n);
    double sq = 0.0;
    for (std::size_t t = 0; t < n; ++t) {
        for (int b = 0; b < kMelBands; ++b) sq += std::pow(level(t, b) - l.mean[std::size_t(b)], 2);
    }
    // One scale for all bands keeps the spectral shape; the mean per band removes the mix's EQ.
    l.scale = 1.0 / std::max(1e-3, std::sqrt(sq / double(n * kMelBands)));
    return l;
}

// The input rows of frames [from, to) of a track.
Input input_rows(const std::vector<float>& log_mel, const MelLevels& l, const ChromaShape& chroma,
                 std::size_t from, std::size_t to) {
    Input in;
    in.frames = to - from;
    const std::size_t n = in.frames;
    in.values.assign(std::size_t(kInputs) * n, 0.0f);
    const auto level = [&](std::size_t t, int b) {
        return std::max(log_mel[t * kMelBands + std::size_t(b)], l.floor);
    };
    for (int b = 0; b < kMelBands; ++b) {
        float* row = in.values.data() + std::size_t(b) * n;
        float* rise = in.values.data() + std::size_t(kMelBands + b) * n;
        for (std::size_t t = from; t < to; ++t) {
            row[t - from] = float((level(t, b) - l.mean[std::size_t(b)]) * l.scale);
            if (t > 0)
                rise[t - from] = float(std::max(0.0f, level(t, b) - level(t - 1, b)) * l.scale);
        }
    }
    add_chroma_rows(chroma, from, in);
    return in;
}

}  // namespace

Input input_from_frames(const std::vector<float>& log_mel, ChromaRows chroma) {
    return input_rows(log_mel, mel_levels(log_mel), chroma_shape(chroma), 0, log_mel.size() / kMelBands);
}

Activations Network::run_track(const std::vector<float>& log_mel, ChromaRows chroma,
                               std::size_t chunk_frames) const {
    const std::size_t n = log_mel.size() / kMelBands;
    Activations out;
    out.beat.resize(n);
    out.downbeat.resize(n);
    const MelLevels levels = mel_levels(log_mel);
    const ChromaShape shape = chroma_shape(chroma);
    for (std::size_t from = 0; from < n; from += chunk_frames) {
        const std::size_t to = std::min(n, from + chunk_frames);
        // Every output reads kReachFrames either side: with that much context the chunk's
        // outputs are the whole track's, sum for sum.
        const std::size_t lo = from > kReachFrames ? from - kReachFrames : 0;
        const std::size_t hi = std::min(n, to + kReachFrames);
        const auto part = run(input_rows(log_mel, levels, shape, lo, hi));
        if (part.beat.size() != hi - lo) return {};
        std::copy(part.beat.begin() + std::ptrdiff_t(from - lo),
                  part.beat.begin() + std::ptrdiff_t(to - lo),
                  out.beat.begin() + std::ptrdiff_t(from));
        std::copy(part.downbeat.begin() + std::ptrdiff_t(from - lo),
                  part.downbeat.begin() + std::ptrdiff_t(to - lo),
                  out.downbeat.begin() + std::ptrdiff_t(from));
    }
    return out;
}

Result<Input> input_of_file(const std::filesystem::path& path) {
    AudioInfo source;
    auto analyzer =
        analysis::decode_into_analyzer(path, {}, nullptr, /*keep_log_mel=*/true, source);
    if (!analyzer) return analyzer.error();
    const auto [frames, chroma] = analyzer.value()->finish_frames();
    return input_from_frames(frames.log_mel, {&chroma.harmony, chroma.seconds_per_frame()});
}

}  // namespace minidj::beatnet
