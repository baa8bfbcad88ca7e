// minidj demo : generate a small library of music with known answers, analyse it, show what
// minidj heard beside the truth, and mix two of the tracks (plot and report beside them).
// Needs no music of the user's.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <memory>

#include "cli/demo_songs.h"
#include "cli/demo_transition.h"
#include "cli/library_import.h"
#include "cli/library_option.h"
#include "cli/set_command.h"
#include "cli/verbs.h"
#include "minidj/library.h"

namespace minidj::cli {
namespace {

struct DemoOptions {
    std::string out = "minidj-demo";
    int jobs = 0;
};

// Share of `truth` times that have an estimate within `tolerance` seconds.
double matched_share(const std::vector<double>& truth, const std::vector<double>& estimate, double tolerance) {
    if (truth.empty()) return 0.0;
    std::size_t hits = 0;
    for (double t : truth) {
        const auto it = std::lower_bound(estimate.begin(), estimate.end(), t - tolerance);
        if (it != estimate.end() && *it <= t + tolerance) ++hits;
    }
    return double(hits) / double(truth.size());
}

void print_row(const std::string& name, const gen::GroundTruth& truth, const TrackAnalysis& a) {
    const double true_bpm = truth.mean_bpm();
    const bool bpm_ok = std::abs(a.grid.bpm - true_bpm) <= 0.005 * true_bpm;
    const bool key_ok = a.key.key && *a.key.key == truth.spec.key;
    fmt::print("{:<22} {:>7.2f} {:>7.2f} {}  {:<9} {:<9} {:>3} {}  {:>4.0f}% {:>4.0f}%  {}/4 {}  {:>6.1f}\n", name,
               true_bpm, a.grid.bpm, bpm_ok ? "ok" : "--", truth.spec.key.name(),
               a.key.key ? a.key.key->name() : "none", a.key.key ? a.key.key->camelot() : "-", key_ok ? "ok" : "--",
               100 * matched_share(truth.beats, a.grid.beats, 0.020),
               100 * matched_share(truth.downbeats, a.grid.downbeats, 0.020), a.grid.meter,
               a.grid.meter == truth.spec.meter ? "ok" : "--", a.loudness.integrated_lufs);
}

// The Sets: eight more tracks, planned into a set and rendered with its tracklist and plot.
int render_demo_set(const std::filesystem::path& folder, const std::filesystem::path& db, int jobs) {
    const auto tracks = folder / "set-tracks";
    std::error_code ec;
    std::filesystem::create_directories(tracks, ec);
    fmt::print(stderr, "\ngenerating {} tracks for a set into {}/\n", demo_set_songs().size(), tracks.string());
    std::vector<std::filesystem::path> files;
    for (const auto& song : demo_set_songs()) {
        auto written = write_demo_song(song, tracks);
        if (!written) {
            fmt::print(stderr, "{}\n", written.error().message);
            return 1;
        }
        files.push_back(written.value().first);
    }
    {
        std::filesystem::path opened;
        const auto library = open_library(db.string(), opened);
        if (!library) return 1;
        const auto summary = import_files(*library, files, {jobs, false});
        if (summary.interrupted) return 130;
    }
    fmt::print("\nthe set: {} generated tracks ordered by the Brain's seam scores and a peak energy arc\n", files.size());
    SetCliOptions set;
    set.paths = {tracks.string()};
    set.output = (folder / "set.flac").string();
    set.plot = (folder / "set.png").string();
    set.db = db.string();
    set.tracks = files.size();
    set.report = true;
    return run_set(set);
}

int run_demo(const DemoOptions& opt) {
    const std::filesystem::path folder(opt.out);
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    if (ec) {
        fmt::print(stderr, "demo: {}: {}\n", folder.string(), ec.message());
        return 1;
    }
    fmt::print(stderr, "generating {} tracks with known tempo, beats, key into {}/\n", demo_songs().size(),
               folder.string());
    std::vector<std::filesystem::path> files;
    std::vector<gen::GroundTruth> truths;
    for (const auto& song : demo_songs()) {
        auto written = write_demo_song(song, folder);
        if (!written) {
            fmt::print(stderr, "{}\n", written.error().message);
            return 1;
        }
        files.push_back(written.value().first);
        truths.push_back(written.value().second);
    }
    std::filesystem::path db;
    const auto library = open_library((folder / "library.sqlite").string(), db);
    if (!library) return 1;
    const auto summary = import_files(*library, files, {opt.jobs, false});
    print_summary(summary, db);
    if (summary.interrupted) return 130;

    fmt::print("\n{:<22} {:>7} {:>7}     {:<9} {:<9} {:>3}     {:>5} {:>5}  {:<7} {:>6}\n", "track", "true", "BPM",
               "true key", "key", "cam", "beats", "downb", "meter", "LUFS");
    std::size_t tempo_ok = 0, key_ok = 0;
    for (std::size_t i = 0; i < files.size(); ++i) {
        auto stored = library->load(files[i]);
        if (!stored || !stored.value()) {
            fmt::print("{:<22} (not analysed)\n", files[i].filename().string());
            continue;
        }
        const auto& a = *stored.value();
        print_row(files[i].filename().string(), truths[i], a);
        tempo_ok += std::abs(a.grid.bpm - truths[i].mean_bpm()) <= 0.005 * truths[i].mean_bpm();
        key_ok += a.key.key && *a.key.key == truths[i].spec.key;
    }
    fmt::print("\ntempo within 0.5%: {}/{}   key exact: {}/{}   (beats/downb: share of true beats found "
               "within 20 ms)\n",
               tempo_ok, files.size(), key_ok, files.size());
    if (!summary.failures.empty()) return 1;
    // The Hands: the first house track into the first techno one (124 -> 132 BPM, +6.5 %).
    if (const int status = render_demo_transition(*library, files[0], files[1], folder); status != 0) return status;
    if (const int status = render_demo_set(folder, db, opt.jobs); status != 0) return status;
    fmt::print("try: minidj info {} --db {}\n     minidj mix {} {} -o mix.flac --report --db {}\n"
               "     minidj set {} -o set.flac --tracks 6 --arc warmup --report --db {}\n"
               "     minidj play {} --db {}   (live on the sound card: n next, s skip, h hold, +/- energy, "
               "space pause, q quit)\n",
               files.front().string(), db.string(), files[0].string(), files[1].string(), db.string(),
               (folder / "set-tracks").string(), db.string(), (folder / "set-tracks").string(), db.string());
    return 0;
}

}  // namespace

Verb add_demo_verb(CLI::App& app) {
    auto opt = std::make_shared<DemoOptions>();
    auto* cmd = app.add_subcommand("demo", kDemoAbout);
    cmd->add_option("--out", opt->out, "Folder for the generated tracks and the demo library")
        ->capture_default_str();
    cmd->add_option("-j,--jobs", opt->jobs, "Files analysed in parallel (default: all cores)");
    return {cmd, [opt] { return run_demo(*opt); }};
}

}  // namespace minidj::cli
