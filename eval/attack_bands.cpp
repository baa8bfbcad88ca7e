// Which band shows a track's beat: for each window of 64 labelled beats (a transition's
// overlap), how many beats have an attack that lines up with the others (within 8 ms of their
// median offset from the beats) in the full band (attack_start alone, the fit before the band
// choice) and in the band the renderer picks (beat_attacks), and their median distance from
// that offset. Read by eval/attack_bands.py; not a test.
//
// usage: attack_bands AUDIO < beats.txt   (one beat time in seconds per line)
// prints one line per window: beats lined_up_full lined_up_chosen band spread_full_ms spread_chosen_ms
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <optional>
#include <vector>

#include "render/deck_source.h"
#include "render/onsets.h"

namespace {

using Attacks = std::vector<std::optional<double>>;

constexpr int kRate = 44100;
constexpr std::size_t kWindow = 64;

double median(std::vector<double> v) {
    std::nth_element(v.begin(), v.begin() + std::ptrdiff_t(v.size() / 2), v.end());
    return v[v.size() / 2];
}

struct LinedUp {
    std::size_t count = 0;
    double spread_ms = 0.0;
};

LinedUp lined_up(const Attacks& attacks, const std::vector<double>& beats) {
    std::vector<double> offsets;
    for (std::size_t k = 0; k < beats.size(); ++k) {
        if (attacks[k]) offsets.push_back(*attacks[k] - beats[k]);
    }
    if (offsets.empty()) return {};
    const double usual = median(offsets);
    std::vector<double> dev;
    for (double o : offsets) {
        if (std::abs(o - usual) <= 0.008) dev.push_back(std::abs(o - usual));
    }
    return {dev.size(), 1000.0 * median(dev)};
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: attack_bands AUDIO < beats.txt\n");
        return 2;
    }
    std::vector<double> all;
    for (double b; std::cin >> b;) all.push_back(b);
    for (std::size_t w = 0; w + kWindow <= all.size(); w += kWindow) {
        const std::vector<double> beats(all.begin() + std::ptrdiff_t(w), all.begin() + std::ptrdiff_t(w + kWindow));
        const double period = (beats.back() - beats.front()) / double(kWindow - 1);
        const auto first = std::int64_t(std::max(0.0, beats.front() - period) * kRate);
        const auto frames = std::size_t(std::int64_t((beats.back() + period) * kRate) - first);
        auto audio = minidj::render::read_segment(argv[1], kRate, first, frames);
        if (!audio) {
            std::fprintf(stderr, "attack_bands: %s\n", audio.error().message.c_str());
            return 1;
        }
        const minidj::render::DeckStem stem{&audio.value(), double(first) / kRate};
        const double radius = std::min(0.04, 0.2 * period);
        Attacks full(beats.size());
        for (std::size_t k = 0; k < beats.size(); ++k) full[k] = minidj::render::attack_start(stem, kRate, beats[k], radius);
        const auto chosen = minidj::render::beat_attacks(stem, kRate, beats, radius);
        const auto f = lined_up(full, beats), c = lined_up(chosen, beats);
        std::printf("%zu %zu %zu %s %.3f %.3f\n", kWindow, f.count, c.count, chosen == full ? "full" : "high",
                    f.spread_ms, c.spread_ms);
    }
}
