// What the library's compact storage (docs/library.md) does to the Brain's scores: each file is
// analysed exactly, stored in an in-memory library and loaded back (the per-beat matrix as half
// floats and chroma bytes, values rounded as in the JSON), and every ordered pair is scored
// by the shipped model from both. Prints the largest and mean score change and how many of each
// track's best next tracks stay the same. eval/bench_library.py runs it on its source music.
//   compact_effect FILE...
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "minidj/brain.h"
#include "minidj/library.h"

using namespace minidj;

int main(int argc, char** argv) {
    auto library = Library::open(":memory:");
    auto model = brain::Model::load_default();
    if (!library || !model) {
        fmt::print(stderr, "compact_effect: {}\n", !library ? library.error().message : model.error().message);
        return 1;
    }
    std::vector<brain::TrackFeatures> exact, stored;
    for (int i = 1; i < argc; ++i) {
        auto analysis = analyze_file(argv[i]);
        if (!analysis) {
            fmt::print(stderr, "compact_effect: {}\n", analysis.error().message);
            continue;
        }
        const FileIdentity id{analysis->path, i, i, fmt::format("{:016x}", i)};
        auto loaded = (*library)->store(id, analysis.value()) ? (*library)->load(analysis->path)
                                                              : Result<std::optional<TrackAnalysis>>(Error{"store"});
        if (!loaded || !loaded.value()) return 1;
        exact.push_back(brain::track_features(analysis.value()));
        stored.push_back(brain::track_features(*loaded.value()));
    }
    if (exact.size() < 3) {
        fmt::print(stderr, "compact_effect: give at least three audio files\n");
        return 2;
    }
    double largest = 0.0, sum = 0.0;
    std::size_t pairs = 0, same_top = 0, tops = 0;
    const std::size_t top = std::min<std::size_t>(5, exact.size() - 1);
    for (std::size_t a = 0; a < exact.size(); ++a) {
        std::vector<const brain::TrackFeatures*> to_exact, to_stored;
        for (std::size_t b = 0; b < exact.size(); ++b) {
            if (b == a) continue;
            to_exact.push_back(&exact[b]);
            to_stored.push_back(&stored[b]);
        }
        const auto s_exact = (*model)->score_values(exact[a], to_exact);
        const auto s_stored = (*model)->score_values(stored[a], to_stored);
        for (std::size_t k = 0; k < s_exact.size(); ++k) {
            const double change = std::abs(double(s_exact[k]) - double(s_stored[k]));
            largest = std::max(largest, change);
            sum += change;
            ++pairs;
        }
        const auto best = [&](const std::vector<float>& scores) {
            std::vector<std::size_t> order(scores.size());
            std::iota(order.begin(), order.end(), 0);
            std::stable_sort(order.begin(), order.end(), [&](auto x, auto y) { return scores[x] > scores[y]; });
            order.resize(top);
            std::sort(order.begin(), order.end());
            return order;
        };
        const auto e = best(s_exact), s = best(s_stored);
        std::vector<std::size_t> both;
        std::set_intersection(e.begin(), e.end(), s.begin(), s.end(), std::back_inserter(both));
        same_top += both.size();
        tops += top;
    }
    fmt::print("{} tracks, {} ordered pairs: score change largest {:.4f}, mean {:.5f}; top-{} next tracks kept {}/{}\n",
               exact.size(), pairs, largest, sum / double(pairs), top, same_top, tops);
    return 0;
}
