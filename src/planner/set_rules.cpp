#include "planner/set_rules.h"

#include "minidj/brain.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <numeric>

namespace minidj::planner {
namespace {

struct Camelot {
    int number = 0;  // 1..12
    bool minor = false;
};

Camelot camelot_of(const MusicalKey& key) {
    const std::string code = key.camelot();  // "8A"
    return {std::atoi(code.c_str()), code.back() == 'A'};
}

// Steps around the wheel, 0..6.
int wheel_distance(int a, int b) {
    const int d = std::abs(a - b) % 12;
    return std::min(d, 12 - d);
}

bool keys_allowed(const MusicalKey& ka, const MusicalKey& kb, HarmonicRule rule) {
    if (rule == HarmonicRule::kOff) return true;
    const Camelot a = camelot_of(ka), b = camelot_of(kb);
    const int d = wheel_distance(a.number, b.number);
    if (a.minor == b.minor && d <= 1) return true;  // same key, +-1
    if (a.number == b.number) return true;          // relative major/minor
    if (rule == HarmonicRule::kStrict) return false;
    // Loose: two steps, the diagonal (+-1 and relative) and the energy boosts (+7, +2).
    const int up = ((b.number - a.number) % 12 + 12) % 12;
    return (a.minor == b.minor && (d == 2 || up == 7)) || (a.minor != b.minor && d == 1);
}

}  // namespace

bool seam_allowed(const SetCandidate& a, const SetCandidate& b, const SetRequest& request) {
    // Half/double-time matching as the Brain's rulebook counts it; no beat: no tempo limit.
    if (brain::tempo_relation(a.bpm, b.bpm).deviation > request.max_tempo_change + 1e-12) return false;
    if (a.key && b.key) return keys_allowed(*a.key, *b.key, request.harmonic);
    return true;
}

bool artist_spacing_ok(std::span<const SetCandidate> candidates, const std::vector<std::size_t>& order,
                       std::size_t next, int spacing) {
    const std::string& artist = candidates[next].artist;
    if (spacing <= 1 || artist.empty()) return true;
    const std::size_t look = std::min(order.size(), std::size_t(spacing - 1));
    for (std::size_t i = order.size() - look; i < order.size(); ++i) {
        if (candidates[order[i]].artist == artist) return false;
    }
    return true;
}

std::vector<double> energy_ranks(std::span<const SetCandidate> candidates) {
    const std::size_t n = candidates.size();
    std::vector<std::size_t> by_energy(n);
    std::iota(by_energy.begin(), by_energy.end(), 0);
    std::stable_sort(by_energy.begin(), by_energy.end(),
                     [&](std::size_t x, std::size_t y) { return candidates[x].energy < candidates[y].energy; });
    std::vector<double> rank(n, 0.5);
    for (std::size_t r = 0; r < n && n > 1; ++r) rank[by_energy[r]] = double(r) / double(n - 1);
    return rank;
}

}  // namespace minidj::planner
