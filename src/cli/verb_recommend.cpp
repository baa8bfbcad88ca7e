// minidj recommend TRACK : the best next tracks from the library, with their reasons.
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "cli/brain_support.h"
#include "cli/library_option.h"
#include "cli/verbs.h"
#include "minidj/audio.h"
#include "minidj/planner.h"
#include "minidj/json_text.h"

namespace minidj::cli {
namespace {

struct RecommendCliOptions {
    std::string track, db, model;
    std::vector<double> bpm_range;
    planner::RecommendOptions recommend;
    bool json = false;
    bool exact = false;
};

int run(RecommendCliOptions& opt) {
    if (!opt.bpm_range.empty()) opt.recommend.bpm_range = std::pair{opt.bpm_range[0], opt.bpm_range[1]};
    if (auto ok = opt.recommend.validate(); !ok) {
        std::cerr << ok.error().message << '\n';
        return 2;
    }
    std::filesystem::path db;
    const auto library = open_library(opt.db, db);
    if (!library) return 1;
    const auto model = load_model(opt.model, db);
    if (!model) return 1;
    const auto seed = track_row(*library, opt.track, "recommend");
    if (!seed) return 1;
    const auto found = recommend_from_library(*library, *model->model, *seed, content_hash_of(*library, opt.track),
                                              opt.recommend, opt.exact);
    if (!found) {
        std::cerr << "recommend: " << found.error().message << '\n';
        return 1;
    }
    const auto& rows = found->rows;
    const auto& best = found->best;
    if (opt.json) {
        auto results = nlohmann::json::array();
        for (const auto& r : best) {
            nlohmann::json result{{"score", rounded(r.score.score, 4)}, {"parts", parts_json(r.score.parts)}};
            put_path(result, "path", rows[r.index].features.path);
            results.push_back(std::move(result));
        }
        std::cout << dump_json(nlohmann::json{{"results", results},
                                              {"model", model->name},
                                              {"search", found->approximate ? "seam cells" : "exact"}})
                  << '\n';
        return 0;
    }
    if (best.empty()) {
        fmt::print("no other track in the library {} passes the filters\n", printable_path(db));
        return 0;
    }
    fmt::print("after {} (scored by {}{}):\n", printable_path(seed->path), model_phrase(*model),
               found->approximate ? "; from the library's seam cells, --exact scores every track" : "");
    for (std::size_t i = 0; i < best.size(); ++i) {
        fmt::print("{:2}. {:.2f}  {}\n{}", i + 1, best[i].score.score, printable_path(rows[best[i].index].features.path),
                   parts_text(best[i].score.parts, "          "));
    }
    return 0;
}

}  // namespace

Verb add_recommend_verb(CLI::App& app) {
    auto opt = std::make_shared<RecommendCliOptions>();
    auto* cmd = app.add_subcommand("recommend", kRecommendAbout);
    cmd->add_option("track", opt->track, "The track playing (audio file)")->required();
    cmd->add_option("-k", opt->recommend.k, "How many tracks (default 10)");
    cmd->add_option("--bpm-range", opt->bpm_range, "Only candidates with LO <= BPM <= HI")
        ->expected(2)
        ->type_name("LO HI");
    cmd->add_flag("--key-compatible", opt->recommend.key_compatible,
                  "Only keys compatible on the Camelot wheel (same, +-1, relative, energy boost)");
    cmd->add_flag("--exclude-artist", opt->recommend.exclude_artist,
                  "Skip tracks by the same artist (the artist tag; the folder name when there is none)");
    add_db_option(*cmd, opt->db);
    add_model_option(*cmd, opt->model);
    cmd->add_flag("--exact", opt->exact,
                  "Score every track the rulebook allows, even when the library has seam cells (library index)");
    cmd->add_flag("--json", opt->json, "Print {\"results\": [{\"path\", \"score\", \"parts\"}]} as JSON");
    return {cmd, [opt] { return run(*opt); }};
}

}  // namespace minidj::cli
