#pragma once
// Each verb lives in its own verb_<name>.cpp: it declares its options on a CLI11 subcommand
// and returns the function that runs it (exit status as the result).

#include <CLI/CLI.hpp>

#include <functional>

namespace minidj::cli {

struct Verb {
    CLI::App* command = nullptr;
    std::function<int()> run;
};

Verb add_analyze_verb(CLI::App& app);
Verb add_info_verb(CLI::App& app);
Verb add_demo_verb(CLI::App& app);
Verb add_gen_verb(CLI::App& app);
Verb add_mix_verb(CLI::App& app);
Verb add_set_verb(CLI::App& app);
Verb add_score_verb(CLI::App& app);
Verb add_recommend_verb(CLI::App& app);
Verb add_train_verb(CLI::App& app);

}  // namespace minidj::cli
