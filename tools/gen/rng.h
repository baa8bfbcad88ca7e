#pragma once
// A small deterministic PRNG (SplitMix64). std::uniform_*_distribution output differs between
// standard libraries; this does not, so a seed gives the same song everywhere.
#include <cstdint>

namespace minidj::gen {

class Rng {
public:
    explicit Rng(std::uint64_t seed) : state_(seed) {}

    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    /// Uniform in [0, 1).
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    /// Uniform in [-1, 1): white noise.
    double bipolar() { return uniform() * 2.0 - 1.0; }
    /// Uniform integer in [0, n), n > 0.
    int below(int n) { return static_cast<int>(next() % static_cast<std::uint64_t>(n)); }
    bool chance(double p) { return uniform() < p; }

private:
    std::uint64_t state_;
};

/// Derives an independent stream for one part of the song (drums, lead, ...), so adding notes to
/// one part does not change the random choices of another.
inline Rng stream(std::uint32_t seed, std::uint64_t part) {
    Rng mixer((static_cast<std::uint64_t>(seed) << 32) ^ (part * 0xD1B54A32D192ED03ULL));
    return Rng(mixer.next());
}

}  // namespace minidj::gen
