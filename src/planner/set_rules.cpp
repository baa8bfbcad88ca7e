#include "planner/set_rules.h"

#include "minidj/brain.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace minidj::planner {
bool seam_allowed(const SetCandidate& a, const SetCandidate& b, const SetRequest& request) {
    return brain::rulebook_allows(brain::tempo_relation(a.bpm, b.bpm), brain::key_relation(a.key, b.key),
                                  request.rules);
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
