// minidj mix A B -o OUT : render a beat-matched transition from A into B, or print its plan.
#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <memory>

#include "cli/interrupt.h"
#include "cli/library_option.h"
#include "cli/mix_report.h"
#include "cli/mix_tracks.h"
#include "cli/output_guard.h"
#include "cli/verbs.h"
#include "minidj/render.h"
#include "minidj/json_text.h"

namespace minidj::cli {
namespace {

struct MixOptions {
    std::string a, b, output, db, plan_file, plot, style = "bass-swap";
    int bars = 16;
    double out_at = -1, in_at = -1;
    bool fast = false, full = false, plan_only = false, report = false, json = false, no_db = false;
};

void print_plan(const TransitionPlan& p) {
    fmt::print("plan: {} -> {}\n", p.track_a, p.track_b);
    fmt::print("  style {}, {} bars of {} beats, cue out {:.3f} s in A, cue in {:.3f} s in B\n",
               style_name(p.style), p.bars, p.meter, p.cue_out_s, p.cue_in_s);
    if (p.stretch) {
        fmt::print("  tempo {:.2f} -> {:.2f} BPM over the overlap{}\n", p.bpm_a, p.bpm_b,
                   p.b_beat_scale != 1.0 ? fmt::format(" (B counted at {}x)", p.b_beat_scale) : "");
    } else {
        fmt::print("  no time-stretch: each track at its own tempo\n");
    }
    fmt::print("  loudness: A {:+.1f} dB, B {:+.1f} dB\n", p.gain_a_db, p.gain_b_db);
    fmt::print(
        "(edit it with: minidj mix A B --plan-only --json > plan.json; minidj mix --plan plan.json "
        "-o OUT)\n");
}

Result<TransitionPlan> read_plan(const std::string& file) {
    std::ifstream in(file);
    if (!in) return Error{fmt::format("mix: {}: cannot read the plan", printable_path(file))};
    const auto json = nlohmann::json::parse(in, nullptr, false);
    if (json.is_discarded()) return Error{fmt::format("mix: {}: not JSON", printable_path(file))};
    return plan_from_json(json);
}

int run_mix(const MixOptions& opt) {
    std::unique_ptr<Library> library;
    std::filesystem::path db;
    if (!opt.no_db) {
        library = open_library(opt.db, db);
        if (!library) return 1;
    }
    TransitionPlan plan;
    if (!opt.plan_file.empty()) {
        auto p = read_plan(opt.plan_file);
        if (!p) {
            std::cerr << p.error().message << '\n';
            return 1;
        }
        plan = std::move(p.value());
    }
    const std::string path_a = opt.plan_file.empty() ? opt.a : plan.track_a;
    const std::string path_b = opt.plan_file.empty() ? opt.b : plan.track_b;
    if (path_a.empty() || path_b.empty()) {
        std::cerr << "mix: give two tracks (A B) or --plan FILE\n";
        return 2;
    }
    if (opt.output.empty() && !opt.plan_only) {
        std::cerr << "mix: -o OUT is required (or --plan-only)\n";
        return 2;
    }
    std::vector<NamedFile> outputs;
    if (!opt.plan_only) outputs.push_back(option_output("-o", opt.output));
    if (!opt.plot.empty() && !opt.plan_only) outputs.push_back(option_output("--plot", opt.plot));
    auto inputs = input_tracks({path_a, path_b});
    if (!opt.plan_file.empty()) inputs.push_back({opt.plan_file, "the plan " + printable_path(opt.plan_file)});
    if (!outputs_are_safe("mix", outputs, inputs, library.get(), db)) return 2;
    auto a = analysis_for(path_a, library.get());
    if (!a) {
        std::cerr << a.error().message << '\n';
        return 1;
    }
    auto b = analysis_for(path_b, library.get());
    if (!b) {
        std::cerr << b.error().message << '\n';
        return 1;
    }
    // The paths as given, not as stored, so a plan stays valid where it was written.
    a.value().path = path_a;
    b.value().path = path_b;
    if (opt.plan_file.empty()) {
        PlanOptions po;
        po.bars = opt.bars;
        const auto style = parse_mix_style(opt.style);
        if (!style) {
            std::cerr << fmt::format(
                "mix: --style {}: expected bass-swap, filter, echo-out, cut or fade\n", opt.style);
            return 2;
        }
        po.style = *style;
        if (opt.out_at >= 0) po.out_at_s = opt.out_at;
        if (opt.in_at >= 0) po.in_at_s = opt.in_at;
        po.full = opt.full;
        auto p = plan_transition(a.value(), b.value(), po);
        if (!p) {
            std::cerr << p.error().message << '\n';
            return 2;
        }
        plan = std::move(p.value());
    }
    for (const auto& note : plan.notes) fmt::print(stderr, "mix: {}\n", note);
    if (opt.plan_only) {
        if (opt.json) {
            std::cout << dump_json(to_json(plan), 2) << '\n';
        } else {
            print_plan(plan);
        }
        return 0;
    }
    RenderOptions ro;
    ro.output = opt.output;
    ro.engine = opt.fast ? StretchEngine::kFaster : StretchEngine::kFiner;
    ro.cancel = &interrupt_flag();
    auto report = render_transition(a.value(), b.value(), plan, ro);
    if (!report) {
        std::cerr << report.error().message << '\n';
        return ro.cancel->load() ? 130 : 1;
    }
    if (!opt.plot.empty()) {
        if (auto s = plot_transition(plan, report.value(), opt.plot); !s) {
            std::cerr << s.error().message << '\n';
            return 1;
        }
    }
    if (opt.json) {
        std::cout << dump_json(to_json(report.value())) << '\n';
    } else if (opt.report) {
        print_report(report.value());
    } else {
        fmt::print("wrote {} (transition {:.2f}-{:.2f} s)\n", report->output,
                   report->transition_start_s, report->transition_end_s);
    }
    return 0;
}

}  // namespace

Verb add_mix_verb(CLI::App& app) {
    auto opt = std::make_shared<MixOptions>();
    auto* cmd =
        app.add_subcommand("mix", "Render a beat-matched transition from track A into track B");
    cmd->add_option("a", opt->a, "Outgoing track");
    cmd->add_option("b", opt->b, "Incoming track");
    cmd->add_option("-o,--output", opt->output,
                    "Output file; its extension picks the format (wav, flac, mp3, ogg)");
    cmd->add_option("--bars", opt->bars, "Overlap length in bars (8, 16, 32 are common)")
        ->capture_default_str();
    cmd->add_option("--out-at", opt->out_at,
                    "A's mix-out cue, seconds (snapped to the nearest downbeat)");
    cmd->add_option("--in-at", opt->in_at,
                    "B's mix-in cue, seconds (snapped to the nearest downbeat)");
    cmd->add_option("--style", opt->style, "bass-swap, filter, echo-out, cut or fade")
        ->capture_default_str();
    cmd->add_flag("--fast", opt->fast,
                  "Stretch with Rubber Band R2 (faster) instead of R3 (finer)");
    cmd->add_flag("--full", opt->full, "Render all of A into all of B (default: 30 s either side)");
    cmd->add_flag("--plan-only", opt->plan_only, "Print the transition plan without rendering");
    cmd->add_option("--plan", opt->plan_file,
                    "Render a plan file (as printed by --plan-only --json)");
    cmd->add_flag("--report", opt->report, "Print the measurements made on the rendered audio");
    cmd->add_flag("--json", opt->json, "Print the plan (--plan-only) or the report as JSON");
    cmd->add_option("--plot", opt->plot, "Draw the transition to a PNG file");
    add_db_option(*cmd, opt->db);
    cmd->add_flag("--no-db", opt->no_db, "Use no library: analyse the tracks now, store nothing");
    return {cmd, [opt] { return run_mix(*opt); }};
}

}  // namespace minidj::cli
