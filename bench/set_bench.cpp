// Set planning benchmark (not part of the unit suite; one core):
//   taskset -c 0 build-bench/set_bench
// Plans a 20-track set from a library of 10,000 made-up feature rows, with the shipped Brain
// scoring every seam, three ways on the same library: beam search + annealing (minidj's), greedy
// next-best, and a random walk. Prints each method's objective and its parts, and the time
// each took.
#include <fmt/format.h>

#include <chrono>
#include <random>

#include "brain/synthetic.h"
#include "minidj/brain.h"
#include "minidj/planner.h"
#include "minidj/set_planner.h"

using namespace minidj;

namespace {

// Camelot 8A is A minor, 8B C major; each step round the wheel is a fifth.
MusicalKey key_of(int camelot, bool minor) {
    const int tonic = ((minor ? 9 : 0) + 7 * (camelot - 8)) % 12;
    return MusicalKey{(tonic + 12) % 12, minor};
}

}  // namespace

int main() {
    brain::set_compute_threads(1);
    std::mt19937 rng(3);
    constexpr int kLibrary = 10000;  // made-up rows; the scarce case uses the first 300
    std::vector<brain::TrackFeatures> rows;
    std::vector<planner::SetCandidate> candidates;
    for (int i = 0; i < kLibrary; ++i) {
        rows.push_back(test::random_row(rng, i));
        const auto& r = rows.back();
        candidates.push_back({r.path, planner::artist_of(r.artist, r.path), r.bpm, key_of(r.camelot_number, r.minor),
                              r.energy_db, 200.0});
    }
    auto model = brain::Model::load_default();
    if (!model) {
        fmt::print(stderr, "{}\n", model.error().message);
        return 1;
    }
    std::size_t pairs = 0;
    const planner::SeamScorer scorer = [&](std::size_t from, std::span<const std::size_t> to, std::span<float> out) {
        std::vector<const brain::TrackFeatures*> batch;
        batch.reserve(to.size());
        for (std::size_t t : to) batch.push_back(&rows[t]);
        const auto values = model.value()->score_values(rows[from], batch);
        std::copy(values.begin(), values.end(), out.begin());
        pairs += to.size();
    };
    // The speed case (the whole library) and a scarce one (the first 300 tracks, strict keys,
    // 4 % tempo), where the order matters more than the pool.
    struct Case {
        const char* name;
        std::size_t library;
        planner::HarmonicRule harmonic;
        double tempo;
    };
    for (const Case c : {Case{"10,000 tracks, 8 % tempo, loose keys", 10000, planner::HarmonicRule::kLoose, 0.08},
                         Case{"300 tracks, 4 % tempo, strict keys", 300, planner::HarmonicRule::kStrict, 0.04}}) {
        planner::SetRequest request;
        request.tracks = 20;
        request.arc = planner::EnergyArc::kPeak;
        request.no_repeat_artist = 4;
        request.rules.harmonic = c.harmonic;
        request.rules.max_tempo_change = c.tempo;
        fmt::print("\n20-track set from {} (arc peak, no artist twice in 4), shipped model, one core\n\n", c.name);
        fmt::print("| method | objective | seam (mean score) | arc fit | seams scored | seconds |\n"
                   "|---|---|---|---|---|---|\n");
        const std::span<const planner::SetCandidate> pool(candidates.data(), c.library);
        for (auto method :
             {planner::SearchMethod::kBeamAnneal, planner::SearchMethod::kGreedy, planner::SearchMethod::kRandom}) {
            pairs = 0;
            const auto t0 = std::chrono::steady_clock::now();
            const auto set = planner::plan_set(pool, scorer, request, method);
            const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            if (!set) {
                fmt::print(stderr, "{}\n", set.error().message);
                return 1;
            }
            const auto& o = set.value().objective;
            fmt::print("| {} | {:.3f} | {:.3f} | {:.3f} | {} | {:.2f} |{}\n", planner::method_name(method), o.total,
                       o.seam, o.arc, pairs, seconds, set.value().order.size() < 20 ? " (shorter set)" : "");
        }
    }
    return 0;
}
