// Brain benchmarks (not part of the unit suite):
//   taskset -c 0 build-bench/brain_bench --benchmark_filter=Recommend   # one core
//   build-bench/brain_bench --benchmark_filter=Train                     # two cores
// Recommend: top-10 next tracks over 100,000 made-up feature rows (filters, tempo pre-filter,
// one batched network pass, explanations of the 10). Train: 10,000 made-up tracks' worth of
// rulebook pairs and seams (24 seams a track), 30 epochs, the default options.
#include <benchmark/benchmark.h>

#include <random>

#include "brain/synthetic.h"
#include "minidj/brain.h"
#include "minidj/planner.h"

namespace {

using namespace minidj;

void BM_RecommendTop10Of100k(benchmark::State& state) {
    brain::set_compute_threads(1);
    std::mt19937 rng(1);
    std::vector<brain::TrackFeatures> rows;
    rows.reserve(100000);
    for (int i = 0; i < 100000; ++i) rows.push_back(test::random_row(rng, i));
    auto model = brain::Model::load_default();
    if (!model) {
        state.SkipWithError(model.error().message.c_str());
        return;
    }
    std::size_t seed = 0, scored = 0;
    for (auto _ : state) {
        const auto best = planner::recommend(*model.value(), rows[seed++ % 1000], rows, {});
        scored += best.size();
        benchmark::DoNotOptimize(best.data());
    }
    state.counters["rows"] = double(rows.size());
}
BENCHMARK(BM_RecommendTop10Of100k)->Unit(benchmark::kMillisecond)->MinTime(3.0);

void BM_Train10kTracks(benchmark::State& state) {
    brain::set_compute_threads(2);
    std::mt19937 rng(2);
    std::vector<brain::TrainingTrack> tracks;
    tracks.reserve(10000);
    for (int i = 0; i < 10000; ++i) tracks.push_back(test::random_training_track(rng, i, 24));
    brain::TrainOptions options;  // 30 epochs, 200 rulebook pairs a track
    for (auto _ : state) {
        const auto model = brain::train(tracks, options);
        if (!model) {
            state.SkipWithError(model.error().message.c_str());
            return;
        }
        const auto& f = model.value()->figures();
        state.counters["rule_val_accuracy"] = f.rule_val_accuracy;
        state.counters["continuity_auc"] = f.continuity_auc;
        state.counters["rule_pairs"] = double(f.rule_pairs);
        state.counters["seams"] = double(f.seams);
    }
}
BENCHMARK(BM_Train10kTracks)->Unit(benchmark::kSecond)->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
