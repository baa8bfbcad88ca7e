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

/// One-line descriptions of the verbs, shared by minidj and minidj-brain (delegate.h).
inline constexpr const char* kDemoAbout = "Generate music with known answers, analyse it, mix it, show the results";
inline constexpr const char* kScoreAbout = "Score how well track B follows track A (0..1) and explain it";
inline constexpr const char* kRecommendAbout = "The best next tracks from the library after TRACK";
inline constexpr const char* kTrainAbout = "Train the mixability network on the library";
inline constexpr const char* kPlayAbout = "Play the library (or PATHS) live through the sound card, mixing as it goes";
inline constexpr const char* kSetAbout = "Choose, order and mix a continuous set from the library (or PATHS)";

Verb add_analyze_verb(CLI::App& app);
Verb add_info_verb(CLI::App& app);
Verb add_library_verb(CLI::App& app);
Verb add_demo_verb(CLI::App& app);
Verb add_gen_verb(CLI::App& app);
Verb add_mix_verb(CLI::App& app);
Verb add_set_verb(CLI::App& app);
Verb add_play_verb(CLI::App& app);
Verb add_score_verb(CLI::App& app);
Verb add_recommend_verb(CLI::App& app);
Verb add_train_verb(CLI::App& app);

}  // namespace minidj::cli
