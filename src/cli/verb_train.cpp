// minidj train : train the mixability network on the library and print its validation figures.
#include <fmt/format.h>

#include <cmath>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/brain_support.h"
#include "cli/interrupt.h"
#include "cli/library_option.h"
#include "cli/output_guard.h"
#include "cli/verbs.h"
#include "minidj/audio.h"
#include "minidj/brain.h"
#include "minidj/json_text.h"

namespace minidj::cli {
namespace {

struct TrainCliOptions {
    std::string db, out;
    brain::TrainOptions train;
    bool json = false;
};

int run(TrainCliOptions& opt) {
    std::filesystem::path db;
    const auto library = open_library(opt.db, db);
    if (!library) return 1;
    const std::filesystem::path out = opt.out.empty() ? trained_model_file(db) : std::filesystem::path(opt.out);
    // The model file must not replace one of the tracks it learns from (or the library itself).
    if (!outputs_are_safe("train", {option_output("--out", out)}, {}, library.get(), db)) return 2;
    const auto count = library->count();
    if (!count) {
        std::cerr << count.error().message << '\n';
        return 1;
    }
    if (count.value() < brain::kMinTrainingTracks) {
        std::cerr << fmt::format(
            "train: the library {} has {} track(s); at least {} are needed to train on. Nothing was written: "
            "score and recommend keep using the shipped model (analyse more music with `minidj analyze`).\n",
            printable_path(db), count.value(), brain::kMinTrainingTracks);
        return 1;
    }
    std::vector<brain::TrainingTrack> tracks;
    const auto loaded = for_each_analysis(*library, true, [&](const TrackSummary&, const TrackAnalysis& a) {
        tracks.push_back(brain::training_track(a));
    });
    if (!loaded) {
        std::cerr << "train: " << loaded.error().message << '\n';
        return interrupt_flag().load() ? 130 : 1;
    }
    if (opt.train.trained_on.empty()) opt.train.trained_on = fmt::format("library {}", printable_path(db));
    const auto model = brain::train(
        tracks, opt.train,
        [](const brain::EpochReport& e) {
            fmt::print(stderr, "epoch {}/{}: rule loss {:.4f}, continuity loss {:.4f}\n", e.epoch, e.epochs,
                       e.rule_loss, e.continuity_loss);
        },
        &interrupt_flag());
    if (!model) {
        std::cerr << model.error().message << '\n';
        return interrupt_flag().load() ? 130 : 1;
    }
    if (auto saved = model.value()->save(out); !saved) {
        std::cerr << saved.error().message << '\n';
        return 1;
    }
    const auto& f = model.value()->figures();
    if (opt.json) {
        nlohmann::json j{{"rule_val_accuracy", f.rule_val_accuracy},
                         {"continuity_auc", f.continuity_auc},
                         {"baseline_auc", f.baseline_auc},
                         {"train_tracks", f.train_tracks},
                         {"val_tracks", f.val_tracks},
                         {"epochs", f.epochs},
                         {"seconds", f.seconds}};
        put_path(j, "model", out.native());
        std::cout << dump_json(j) << '\n';
    } else {
        fmt::print("trained on {} tracks, validated on {} held-out tracks ({} epochs, {:.1f} s)\n", f.train_tracks,
                   f.val_tracks, f.epochs, f.seconds);
        fmt::print("  rulebook accuracy     {:.4f}\n", f.rule_val_accuracy);
        fmt::print("  continuity ROC-AUC    {:.4f}  (cosine baseline {:.4f})\n", f.continuity_auc, f.baseline_auc);
        if (out == trained_model_file(db)) {
            fmt::print("model written to {}; score, recommend and set use it from now on (--model shipped: the "
                       "shipped one)\n",
                       printable_path(out));
        } else {
            fmt::print("model written to {}; use it with --model {}\n", printable_path(out), printable_path(out));
        }
    }
    return 0;
}

}  // namespace

Verb add_train_verb(CLI::App& app) {
    auto opt = std::make_shared<TrainCliOptions>();
    auto* cmd = app.add_subcommand("train", kTrainAbout);
    cmd->add_option("--epochs", opt->train.epochs, "Training epochs (default 30)");
    cmd->add_option("--out", opt->out,
                    "Model file to write (default: beside the library, its name with .brain, where score, recommend "
                    "and set find it)");
    cmd->add_option("--seed", opt->train.seed, "Seed of the split and the initial weights (default 1)");
    cmd->add_option("--validation", opt->train.validation_share, "Share of tracks held out (default 0.2)");
    cmd->add_option("--augment", opt->train.augment, "Transposed copies of each training seam (default 6)");
    cmd->add_option("--trained-on", opt->train.trained_on, "What the data is, recorded in the model");
    add_db_option(*cmd, opt->db);
    cmd->add_flag("--json", opt->json, "Print the validation figures as JSON");
    return {cmd, [opt] { return run(*opt); }};
}

}  // namespace minidj::cli
