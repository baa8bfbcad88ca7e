// minidj play [PATHS...] : the AI DJ plays the library (or PATHS) through the sound card.
#include <memory>

#include "cli/brain_support.h"
#include "cli/library_option.h"
#include "cli/play_command.h"
#include "cli/verbs.h"

namespace minidj::cli {

Verb add_play_verb(CLI::App& app) {
    auto opt = std::make_shared<PlayCliOptions>();
    auto* cmd = app.add_subcommand("play", kPlayAbout);
    cmd->add_option("paths", opt->paths, "Tracks, folders or M3U8 playlists to play from (default: the library)");
    cmd->add_option("--length", opt->length, "Stop after about this long: 90m, 1h30m, 45:00 (default: until q)");
    cmd->add_option("--tracks", opt->tracks, "Stop after this many tracks");
    cmd->add_option("--start", opt->start, "The track that opens the night");
    cmd->add_option("--arc", opt->arc, "Energy over the night (over --length, else each hour): warmup, peak, wave, flat")
        ->capture_default_str();
    cmd->add_option("--max-tempo-change", opt->max_tempo_change_pct, "Largest tempo change per transition, %")
        ->capture_default_str();
    cmd->add_option("--harmonic", opt->harmonic, "Key moves: strict, loose, off")->capture_default_str();
    cmd->add_option("--min-play", opt->min_play_s, "Every track plays at least this long, seconds (unless n or s)")
        ->capture_default_str();
    cmd->add_option("--bars", opt->bars, "Overlap of each transition in bars")->capture_default_str();
    cmd->add_option("--style", opt->style, "Transition style: bass-swap, filter, echo-out, cut")->capture_default_str();
    cmd->add_option("--device", opt->device, "Audio output: a name or part of it, an index, or jack (default: the system's)");
    cmd->add_flag("--list-devices", opt->list_devices, "List the audio outputs and exit");
    cmd->add_option("--buffer-ms", opt->buffer_ms, "The sound card's buffer, ms")->capture_default_str();
    cmd->add_option("--control", opt->control,
                    "Where commands come from: keys (a terminal), stdin (lines: next, skip, hold, up, down, pause, quit), "
                    "none (default: keys on a terminal, else stdin)");
    cmd->add_flag("--json", opt->json, "Events as JSON lines on standard output (no status line)");
    cmd->add_option("--record", opt->record, "Also write what is played to this file, with a .cue, .m3u8 and .report.json");
    cmd->add_flag("--fast", opt->fast, "Stretch with Rubber Band R2 (less CPU, phasier)");
    add_db_option(*cmd, opt->db);
    add_model_option(*cmd, opt->model);
    cmd->get_option("--length")->excludes("--tracks");
    return {cmd, [opt] { return run_play(*opt); }};
}

}  // namespace minidj::cli
