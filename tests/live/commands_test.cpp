// The player's parts that need no audio server: the words of its commands and the lock-free
// ring between the player's thread and the audio callback.
#include <gtest/gtest.h>

#include <thread>

#include "live/frame_ring.h"
#include "minidj/live.h"

namespace minidj::live {
namespace {

TEST(Commands, KeysAndWordsMeanTheSameCommands) {
    EXPECT_EQ(parse_command("n"), Command::kNext);
    EXPECT_EQ(parse_command("next"), Command::kNext);
    EXPECT_EQ(parse_command("  SKIP \r"), Command::kSkip);
    EXPECT_EQ(parse_command("h"), Command::kHold);
    EXPECT_EQ(parse_command("+"), Command::kEnergyUp);
    EXPECT_EQ(parse_command("="), Command::kEnergyUp);
    EXPECT_EQ(parse_command("down"), Command::kEnergyDown);
    EXPECT_EQ(parse_command(" "), Command::kPause);
    EXPECT_EQ(parse_command("pause"), Command::kPause);
    EXPECT_EQ(parse_command("q"), Command::kQuit);
    EXPECT_FALSE(parse_command(""));
    EXPECT_FALSE(parse_command("\n"));
    EXPECT_FALSE(parse_command("louder"));
    for (auto c : {Command::kNext, Command::kSkip, Command::kHold, Command::kEnergyUp, Command::kEnergyDown,
                   Command::kPause, Command::kQuit}) {
        EXPECT_EQ(parse_command(command_name(c)), c);
    }
}

TEST(FrameRing, PassesEveryFrameInOrderBetweenTwoThreads) {
    FrameRing ring(1000);
    constexpr std::size_t kFrames = 2'000'000;
    std::thread producer([&] {
        std::vector<float> block(2 * 333);
        for (std::size_t f = 0; f < kFrames;) {
            const std::size_t n = std::min<std::size_t>(333, kFrames - f);
            for (std::size_t k = 0; k < n; ++k) block[2 * k] = block[2 * k + 1] = float(f + k);
            std::size_t sent = 0;
            while (sent < n) sent += ring.write(block.data() + 2 * sent, n - sent);
            f += n;
        }
    });
    std::vector<float> got(2 * 256);
    std::size_t next = 0, mismatches = 0;
    while (next < kFrames) {
        const std::size_t n = ring.read(got.data(), 256);
        EXPECT_LE(ring.filled(), ring.capacity());
        for (std::size_t k = 0; k < n; ++k) {
            mismatches += got[2 * k] != float(next) || got[2 * k + 1] != float(next);
            ++next;
        }
    }
    producer.join();
    EXPECT_EQ(mismatches, 0u);
    float x[2] = {1, 1};
    EXPECT_EQ(ring.read(x, 1), 0u) << "an empty ring gives nothing";
    std::vector<float> many(2 * 1500, 0.0f);
    EXPECT_EQ(ring.write(many.data(), 1500), 1000u) << "a full ring takes no more than its capacity";
}

}  // namespace
}  // namespace minidj::live
