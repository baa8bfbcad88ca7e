// minidj gen -o FILE : render one generated track and its ground truth (FILE.truth.json).
#include <fmt/format.h>

#include <memory>

#include "cli/output_guard.h"
#include "cli/verbs.h"
#include "minidj/audio.h"
#include "minidj/files.h"
#include "minidj/generator.h"
#include "minidj/json_text.h"

namespace minidj::cli {
namespace {

struct GenOptions {
    std::string out, db;
    std::string key = "A minor";
    std::string style = "house";
    std::string meter = "4/4";
    gen::SongSpec spec;
};

int run_gen(GenOptions& opt) {
    const auto key = MusicalKey::parse(opt.key);
    if (!key) {
        fmt::print(stderr, "gen: unknown key '{}' (expected e.g. \"A minor\", \"Eb major\")\n", opt.key);
        return 2;
    }
    const auto style = gen::parse_style(opt.style);
    if (!style) {
        fmt::print(stderr, "gen: unknown style '{}' (house, techno, dnb, hiphop, ambient)\n", opt.style);
        return 2;
    }
    if (!gen::parse_time_signature(opt.meter, opt.spec)) {
        fmt::print(stderr, "gen: unknown meter '{}' (4/4, 3/4, 6/8 or 12/8)\n", opt.meter);
        return 2;
    }
    opt.spec.key = *key;
    opt.spec.style = *style;
    if (auto valid = opt.spec.validate(); !valid) {
        fmt::print(stderr, "{}\n", valid.error().message);
        return 2;
    }
    std::filesystem::path truth(opt.out);
    truth.replace_extension(".truth.json");
    {
        bool failed = false;
        std::filesystem::path db;
        const auto library = open_existing_library(opt.db, db, failed);
        if (failed) return 1;
        const std::vector<NamedFile> outputs = {option_output("-o", opt.out),
                                                {truth, "the truth file " + printable_path(truth)}};
        if (!outputs_are_safe("gen", outputs, {}, library.get(), db)) return 2;
    }
    const auto song = gen::render(opt.spec);
    if (auto written = write_audio_file(opt.out, song.samples.data(), song.frames(), song.sample_rate, 2); !written) {
        fmt::print(stderr, "{}\n", written.error().message);
        return 1;
    }
    if (auto s = write_file_atomically(truth, dump_json(gen::to_json(song.truth), 1) + "\n", "gen"); !s) {
        fmt::print(stderr, "{}\n", s.error().message);
        return 1;
    }
    fmt::print(stderr, "wrote {} ({:.1f} s) and {}\n", printable_path(opt.out), song.truth.duration_s,
               printable_path(truth));
    return 0;
}

}  // namespace

Verb add_gen_verb(CLI::App& app) {
    auto opt = std::make_shared<GenOptions>();
    auto* cmd = app.add_subcommand("gen", "Render a generated track with exact ground truth (for tests and evaluation)");
    cmd->add_option("-o,--out", opt->out, "Output audio file (.wav, .flac, .mp3, .ogg)")->required();
    cmd->add_option("--bpm", opt->spec.bpm, "Tempo at the start, 60-180")->capture_default_str();
    cmd->add_option("--key", opt->key, "Key, e.g. \"A minor\"")->capture_default_str();
    cmd->add_option("--style", opt->style, "house, techno, dnb, hiphop, ambient")->capture_default_str();
    cmd->add_option("--meter", opt->meter, "Time signature: 4/4, 3/4, 6/8 or 12/8 (6/8 and 12/8 count dotted-quarter beats; 4 and 3 also work)")
        ->capture_default_str();
    cmd->add_option("--bars", opt->spec.bars, "Length in bars (multiple of 8; 0 = the style's plan)");
    cmd->add_option("--arrangement", opt->spec.arrangement,
                    "Draw the sections from this seed (4-32 bars each, intros and breakdowns with or without drums; 0 = the style's plan)");
    cmd->add_flag("--song", opt->spec.song_form,
                  "With --arrangement: a song's arrangement (intro, verses, choruses, a bridge, outro)");
    cmd->add_option("--drift", opt->spec.drift, "Relative tempo drift over the song, -0.02..0.02");
    cmd->add_option("--swing", opt->spec.swing, "Swing of the off-beat eighths, 0..0.5");
    cmd->add_option("--seed", opt->spec.seed, "Random seed")->capture_default_str();
    cmd->add_option("--db", opt->db, "Library whose tracks -o must not replace (default: the default library)");
    return {cmd, [opt] { return run_gen(*opt); }};
}

}  // namespace minidj::cli
