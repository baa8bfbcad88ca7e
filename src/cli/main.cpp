// minidj: the command-line entry point. One file per verb (verb_*.cpp); this one only wires them.
// Built twice: minidj-brain has every verb; minidj has all but `train` (LibTorch) and hands that
// one to minidj-brain (delegate.h).
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <exception>
#include <vector>

#include "cli/delegate.h"
#include "cli/verbs.h"
#include "minidj/files.h"

int main(int argc, char** argv) {
    using namespace minidj::cli;
    CLI::App app{"minidj: an open-source AI DJ. Analyses a music library, scores and mixes tracks."};
    app.set_version_flag("--version", "minidj 0.1.0");
    app.require_subcommand(1);
#ifdef MINIDJ_WITH_TRAINING
    const std::vector<Verb> verbs = {add_analyze_verb(app), add_info_verb(app), add_library_verb(app), add_demo_verb(app),
                                     add_gen_verb(app),     add_score_verb(app), add_recommend_verb(app),
                                     add_train_verb(app), add_mix_verb(app), add_set_verb(app), add_play_verb(app)};
#else
    remember_arguments(argc, argv);
    const std::vector<Verb> verbs = {
        add_analyze_verb(app),
        add_info_verb(app),
        add_library_verb(app),
        add_demo_verb(app),
        add_gen_verb(app),
        add_score_verb(app),
        add_recommend_verb(app),
        add_delegated_verb(app, "train", kTrainAbout),
        add_mix_verb(app),
        add_set_verb(app),
        add_play_verb(app)};
#endif
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }
    // Errors are values (result.h); an exception reaching here is a bug, reported on one line
    // instead of std::terminate's abort. Outputs are atomic, so none is left half-written.
    try {
        for (const auto& verb : verbs) {
            if (verb.command->parsed()) return verb.run();
        }
    } catch (const std::exception& e) {
        fmt::print(stderr, "minidj: internal error: {}\n", minidj::printable_path(e.what()));
        return 70;  // EX_SOFTWARE
    } catch (...) {
        fmt::print(stderr, "minidj: internal error: unknown exception\n");
        return 70;
    }
    return 2;
}
