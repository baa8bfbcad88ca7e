// minidj library list|search|stats|remove|prune|relocate|merge|index : look after the library. Rows only:
// no subcommand ever modifies, moves or deletes a music file.
#include <fmt/format.h>
#include <unistd.h>

#include <functional>
#include <iostream>
#include <memory>

#include "cli/brain_support.h"
#include "cli/library_import.h"
#include "cli/library_option.h"
#include "cli/library_output.h"
#include "cli/progress.h"
#include "cli/verbs.h"
#include "minidj/json_text.h"
#include "minidj/library_tools.h"

namespace minidj::cli {
namespace {

struct LibraryCliOptions {
    std::string db;
    bool json = false;
    std::vector<double> bpm, energy;
    std::string key, camelot, artist, text;
    bool missing = false;
    std::vector<std::string> paths;
    bool dry_run = false;
    std::string from, to;
    std::vector<std::string> shards;
    int cells = 0;
    std::string model;
};

// The subcommand's own --db and --json.
CLI::App* add_subcommand(CLI::App& library, LibraryCliOptions& opt, const char* name, const char* about) {
    auto* cmd = library.add_subcommand(name, about);
    add_db_option(*cmd, opt.db);
    cmd->add_flag("--json", opt.json, "Print the result as one JSON object");
    return cmd;
}

void print_json(const nlohmann::json& j) { std::cout << dump_json(j) << '\n'; }

int fail(const Error& error) {
    std::cerr << error.message << '\n';
    return 1;
}

// Opens the library (these verbs never create one) and runs `use` on it; exit status.
int with_library(const LibraryCliOptions& opt, const std::function<int(Library&, const std::filesystem::path&)>& use) {
    std::filesystem::path db;
    const auto library = open_library(opt.db, db, /*create=*/false);
    return library ? use(*library, db) : 1;
}

// list and search: the rows that pass the filter.
int run_list(const LibraryCliOptions& opt) {
    TrackFilter filter;
    if (opt.bpm.size() == 2) filter.bpm = std::pair{opt.bpm[0], opt.bpm[1]};
    if (opt.energy.size() == 2) filter.energy = std::pair{opt.energy[0], opt.energy[1]};
    if (!opt.key.empty()) {
        filter.key = MusicalKey::parse(opt.key);
        if (!filter.key) {
            std::cerr << fmt::format("library: --key {}: expected a key such as \"A minor\" or \"Eb major\"\n", opt.key);
            return 2;
        }
    }
    filter.camelot = opt.camelot;
    filter.artist = opt.artist;
    filter.text = opt.text;
    filter.missing = opt.missing;
    if (auto ok = filter.validate(); !ok) {
        std::cerr << ok.error().message << '\n';
        return 2;
    }
    return with_library(opt, [&](Library& library, const std::filesystem::path& db) {
        const auto tracks = find_tracks(library, filter);
        if (!tracks) return fail(tracks.error());
        if (opt.json) {
            print_json(tracks_json(tracks.value()));
        } else {
            for (const auto& t : tracks.value()) fmt::print("{}\n", track_line(t));
            fmt::print(stderr, "{} track(s) in {}\n", tracks->size(), printable_path(db));
        }
        return 0;
    });
}

int run_stats(const LibraryCliOptions& opt) {
    return with_library(opt, [&](Library& library, const std::filesystem::path& db) {
        const auto stats = library_stats(library, db);
        if (!stats) return fail(stats.error());
        opt.json ? print_json(stats_json(stats.value(), db)) : print_stats(stats.value(), db);
        return 0;
    });
}

int run_remove(const LibraryCliOptions& opt) {
    return with_library(opt, [&](Library& library, const std::filesystem::path& db) {
        std::vector<std::string> removed, unknown;
        for (const auto& path : opt.paths) {
            auto gone = library.remove(path);
            if (!gone) return fail(gone.error());
            (gone.value() ? removed : unknown).push_back(path);
        }
        for (const auto& path : unknown) std::cerr << fmt::format("library: {}: not in the library\n", printable_path(path));
        if (opt.json) {
            print_json({{"removed", paths_json(removed)}, {"not_found", paths_json(unknown)}});
        } else {
            fmt::print("removed {} track(s) from the library {} (the files are untouched)\n", removed.size(),
                       printable_path(db));
        }
        return unknown.empty() ? 0 : 1;
    });
}

int run_prune(const LibraryCliOptions& opt) {
    return with_library(opt, [&](Library& library, const std::filesystem::path&) {
        const auto gone = prune_missing(library, opt.dry_run);
        if (!gone) return fail(gone.error());
        if (opt.json) {
            print_json({{"removed", paths_json(gone.value())}, {"dry_run", opt.dry_run}});
            return 0;
        }
        for (const auto& path : gone.value()) fmt::print("  {}\n", printable_path(path));
        fmt::print("{} {} track(s) whose file is gone\n", opt.dry_run ? "would remove" : "removed", gone->size());
        return 0;
    });
}

int run_relocate(const LibraryCliOptions& opt) {
    return with_library(opt, [&](Library& library, const std::filesystem::path&) {
        const auto moved = relocate(library, opt.from, opt.to);
        if (!moved) return fail(moved.error());
        if (opt.json) {
            print_json(relocation_json(moved.value()));
        } else {
            fmt::print("moved {} track(s) from {} to {}\n", moved->moved.size(), printable_path(opt.from),
                       printable_path(opt.to));
            for (const auto& [path, reason] : moved->left) {
                fmt::print("  left {}: {}\n", printable_path(path), printable_path(reason));
            }
        }
        return moved->left.empty() ? 0 : 1;  // not everything could follow
    });
}

// merge: shards (each a library file) into the library, which is created when missing.
int run_merge(const LibraryCliOptions& opt) {
    std::filesystem::path db;
    const auto library = open_library(opt.db, db, /*create=*/true);
    if (!library) return 1;
    auto all = nlohmann::json::array();
    bool failed = false;
    for (const auto& shard : opt.shards) {
        std::optional<Progress> bar;
        const auto merged = merge_library(*library, db, shard, [&](std::size_t, std::size_t total) {
            if (!bar && !opt.json && isatty(fileno(stderr))) bar.emplace(total);  // a pipe gets the summary only
            if (bar) bar->step("merged a row of " + printable_path(shard));
        });
        if (bar) bar->clear();
        if (!merged) {
            std::cerr << merged.error().message << '\n';
            failed = true;
            continue;
        }
        const auto& r = merged.value();
        for (const auto& why : r.skipped) std::cerr << "library: skipped " << printable_path(why) << '\n';
        if (opt.json) {
            nlohmann::json j{{"added", r.added}, {"replaced", r.replaced}, {"kept", r.kept}, {"skipped", r.skipped.size()}};
            put_path(j, "shard", shard);
            all.push_back(std::move(j));
        } else {
            fmt::print("{}: added {}, replaced {} (newer analyses), kept {} (the library's as new or newer), skipped {}\n",
                       printable_path(shard), r.added, r.replaced, r.kept, r.skipped.size());
        }
        failed = failed || !r.skipped.empty();
    }
    if (opt.json) {
        nlohmann::json out{{"shards", all}};
        put_path(out, "library", db.native());
        print_json(out);
    }
    return failed ? 1 : 0;
}

// index: (re)builds the seam cells that recommend reads a big library through.
int run_index(const LibraryCliOptions& opt) {
    return with_library(opt, [&](Library& library, const std::filesystem::path& db) {
        const auto model = load_model(opt.model, db);
        if (!model) return 1;
        const auto shown = build_seam_cells_shown(library, model->model.get(), opt.cells, !opt.json);
        if (!shown) return fail(shown.error());
        const auto& built = shown->built;
        const double seconds = shown->seconds;
        if (opt.json) {
            print_json({{"cells", built.cells}, {"rows", built.rows}, {"seconds", seconds}});
        } else {
            fmt::print("{} seam cells over {} tracks in {:.1f} s: recommend now reads the best cells' {} tracks "
                       "(--exact: every track the rulebook allows)\n",
                       built.cells, built.rows, seconds, brain::SeamCells::rows_to_read(built.rows));
        }
        return 0;
    });
}

}  // namespace

Verb add_library_verb(CLI::App& app) {
    auto opt = std::make_shared<LibraryCliOptions>();
    auto* library = app.add_subcommand("library", "List, search and look after the library (rows only, never files)");
    library->require_subcommand(1);

    auto* list = add_subcommand(*library, *opt, "list", "List the tracks, filtered");
    list->add_option("--bpm", opt->bpm, "Only LO <= BPM <= HI")->expected(2)->type_name("LO HI");
    list->add_option("--key", opt->key, "Only this key: \"A minor\", \"Eb major\"");
    list->add_option("--camelot", opt->camelot, "Only this Camelot key: 8A");
    list->add_option("--energy", opt->energy, "Only LO <= energy (RMS, as `info` shows it) <= HI")
        ->expected(2)
        ->type_name("LO HI");
    list->add_option("--artist", opt->artist, "Only artists (tags) containing TEXT");
    list->add_flag("--missing", opt->missing, "Only tracks whose file is gone");

    auto* search = add_subcommand(*library, *opt, "search", "Tracks whose path, artist, title or album contain TEXT");
    search->add_option("text", opt->text, "Text to find (case-insensitive)")->required();

    auto* stats = add_subcommand(*library, *opt, "stats", "Tracks, length, missing files, analysers, tempo and keys");

    auto* remove = add_subcommand(*library, *opt, "remove", "Forget tracks (the files are not touched)");
    remove->add_option("paths", opt->paths, "Audio files as analysed")->required();

    auto* prune = add_subcommand(*library, *opt, "prune", "Forget the tracks whose file is gone");
    prune->add_flag("--dry-run", opt->dry_run, "Only say which");

    auto* relocate_cmd = add_subcommand(*library, *opt, "relocate",
                                        "A folder moved: its tracks follow, each checked by content at its new place");
    relocate_cmd->add_option("old", opt->from, "Where the folder was")->required();
    relocate_cmd->add_option("new", opt->to, "Where it is now")->required();

    auto* merge = add_subcommand(*library, *opt, "merge",
                                 "Add the tracks of other library files (shards analysed elsewhere); newer analyses win");
    merge->add_option("shards", opt->shards, "Library files to merge in (only read)")->required();

    auto* index = add_subcommand(*library, *opt, "index",
                                 "Build the seam cells that let recommend answer from millions of tracks (approximate)");
    index->add_option("--cells", opt->cells, "How many cells (default: about the square root of the tracks)")
        ->check(CLI::Range(1, 65536));
    add_model_option(*index, opt->model);

    return {library, [=] {
                if (merge->parsed()) return run_merge(*opt);
                if (index->parsed()) return run_index(*opt);
                if (list->parsed() || search->parsed()) return run_list(*opt);
                if (stats->parsed()) return run_stats(*opt);
                if (remove->parsed()) return run_remove(*opt);
                if (prune->parsed()) return run_prune(*opt);
                return run_relocate(*opt);
            }};
}

}  // namespace minidj::cli
