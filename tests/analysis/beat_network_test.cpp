#include "minidj/beat_network.h"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>

#include "minidj/files.h"
#include "support/temp_dir.h"

namespace minidj::beatnet {
namespace {

// Offsets of the parameter groups in the file's order (beat_network.h).
constexpr std::size_t C = kChannels;
constexpr std::size_t kInputBias = C * kInputs;
constexpr std::size_t kFirstBlock = kInputBias + C;
constexpr std::size_t kBlockSize = C * C * kKernel + C + C * C + C;
constexpr std::size_t kOutput = kFirstBlock + kBlocks * kBlockSize;

TEST(BeatNetwork, RejectsFilesOfAnotherShape) {
    const std::vector<float> params(parameter_count(), 0.0f);
    EXPECT_TRUE(Network::parse(file_bytes(params)));
    EXPECT_FALSE(Network::parse(file_bytes(std::vector<float>(parameter_count() - 1, 0.0f))));
    auto wrong_magic = file_bytes(params);
    wrong_magic[0] = 'X';
    EXPECT_FALSE(Network::parse(wrong_magic));
    auto nan = params;
    nan[5] = std::nanf("");
    EXPECT_FALSE(Network::parse(file_bytes(nan)));
}

// An impulse through hand-set weights: the first block's dilated kernel reads two frames back
// (tap 0 of 5 at dilation 1), as LibTorch's padded Conv1d does, and adds to the residual.
TEST(BeatNetwork, ForwardPassFollowsTheConvolutionConvention) {
    std::vector<float> params(parameter_count(), 0.0f);
    params[0 * kInputs + 0] = 1.0f;                          // input conv: channel 0 <- input 0
    params[kFirstBlock + (0 * C + 0) * kKernel + 0] = 1.0f;  // block 0 dilated: x[t - 2]
    params[kFirstBlock + C * C * kKernel + C + 0] = 1.0f;    // block 0 mix: channel 0 <- 0
    params[kOutput + 0] = 1.0f;                              // beat logit <- channel 0
    params[kOutput + 2 * C + 1] = -3.0f;                     // downbeat bias
    auto net = Network::parse(file_bytes(params));
    ASSERT_TRUE(net);
    Input in;
    in.frames = 32;
    in.values.assign(std::size_t(kInputs) * in.frames, 0.0f);
    in.values[10] = 1.0f;  // input 0, frame 10
    const auto out = net.value().run(in);
    ASSERT_EQ(out.beat.size(), 32u);
    const float one = 1.0f / (1.0f + std::exp(-1.0f));
    EXPECT_NEAR(out.beat[10], one, 1e-6);
    EXPECT_NEAR(out.beat[12], one, 1e-6);
    EXPECT_NEAR(out.beat[8], 0.5f, 1e-6);
    EXPECT_NEAR(out.beat[11], 0.5f, 1e-6);
    EXPECT_NEAR(out.downbeat[12], 1.0f / (1.0f + std::exp(3.0f)), 1e-6);
}

TEST(BeatNetwork, InputIgnoresTheTracksGain) {
    std::vector<float> log_mel(kMelBands * 200);
    for (std::size_t i = 0; i < log_mel.size(); ++i)
        log_mel[i] = float(std::sin(double(i) * 0.37) * 3.0 - 5.0);
    auto louder = log_mel;
    for (float& v : louder) v += 2.3f;  // +10 dB
    const auto a = input_from_frames(log_mel, {}), b = input_from_frames(louder, {});
    ASSERT_EQ(a.values.size(), std::size_t(kInputs) * 200);
    for (std::size_t i = 0; i < a.values.size(); ++i)
        ASSERT_NEAR(a.values[i], b.values[i], 1e-4) << i;
}

// The harmony rows: each chroma frame scaled to its strongest class, near-silent frames left
// at 0, and interpolated onto the grid between chroma frames.
TEST(BeatNetwork, InputCarriesTheHarmonyScaledPerFrame) {
    const std::size_t frames = 64;
    const std::vector<float> log_mel(kMelBands * frames, -3.0f);
    std::vector<std::array<float, 12>> chroma(8);
    chroma[0][0] = 4.0f;                                   // C
    chroma[0][7] = 2.0f;                                   // G at half of C
    chroma[1][9] = 8.0f;                                   // A
    chroma[2][4] = 1e-6f;                                  // all but silent
    const double chroma_seconds = 8.0 / kFramesPerSecond;  // one chroma frame every 8 grid frames
    const auto in = input_from_frames(log_mel, {&chroma, chroma_seconds});
    const auto row = [&](int pc, std::size_t t) {
        return in.values[std::size_t(2 * kMelBands + pc) * frames + t];
    };
    EXPECT_NEAR(row(0, 0), 1.0f, 1e-6);
    EXPECT_NEAR(row(7, 0), 0.5f, 1e-6);
    EXPECT_NEAR(row(9, 8), 1.0f, 1e-6);
    EXPECT_NEAR(row(0, 4), 0.5f, 1e-6);  // half-way from C's frame to A's
    EXPECT_NEAR(row(9, 4), 0.5f, 1e-6);
    EXPECT_EQ(row(4, 16), 0.0f);
    // Without chroma the rows stay 0.
    const auto bare = input_from_frames(log_mel, {});
    for (std::size_t t = 0; t < frames; ++t)
        EXPECT_EQ(bare.values[std::size_t(2 * kMelBands) * frames + t], 0.0f);
}

// The analysis runs the network a chunk at a time with its reach of context either side: the
// outputs must be the whole track's, sum for sum. A network with random weights, so every tap
// of every layer counts; chunks much shorter than the reach, and longer.
TEST(BeatNetwork, AChunkedRunEqualsTheWholeRun) {
    std::vector<float> params(parameter_count());
    std::uint32_t x = 12345u;
    const auto next = [&x] {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        return float(double(x) / 4294967295.0 - 0.5);
    };
    for (float& p : params) p = 0.3f * next();
    const auto net = Network::parse(file_bytes(params));
    ASSERT_TRUE(net);
    const std::size_t frames = 3000;
    std::vector<float> log_mel(kMelBands * frames);
    for (float& v : log_mel) v = 4.0f * next();
    std::vector<std::array<float, 12>> chroma(frames / 8 + 1);
    for (auto& c : chroma) {
        for (float& v : c) v = next() + 0.5f;
    }
    const ChromaRows rows{&chroma, 8.0 / kFramesPerSecond};
    const auto whole = net.value().run(input_from_frames(log_mel, rows));
    for (std::size_t chunk : {std::size_t(100), std::size_t(700), std::size_t(5000)}) {
        const auto chunked = net.value().run_track(log_mel, rows, chunk);
        ASSERT_EQ(chunked.beat.size(), frames);
        for (std::size_t t = 0; t < frames; ++t) {
            ASSERT_EQ(chunked.beat[t], whole.beat[t]) << "chunk " << chunk << " frame " << t;
            ASSERT_EQ(chunked.downbeat[t], whole.downbeat[t])
                << "chunk " << chunk << " frame " << t;
        }
    }
    // The control: cut without context, the same rows give other outputs near the cut.
    const auto full = input_from_frames(log_mel, rows);
    Input cut;
    cut.frames = 700;
    for (int r = 0; r < kInputs; ++r) {
        const auto row = full.values.begin() + std::ptrdiff_t(std::size_t(r) * frames);
        cut.values.insert(cut.values.end(), row, row + 700);
    }
    const auto alone = net.value().run(cut);
    EXPECT_NE(alone.beat[699], whole.beat[699]);
    EXPECT_EQ(alone.beat[0], whole.beat[0]);  // far from the cut (more than the reach): the same
}

TEST(BeatNetwork, LoadsAWeightFileAndNamesAFileItCannotRead) {
    test::TempDir dir;
    std::vector<float> params(parameter_count(), 0.0f);
    params[7] = 0.25f;
    ASSERT_TRUE(write_file_atomically(dir / "net.tcn", file_bytes(params), "test"));
    const auto loaded = Network::load(dir / "net.tcn");
    ASSERT_TRUE(loaded);
    EXPECT_EQ(loaded.value().parameters(), params);

    const auto missing = Network::load(dir / "missing.tcn");
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().message.find("missing.tcn: cannot open the file"), std::string::npos)
        << missing.error().message;
    std::ofstream(dir / "short.tcn") << "MDJTCN02";
    const auto truncated = Network::load(dir / "short.tcn");
    ASSERT_FALSE(truncated);
    EXPECT_NE(truncated.error().message.find("beat network: " + (dir / "short.tcn").string() +
                                             ": not a weight file"),
              std::string::npos)
        << truncated.error().message;
}

TEST(BeatNetwork, TheShippedNetworkIsThere) {
    EXPECT_EQ(Network::shipped().parameters().size(), parameter_count());
}

}  // namespace
}  // namespace minidj::beatnet
