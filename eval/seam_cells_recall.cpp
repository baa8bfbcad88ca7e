// How close `recommend`'s answer from the seam cells is to the exact one, on a library that
// has them (`minidj library index`), through the same function the verb calls.
//   seam_cells_recall LIBRARY.sqlite [SEEDS (default 200)] [SHARE...]
// For SEEDS tracks drawn at random (fixed seed), k = 10:
//   recall@10 strict: the share of the exact top 10 that the cells' answer holds;
//   recall@10 with ties: the share of the cells' answer scoring within 0.001 of the exact 10th
//     best (the shipped model gives many tracks the same score to four decimals: which of
//     them are "the" top 10 is then their order in the library);
//   the same for a control that reads as many rows from cells drawn at random instead of the
//     best-ranked ones: the ranking, not the share read, must make the recall;
//   the rows each search read and its time in this process (warm);
//   for each SHARE given: the recall when the best cells holding that share of the tracks are
//     read instead of SeamCells::rows_to_read (the curve behind that default).
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <numeric>
#include <random>
#include <set>

#include "cli/brain_support.h"
#include "minidj/library.h"
#include "minidj/planner.h"

using namespace minidj;
using Clock = std::chrono::steady_clock;

namespace {

struct Recall {
    double strict = 0.0, ties = 0.0;
};

Recall recall_of(const std::vector<std::pair<std::string, double>>& exact,
                 const std::vector<std::pair<std::string, double>>& found) {
    std::set<std::string> wanted;
    for (const auto& e : exact) wanted.insert(e.first);
    Recall r;
    for (const auto& [path, score] : found) {
        r.strict += double(wanted.count(path));
        r.ties += score >= exact.back().second - 0.001 ? 1.0 : 0.0;
    }
    r.strict /= double(exact.size());
    r.ties /= double(exact.size());
    return r;
}

std::vector<std::pair<std::string, double>> answer(const cli::LibraryRecommendation& found) {
    std::vector<std::pair<std::string, double>> out;
    for (const auto& b : found.best) out.emplace_back(found.rows[b.index].features.path, b.score.score);
    return out;
}

// The best next tracks among the rows of `cells` that the rulebook's ranges leave open.
std::vector<std::pair<std::string, double>> best_in(Library& library, const brain::Model& model, const TrackRow& seed,
                                                    std::vector<int> cells) {
    RowFilter filter{brain::allowed_tempo_ranges(seed.features.bpm), brain::allowed_camelot_codes(seed.features),
                     std::move(cells)};
    const auto rows = library.rows(filter).value().rows;
    std::vector<const brain::TrackFeatures*> candidates;
    for (const auto& row : rows) {
        if (row.content_hash != seed.content_hash) candidates.push_back(&row.features);
    }
    std::vector<std::pair<std::string, double>> out;
    for (const auto& b : planner::recommend(model, seed.features, candidates, planner::RecommendOptions{})) {
        out.emplace_back(candidates[b.index]->path, b.score.score);
    }
    return out;
}

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        fmt::print(stderr, "usage: seam_cells_recall LIBRARY.sqlite [SEEDS]\n");
        return 2;
    }
    const int seeds = argc > 2 ? std::atoi(argv[2]) : 200;
    std::vector<double> shares;
    for (int i = 3; i < argc; ++i) shares.push_back(std::atof(argv[i]));
    std::vector<Recall> by_share(shares.size());
    auto library = Library::open(argv[1]);
    auto model = brain::Model::load_default();
    if (!library || !model) {
        fmt::print(stderr, "{}\n", !library ? library.error().message : model.error().message);
        return 1;
    }
    Library& lib = **library;
    auto stored_cells = lib.seam_cells();
    if (!stored_cells || !stored_cells.value()) {
        fmt::print(stderr, "{}: no seam cells (run `minidj library index` first)\n", argv[1]);
        return 1;
    }
    const brain::SeamCells& index = *stored_cells.value();
    std::mt19937 rng(20261206), control_rng(7);  // apart, so that the seeds never depend on the control
    planner::RecommendOptions options;
    Recall ranked, control;
    double ms_cells = 0, ms_exact = 0, read_cells = 0, read_exact = 0;
    int answered = 0, from_cells = 0;
    auto all_rows = lib.rows();
    if (!all_rows) {
        fmt::print(stderr, "{}\n", all_rows.error().message);
        return 1;
    }
    for (int s = 0; s < seeds; ++s) {
        const TrackRow& seed = all_rows.value().rows[rng() % all_rows.value().rows.size()];
        auto start = Clock::now();
        auto approximate = cli::recommend_from_library(lib, **model, seed.features, seed.content_hash, options);
        ms_cells += ms_since(start);
        start = Clock::now();
        auto exact = cli::recommend_from_library(lib, **model, seed.features, seed.content_hash, options, true);
        ms_exact += ms_since(start);
        if (!approximate || !exact || exact.value().best.size() < options.k) continue;
        ++answered;
        from_cells += approximate.value().approximate ? 1 : 0;
        read_cells += double(approximate.value().rows.size());
        read_exact += double(exact.value().rows.size());
        const auto r = recall_of(answer(exact.value()), answer(approximate.value()));
        ranked.strict += r.strict;
        ranked.ties += r.ties;

        // Control: as many rows' worth of cells, drawn at random.
        std::vector<int> shuffled(index.size());
        std::iota(shuffled.begin(), shuffled.end(), 0);
        std::shuffle(shuffled.begin(), shuffled.end(), control_rng);
        std::vector<int> random_cells{-1};
        std::size_t held = 0;
        for (int c : shuffled) {
            if (held >= brain::SeamCells::rows_to_read(index.indexed_rows())) break;
            random_cells.push_back(c);
            held += index.counts()[std::size_t(c)];
        }
        const auto c = recall_of(answer(exact.value()), best_in(lib, **model, seed, random_cells));
        control.strict += c.strict;
        control.ties += c.ties;
        for (std::size_t i = 0; i < shares.size(); ++i) {
            const auto rows = std::size_t(shares[i] * double(index.indexed_rows()));
            const auto r_share = recall_of(answer(exact.value()),
                                           best_in(lib, **model, seed, index.cells_to_read(**model, seed.features, rows)));
            by_share[i].strict += r_share.strict;
            by_share[i].ties += r_share.ties;
        }
    }
    if (answered == 0) {
        fmt::print(stderr, "no seed had 10 answers\n");
        return 1;
    }
    const double n = answered;
    fmt::print("{} tracks, {} seam cells; {} seeds with 10 answers, {} of them answered from the cells\n",
               all_rows.value().rows.size(), index.size(), answered, from_cells);
    fmt::print("| search | recall@10 strict | recall@10 with ties (0.001) | rows read | ms a query (warm, in process) |\n");
    fmt::print("|---|---|---|---|---|\n");
    fmt::print("| seam cells, best ranked | {:.3f} | {:.3f} | {:.0f} | {:.1f} |\n", ranked.strict / n, ranked.ties / n,
               read_cells / n, ms_cells / n);
    fmt::print("| control: as many random cells | {:.3f} | {:.3f} | | |\n", control.strict / n, control.ties / n);
    fmt::print("| exact (rulebook ranges) | 1 | 1 | {:.0f} | {:.1f} |\n", read_exact / n, ms_exact / n);
    for (std::size_t i = 0; i < shares.size(); ++i) {
        fmt::print("| best cells holding {:.0f} % of the tracks | {:.3f} | {:.3f} | | |\n", 100 * shares[i],
                   by_share[i].strict / n, by_share[i].ties / n);
    }
    return 0;
}
