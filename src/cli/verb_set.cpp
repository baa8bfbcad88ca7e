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
#include "minidj/set_planner.h"
#include "minidj/json_text.h"

namespace minidj::cli {
namespace {

constexpr int kMaxReplans = 3;  // tracks that fail at render time are planned around this often


// --length, read strictly (minidj/parse.h); the error names the option.
Result<double> set_length(const std::string& text) {
    auto seconds = parse_duration(text);
    if (!seconds) return Error{fmt::format("set: --length {}: {}", printable_path(text), seconds.error().message)};
    return seconds;
}

// Chooses and orders the tracks, then plans every transition. A chosen track whose file no
// longer analyses goes into `failed_tracks`; so do tracks too short for their transitions,
// each with a note in `too_short`.
Result<SetPlan> plan_once(const SetCliOptions& opt, Library& library, const brain::Model& model, const SetPool& pool,
                          std::vector<std::string>& failed_tracks, std::vector<std::string>& too_short) {
    planner::SetRequest request;
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
    for (auto [name, slot] : {std::pair{&opt.start, &request.first}, std::pair{&opt.end, &request.last}}) {
        if (name->empty()) continue;
        *slot = find_in_pool(pool, *name);
        if (!*slot) return Error{fmt::format("set: {} is not among the tracks to choose from", printable_path(*name))};
    }
    const auto scorer = [&](std::size_t from, std::span<const std::size_t> to, std::span<float> out) {
        std::vector<const brain::TrackFeatures*> rows;
        rows.reserve(to.size());
        for (std::size_t t : to) rows.push_back(&pool.features[t]);
        const auto values = model.score_values(pool.features[from], rows, request.rules);
        std::copy(values.begin(), values.end(), out.begin());
    };
    auto chosen = planner::plan_set(pool.candidates, scorer, request);
    if (!chosen) return chosen.error();
    std::vector<TrackAnalysis> analyses;
    for (std::size_t t : chosen.value().order) {
        auto a = analysis_for(pool.candidates[t].path, &library);
        if (!a) {
            failed_tracks.push_back(pool.candidates[t].path);
            return a.error();
        }
        analyses.push_back(std::move(a.value()));
    }
    std::vector<const TrackAnalysis*> ordered;
    for (const auto& a : analyses) ordered.push_back(&a);
    SetTransitionOptions so;
    so.transition.bars = opt.bars;
    so.transition.max_tempo_change = request.rules.max_tempo_change;
    so.min_play_s = opt.min_play_s;
    so.transition.style = choices.value().style;
    std::vector<std::size_t> unplayable;
    auto plan = plan_set_transitions(ordered, so, &unplayable);
    for (std::size_t i : unplayable) {
        too_short.push_back(fmt::format("{} ({}) is too short to play {} between its transitions; the set was planned "
                                        "again without it", printable_path(ordered[i]->path),
                                        mix_time(ordered[i]->duration_s), mix_time(so.need_s(ordered[i]->duration_s))));
        failed_tracks.push_back(ordered[i]->path);
    }
    if (!plan) return plan.error();
    auto& p = plan.value();
    const auto& c = chosen.value();
    p.arc = planner::arc_name(request.arc);
    p.energy_rank = c.energy_rank;
    p.arc_target = c.arc_targets;
    p.seam_score.assign(c.seam_scores.begin(), c.seam_scores.end());
    p.objective_seam = c.objective.seam;
    p.objective_arc = c.objective.arc;
    p.objective_total = c.objective.total;
    p.notes.insert(p.notes.begin(), c.notes.begin(), c.notes.end());
    return plan;
}

std::string planned_around(const std::string& track) {
    return fmt::format("{} failed to decode; the set was planned again without it", printable_path(track));
}

// plan_once(), dropping from the pool (and noting in the plan) each chosen track that no longer
// analyses or is too short for its transitions.
Result<SetPlan> plan_new_set(const SetCliOptions& opt, Library& library, const brain::Model& model, SetPool& pool) {
    std::vector<std::string> notes;
    for (int failures = 0;;) {
        std::vector<std::string> failed, too_short;
        auto plan = plan_once(opt, library, model, pool, failed, too_short);
        if (plan) {
            plan.value().notes.insert(plan.value().notes.end(), notes.begin(), notes.end());
            return plan;
        }
        // A short track is not a failure: each one leaves the pool for good, so this ends.
        if (failed.empty() || (too_short.empty() && failures++ == kMaxReplans)) return plan.error();
        if (too_short.empty()) {
            std::cerr << plan.error().message << '\n';
            notes.push_back(planned_around(failed.front()));
        }
        for (auto& note : too_short) notes.push_back(std::move(note));
        for (const auto& track : failed) {
            if (!drop_from_pool(pool, track)) return plan.error();
        }
    }
}

// Renders the plan with its tracklist, plot and report. A track that fails to decode (or has
// changed and no longer analyses) is dropped and the rest planned again around it, when the
// set was planned here (not read from a plan file). Exit status.
int render_with_replanning(const SetCliOptions& opt, Library& library, const brain::Model& model, SetPool& pool,
                           SetPlan plan, const SetFiles& files) {
    for (int attempt = 0;; ++attempt) {
        std::vector<TrackAnalysis> analyses;
        std::size_t failed = SIZE_MAX;
        for (std::size_t i = 0; i < plan.tracks.size() && failed == SIZE_MAX; ++i) {
            auto a = analysis_for(plan.tracks[i], &library);
            if (a) {
                analyses.push_back(std::move(a.value()));
            } else {
                std::cerr << fmt::format("set plan: tracks[{}]: {}\n", i, a.error().message);
                failed = i;
            }
        }
        if (failed == SIZE_MAX) {
            std::vector<const TrackAnalysis*> ordered;
            for (auto& a : analyses) ordered.push_back(&a);
            SetRenderOptions ro;
            ro.output = opt.output;
            // A set stretches every overlap: R3's short window keeps an hour's render under a minute.
            ro.engine = opt.fast ? StretchEngine::kFaster : opt.fine ? StretchEngine::kFiner : StretchEngine::kFinerShort;
            ro.cancel = &interrupt_flag();
            auto report = render_set(ordered, plan, ro, &failed);
            if (report) {
                std::vector<double> durations;
                for (const auto& a : analyses) durations.push_back(a.duration_s);
                if (auto s = write_set_plan_files(files, plan, report.value().tracklist, durations); !s) {
                    std::cerr << s.error().message << '\n';
                    return 1;
                }
                return finish_set(opt.json, opt.report, opt.plot, plan, analyses, report.value(), files);
            }
            std::cerr << report.error().message << '\n';
            if (interrupt_flag().load()) return 130;
        }
        if (failed == SIZE_MAX || attempt == kMaxReplans || pool.candidates.empty()) return 1;
        // Plan again without the track that failed.
        const std::string bad_track = plan.tracks[failed];
        if (!drop_from_pool(pool, bad_track)) return 1;
        auto replanned = plan_new_set(opt, library, model, pool);
        if (!replanned) {
            std::cerr << replanned.error().message << '\n';
            return 1;
        }
        plan = std::move(replanned.value());
        plan.notes.push_back(planned_around(bad_track));
        std::cerr << "set: " << plan.notes.back() << '\n';
    }
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
    if (!opt.length.empty()) {
        if (auto length = set_length(opt.length); !length) {
            std::cerr << length.error().message << '\n';
            return 2;
        }
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
        auto planned = plan_new_set(opt, *library, *model->model, pool);
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
    return render_with_replanning(opt, *library, *model->model, pool, std::move(plan), files);
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
