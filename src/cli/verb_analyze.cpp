// minidj analyze PATH... : analyse files into the library, or print JSON lines with --json.
#include <fmt/format.h>

#include <iostream>
#include <map>
#include <memory>
#include <optional>

#include "cli/file_scan.h"
#include "cli/interrupt.h"
#include "cli/parallel_analysis.h"
#include "cli/library_import.h"
#include "cli/library_option.h"
#include "cli/verbs.h"
#include "minidj/analysis_json.h"
#include "minidj/beat_network.h"
#include "minidj/json_text.h"

namespace minidj::cli {
namespace {

struct AnalyzeOptions {
    std::vector<std::string> paths;
    std::string db;
    bool json = false;
    bool full = false;
    bool force = false;
    int jobs = 0;
    std::string beat_model;
    bool beat_onsets = false;
};

// --json: no database; one line per input file, in input order.
int run_json(const AnalyzeOptions& opt, const ScanResult& scan) {
    AnalysisOptions analysis;
    if (opt.beat_onsets) analysis.rhythm = AnalysisOptions::RhythmReader::kOnsets;
    std::optional<beatnet::Network> loaded;
    if (!opt.beat_model.empty()) {
        auto network = beatnet::Network::load(opt.beat_model);
        if (!network) {
            std::cerr << "analyze: --beat-model: " << network.error().message << '\n';
            return 1;
        }
        loaded = std::move(network.value());
        analysis.beat_network = &*loaded;
    }
    std::map<std::size_t, std::string> pending;  // finished out of order, waiting for earlier ones
    std::size_t next_to_print = 0, failed = 0;
    analyse_in_parallel(scan.files, opt.jobs, analysis, interrupt_flag(), [&](std::size_t i, Result<TrackAnalysis> r) {
        nlohmann::json line;
        if (r) {
            line = to_json(r.value(), opt.full);
        } else {
            ++failed;
            line = error_json(scan.files[i], r.error().message);
            std::cerr << r.error().message << '\n';
        }
        pending[i] = dump_json(line);
        for (auto it = pending.find(next_to_print); it != pending.end(); it = pending.find(++next_to_print)) {
            std::cout << it->second << '\n' << std::flush;
            pending.erase(it);
        }
    });
    if (interrupt_flag().load()) {
        std::cerr << "analyze: interrupted\n";
        return 130;
    }
    return failed == 0 && scan.errors.empty() ? 0 : 1;
}

int run_library(const AnalyzeOptions& opt, const ScanResult& scan) {
    std::filesystem::path db;
    const auto library = open_library(opt.db, db);
    if (!library) return 1;
    auto summary = import_files(*library, scan.files, {opt.jobs, opt.force});
    for (const auto& e : scan.errors) summary.failures.insert(summary.failures.begin(), "analyze: " + e);
    print_summary(summary, db);
    if (summary.interrupted) return 130;
    if (summary.analysed > 0) keep_seam_cells_current(*library, db);
    return summary.failures.empty() ? 0 : 1;
}

}  // namespace

Verb add_analyze_verb(CLI::App& app) {
    auto opt = std::make_shared<AnalyzeOptions>();
    auto* cmd = app.add_subcommand("analyze", "Analyse audio files (folders recursively) into the library");
    cmd->add_option("paths", opt->paths, "Files or folders")->required();
    add_db_option(*cmd, opt->db);
    cmd->add_flag("--json", opt->json, "Print one JSON object per file to stdout; no library");
    cmd->add_flag("--full", opt->full, "With --json: include the per-beat feature matrix and MFCC covariance");
    cmd->add_flag("--force", opt->force, "Re-analyse files that are already in the library");
    cmd->add_option("-j,--jobs", opt->jobs, "Files analysed in parallel (default: all cores)");
    auto* json = cmd->get_option("--json");
    auto* onsets = cmd->add_flag("--beat-onsets", opt->beat_onsets,
                                 "With --json: read the rhythm from onsets, as the analyser before v6 did "
                                 "(for comparison; docs/beat-network.md)");
    onsets->needs(json);
    cmd->add_option("--beat-model", opt->beat_model,
                    "With --json: read the rhythm with this beat network file (eval/train_beats.py)")
        ->needs(json)
        ->excludes(onsets);
    return {cmd, [opt] {
                const auto scan = scan_paths(opt->paths);
                for (const auto& e : scan.errors) std::cerr << "analyze: " << e << '\n';
                return opt->json ? run_json(*opt, scan) : run_library(*opt, scan);
            }};
}

}  // namespace minidj::cli
