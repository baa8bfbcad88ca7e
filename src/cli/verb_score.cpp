// minidj score A B : how well B follows A, 0..1, and why.
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "cli/brain_support.h"
#include "cli/library_option.h"
#include "cli/verbs.h"
#include "minidj/audio.h"
#include "minidj/json_text.h"

namespace minidj::cli {
namespace {

struct ScoreOptions {
    std::string a, b, db, model;
    bool json = false;
};

int run(const ScoreOptions& opt) {
    std::filesystem::path db;
    const auto library = open_library(opt.db, db);
    if (!library) return 1;
    const auto model = load_model(opt.model, db);
    if (!model) return 1;
    const auto a = track_row(*library, opt.a, "score");
    if (!a) return 1;
    const auto b = track_row(*library, opt.b, "score");
    if (!b) return 1;
    const auto result = model->model->score(*a, std::span(&*b, 1)).front();
    if (opt.json) {
        std::cout << dump_json({{"score", rounded(result.score, 4)},
                                {"parts", parts_json(result.parts)},
                                {"model", model->name}})
                  << '\n';
    } else {
        fmt::print("{:.2f}  {} -> {}\n{}  model     {}\n", result.score, printable_path(a->path),
                   printable_path(b->path), parts_text(result.parts, "  "), model->name);
    }
    return 0;
}

}  // namespace

Verb add_score_verb(CLI::App& app) {
    auto opt = std::make_shared<ScoreOptions>();
    auto* cmd = app.add_subcommand("score", kScoreAbout);
    cmd->add_option("a", opt->a, "The track playing (audio file)")->required();
    cmd->add_option("b", opt->b, "The next track (audio file)")->required();
    add_db_option(*cmd, opt->db);
    add_model_option(*cmd, opt->model);
    cmd->add_flag("--json", opt->json, "Print {\"score\", \"parts\"} as JSON");
    return {cmd, [opt] { return run(*opt); }};
}

}  // namespace minidj::cli
