// Builds a big library for eval/bench_library.py out of real analyses: every row is a real
// minidj analysis from SOURCE, perturbed (tempo, key, gain, timbre, chroma) and stored under
// its own path and content hash through minidj's own Library API, so the rows are what
// `minidj analyze` would have stored. Each row's path gets a small stand-in file under ROOT
// (`set` leaves out rows whose file is gone), whose identity the row is stored with.
//   make_big_library SOURCE.sqlite OUT.sqlite ROWS ROOT [--duplicates SHARE]
// --duplicates: that share of rows repeats an earlier row's audio under another path.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "minidj/library.h"

using namespace minidj;

namespace {

TrackAnalysis perturbed(const TrackAnalysis& source, const std::filesystem::path& root, std::size_t i,
                        std::mt19937& rng) {
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    std::normal_distribution<float> noise(0.0f, 1.0f);
    TrackAnalysis a = source;
    a.path = (root / fmt::format("artist{:04}", i % 4000) / fmt::format("track{:06}.flac", i)).string();
    // Tempo within +-8 %: the grid is rescaled with it, so the bars stay where the beats are.
    const double speed = 0.92 + 0.16 * uniform(rng);
    a.grid.bpm *= speed;
    for (auto* times : {&a.grid.beats, &a.grid.downbeats}) {
        for (auto& t : *times) t /= speed;
    }
    a.duration_s /= speed;
    // Key: transposed (chroma columns rotated with it), a third of the time read as the
    // relative mode (the same pitch classes).
    const int shift = int(rng() % 12);
    if (a.key.key) {
        a.key.key->tonic = (a.key.key->tonic + shift) % 12;
        if (uniform(rng) < 1.0 / 3) {
            a.key.key->tonic = (a.key.key->tonic + (a.key.key->minor ? 3 : 9)) % 12;
            a.key.key->minor = !a.key.key->minor;
        }
    }
    // Gain within +-6 dB; timbre and chroma jittered.
    const double gain_db = -6.0 + 12.0 * uniform(rng);
    const float gain = float(std::pow(10.0, gain_db / 20.0));
    a.loudness.integrated_lufs += gain_db;
    a.energy_rms *= gain;
    for (auto& m : a.timbre.mfcc_mean) m += noise(rng);
    const std::size_t rows = a.beat_features.rows();
    for (std::size_t r = 0; r < rows; ++r) {
        float* row = a.beat_features.values.data() + r * BeatFeatures::kColumns;
        row[BeatFeatures::kEnergy] *= gain;
        for (int c : {BeatFeatures::kLow, BeatFeatures::kMid, BeatFeatures::kHigh}) row[c] += float(gain_db);
        float chroma[12];
        for (int c = 0; c < 12; ++c) chroma[(c + shift) % 12] = row[BeatFeatures::kChroma0 + c];
        for (int c = 0; c < 12; ++c) {
            row[BeatFeatures::kChroma0 + c] = std::clamp(chroma[c] * (1.0f + 0.05f * noise(rng)), 0.0f, 1.0f);
        }
    }
    return a;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 5) {
        fmt::print(stderr, "usage: make_big_library SOURCE.sqlite OUT.sqlite ROWS ROOT [--duplicates SHARE]\n");
        return 2;
    }
    const std::size_t wanted = std::strtoull(argv[3], nullptr, 10);
    const std::filesystem::path root = std::filesystem::absolute(argv[4]);
    const double duplicates = argc >= 7 && std::string(argv[5]) == "--duplicates" ? std::atof(argv[6]) : 0.0;
    LibraryOptions read_only;
    read_only.create = false;
    auto source = Library::open(argv[1], read_only);
    if (!source) {
        fmt::print(stderr, "{}\n", source.error().message);
        return 1;
    }
    std::vector<TrackAnalysis> analyses;
    const auto listed = (*source)->list();
    if (!listed) {
        fmt::print(stderr, "{}\n", listed.error().message);
        return 1;
    }
    for (const auto& summary : listed.value()) {
        if (auto a = (*source)->load(summary.path); a && a.value()) analyses.push_back(std::move(*a.value()));
    }
    if (analyses.empty()) {
        fmt::print(stderr, "{}: no analyses\n", argv[1]);
        return 1;
    }
    auto out = Library::open(argv[2]);
    if (!out) {
        fmt::print(stderr, "{}\n", out.error().message);
        return 1;
    }
    std::mt19937 rng(20261206);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    const auto start = std::chrono::steady_clock::now();
    std::size_t stored = (*out)->count().value();
    for (std::size_t i = stored; i < wanted; ++i) {
        const auto analysis = perturbed(analyses[i % analyses.size()], root, i, rng);
        // The stand-in file's bytes name its audio: a duplicate repeats an earlier row's bytes,
        // so its content hash is that row's. The row is stored with the file's real identity,
        // so every command finds its analysis current.
        const std::size_t content = duplicates > 0 && i > 0 && uniform(rng) < duplicates ? rng() % i : i;
        std::filesystem::create_directories(std::filesystem::path(analysis.path).parent_path());
        std::ofstream(analysis.path) << "minidj bench stand-in for audio " << content << '\n';
        const auto id = identify_file(analysis.path);
        if (!id) {
            fmt::print(stderr, "{}\n", id.error().message);
            return 1;
        }
        const AudioTags tags{fmt::format("Artist {:04}", i % 4000), fmt::format("Track {}", i), "", "", 2000};
        if (auto s = (*out)->store(id.value(), analysis, tags); !s) {
            fmt::print(stderr, "{}\n", s.error().message);
            return 1;
        }
        if ((i + 1) % 10000 == 0) {
            const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            fmt::print(stderr, "{} rows ({:.0f} s)\n", i + 1, seconds);
        }
    }
    fmt::print("{} rows from {} analyses in {}\n", wanted, analyses.size(), argv[2]);
    return 0;
}
