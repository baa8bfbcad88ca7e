// minidj set -o mix.flac [--length 60m | --tracks N] [PATHS...] : choose, order and mix a set.
#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <memory>

#include "cli/brain_support.h"
#include "cli/interrupt.h"
#include "cli/library_option.h"
#include "cli/mix_tracks.h"
#include "cli/output_guard.h"
#include "cli/set_choices.h"
#include "cli/set_command.h"
#include "cli/set_output.h"
#include "cli/set_pool.h"
#include "cli/verbs.h"
#include "minidj/parse.h"
#include "minidj/set.h"
#include "minidj/set_engine.h"
#include "minidj/set_planner.h"
#include "minidj/json_text.h"

namespace minidj::cli {
namespace {

// --length, read strictly (minidj/parse.h); the error names the option.
Result<double> set_length(const std::string& text) {
    auto seconds = parse_duration(text);
    if (!seconds) return Error{fmt::format("set: --length {}: {}", printable_path(text), seconds.error().message)};
    return seconds;
}

// The engine's options (minidj/set_engine.h) from the command line's.
Result<SetEngineOptions> engine_options(const SetCliOptions& opt) {
    SetEngineOptions eo;
    auto& request = eo.request;
    if (!opt.length.empty()) {
        auto length = set_length(opt.length);
        if (!length) return length.error();
        request.length_s = length.value();
    } else {
        request.tracks = opt.tracks ? opt.tracks : 8;
    }
    const auto choices = parse_set_choices("set", opt.arc, opt.harmonic, opt.style);
    if (!choices) return choices.error();
    request.arc = choices.value().arc;
    request.rules.harmonic = choices.value().harmonic;
    request.rules.max_tempo_change = opt.max_tempo_change_pct / 100.0;
    request.min_seam_score = opt.min_seam;
    request.no_repeat_artist = opt.no_repeat_artist;
    request.seed = opt.seed;
    eo.start = opt.start;
    eo.end = opt.end;
    eo.transitions.transition.bars = opt.bars;
    eo.transitions.transition.style = choices.value().style;
    eo.transitions.min_play_s = opt.min_play_s;
    return eo;
}

void print_lines(const std::vector<std::string>& lines) {
    for (const auto& line : lines) std::cerr << line << '\n';
}

// Renders the plan with its tracklist, plot and report (the engine plans again around a track
// that fails to decode, when the set was planned here). Exit status.
int render_and_finish(const SetCliOptions& opt, const SetEngineOptions& eo, Library& library,
                      const brain::Model& model, SetPool* pool, SetPlan plan, const SetFiles& files) {
    SetRenderOptions ro;
    ro.output = opt.output;
    // A set stretches every overlap: R3's short window keeps an hour's render under a minute.
    ro.engine = opt.fast ? StretchEngine::kFaster : opt.fine ? StretchEngine::kFiner : StretchEngine::kFinerShort;
    ro.cancel = &interrupt_flag();
    std::vector<std::string> failures;
    auto rendered = render_set_replanning(std::move(plan), pool, eo, model,
                                          [&](const std::string& path) { return analysis_for(path, &library); }, ro,
                                          &failures);
    print_lines(failures);
    if (!rendered) {
        std::cerr << rendered.error().message << '\n';
        return interrupt_flag().load() ? 130 : 1;
    }
    const auto& r = rendered.value();
    std::vector<double> durations;
    for (const auto& a : r.analyses) durations.push_back(a.duration_s);
    if (auto s = write_set_plan_files(files, r.plan, r.report.tracklist, durations); !s) {
        std::cerr << s.error().message << '\n';
        return 1;
    }
    return finish_set(opt.json, opt.report, opt.plot, r.plan, r.analyses, r.report, files);
}

// Before any work: no file the set writes may replace a track it reads, a library track or the
// plan it renders (except the plan's own copy beside the mix, rewritten as it was read).
bool set_outputs_are_safe(const SetCliOptions& opt, const SetPlan& plan, Library& library,
                          const std::filesystem::path& db) {
    std::vector<NamedFile> outputs;
    const SetFiles files = set_files(opt.output);
    if (!opt.output.empty()) {
        if (!opt.plan_only) outputs.push_back(option_output("-o", files.audio));
        outputs.push_back({files.cue, "the CUE sheet " + printable_path(files.cue)});
        outputs.push_back({files.m3u8, "the playlist " + printable_path(files.m3u8)});
    }
    if (!opt.plot.empty() && !opt.plan_only) outputs.push_back(option_output("--plot", opt.plot));
    std::vector<NamedFile> inputs;
    if (!opt.plan_file.empty()) {
        inputs = input_tracks(plan.tracks);
        if (auto s = check_outputs("set", outputs, {{opt.plan_file, "the plan " + printable_path(opt.plan_file)}});
            !s) {
            std::cerr << s.error().message << '\n';
            return false;
        }
    } else {
        inputs = input_tracks(opt.paths);
        for (const auto& file : expand_set_paths(opt.paths).files) {
            inputs.push_back({file, "the input track " + printable_path(file)});
        }
    }
    if (!opt.output.empty()) outputs.push_back({files.plan, "the plan " + printable_path(files.plan)});
    return outputs_are_safe("set", outputs, std::move(inputs), &library, db);
}

}  // namespace

int run_set(SetCliOptions& opt) {
    if (opt.output.empty() && !opt.plan_only) {
        std::cerr << "set: give -o OUT (the mix), or --plan-only\n";
        return 2;
    }
    const auto engine = engine_options(opt);
    if (!engine) {
        std::cerr << engine.error().message << '\n';
        return 2;
    }
    std::filesystem::path db;
    const auto library = open_library(opt.db, db);
    if (!library) return 1;
    const auto model = load_model(opt.model, db);
    if (!model) return 1;

    SetPool pool;
    SetPlan plan;
    if (!opt.plan_file.empty()) {
        auto read = read_set_plan(opt.plan_file);
        if (!read) {
            std::cerr << read.error().message << '\n';
            return 2;
        }
        plan = std::move(read.value());
    }
    if (!set_outputs_are_safe(opt, plan, *library, db)) return 2;
    if (opt.plan_file.empty()) {
        auto gathered = gather_set_pool(*library, opt.paths, opt.bars);
        if (!gathered) {
            std::cerr << gathered.error().message << '\n';
            return 1;
        }
        pool = std::move(gathered.value());
        for (const auto& s : pool.skipped) std::cerr << "set: skipped " << s << '\n';
        std::vector<std::string> failures;
        auto planned = plan_set_from_pool(pool, engine.value(), *model->model,
                                          [&](const std::string& path) { return analysis_for(path, library.get()); },
                                          &failures);
        print_lines(failures);
        if (!planned) {
            std::cerr << planned.error().message << '\n';
            return 1;
        }
        plan = std::move(planned.value());
        plan.notes.insert(plan.notes.begin(), "scored by " + model_phrase(*model));
    }
    for (const auto& note : plan.notes) std::cerr << "set: " << note << '\n';
    const SetFiles files = set_files(opt.output);
    if (!opt.output.empty()) {  // a set is a folder's worth of files: make the folder
        std::error_code ec;
        const auto folder = std::filesystem::absolute(opt.output).parent_path();
        std::filesystem::create_directories(folder, ec);
        if (ec) {
            std::cerr << fmt::format("set: {}: {}\n", printable_path(folder), ec.message());
            return 1;
        }
    }
    if (opt.plan_only) {
        if (opt.output.empty()) {
            std::cout << dump_json(to_json(plan), 2) << '\n';
            return 0;
        }
        if (auto s = write_set_plan_files(files, plan, estimated_tracklist(plan), {}); !s) {
            std::cerr << s.error().message << '\n';
            return 1;
        }
        print_set_plan(plan, files);
        return 0;
    }
    return render_and_finish(opt, engine.value(), *library, *model->model, opt.plan_file.empty() ? &pool : nullptr,
                             std::move(plan), files);
}

Verb add_set_verb(CLI::App& app) {
    auto opt = std::make_shared<SetCliOptions>();
    auto* cmd = app.add_subcommand("set", kSetAbout);
    cmd->add_option("paths", opt->paths, "Tracks, folders or M3U8 playlists to choose from (default: the library)");
    cmd->add_option("-o,--output", opt->output, "The mix (FLAC, WAV, MP3, OGG); a .cue, .m3u8 and .plan.json go beside it");
    cmd->add_option("--length", opt->length, "Length of the set: 90m, 1h30m, 45:00, 3600s (a bare number is seconds)");
    cmd->add_option("--tracks", opt->tracks, "Number of tracks (default 8 when no --length)");
    cmd->add_option("--start", opt->start, "The track that opens the set");
    cmd->add_option("--end", opt->end, "The track that closes the set");
    cmd->add_option("--arc", opt->arc, "Energy over the set: warmup, peak, wave, flat")->capture_default_str();
    cmd->add_option("--max-tempo-change", opt->max_tempo_change_pct,
                    "Largest tempo change per transition, % (the planner's limit and the Brain's)")
        ->capture_default_str();
    cmd->add_option("--harmonic", opt->harmonic, "Key moves: strict, loose, off")->capture_default_str();
    cmd->add_option("--no-repeat-artist", opt->no_repeat_artist, "No artist twice within N tracks (0: off)");
    cmd->add_option("--seed", opt->seed, "Seed of the search, for reproducible sets")->capture_default_str();
    cmd->add_option("--min-seam", opt->min_seam,
                    "No seam the Brain scores under this while an order without one exists (0..1)")
        ->capture_default_str();
    cmd->add_option("--min-play", opt->min_play_s, "Every track plays at least this long in the mix, seconds")
        ->capture_default_str();
    cmd->add_option("--bars", opt->bars, "Overlap of each transition in bars (shortened for short tracks)")
        ->capture_default_str();
    cmd->add_option("--style", opt->style, "Transition style: bass-swap, filter, echo-out, cut")->capture_default_str();
    cmd->add_option("--plan", opt->plan_file, "Render this set plan (JSON) instead of planning one");
    cmd->add_flag("--plan-only", opt->plan_only, "Write the plan (and tracklist) without rendering");
    cmd->add_option("--plot", opt->plot, "Draw the set to this PNG");
    cmd->add_flag("--report", opt->report, "Print the measured figures of every seam and the set's loudness");
    cmd->add_flag("--json", opt->json, "Print the result as one JSON object");
    cmd->add_flag("--fast", opt->fast, "Stretch with Rubber Band R2 (faster, phasier) instead of R3 with a short window");
    cmd->add_flag("--fine", opt->fine, "Stretch with Rubber Band R3 at its full window (about 2x slower, clearest)")
        ->excludes("--fast");
    add_db_option(*cmd, opt->db);
    add_model_option(*cmd, opt->model);
    cmd->get_option("--length")->excludes("--tracks");
    return {cmd, [opt] { return run_set(*opt); }};
}

}  // namespace minidj::cli
