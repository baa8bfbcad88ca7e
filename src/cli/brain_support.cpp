#include "cli/brain_support.h"

#include <fmt/format.h>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <iostream>

#include "cli/interrupt.h"
#include "cli/progress.h"
#include "minidj/audio.h"
#include "minidj/library_tools.h"

namespace minidj::cli {
// Rounded to `decimals` places; dividing by the exact power of ten gives the double nearest to
// the decimal, which JSON prints short ("0.8622", not "0.8622000000000001").
double rounded(double v, int decimals) {
    const double scale = std::pow(10.0, decimals);
    return std::round(v * scale) / scale;
}

void add_model_option(CLI::App& command, std::string& model) {
    command.add_option("--model", model,
                       "Model file, or `shipped` for the model inside minidj (default: the one `minidj train` "
                       "wrote beside the library, else the shipped one)");
}

std::filesystem::path trained_model_file(const std::filesystem::path& library_file) {
    return std::filesystem::path(library_file).replace_extension(".brain");
}

std::optional<ScoringModel> load_model(const std::string& model, const std::filesystem::path& library_file) {
    std::filesystem::path file = model == "shipped" ? std::filesystem::path() : std::filesystem::path(model);
    if (model.empty()) {
        std::error_code ec;
        if (std::filesystem::exists(trained_model_file(library_file), ec)) file = trained_model_file(library_file);
    }
    auto loaded = file.empty() ? brain::Model::load_default() : brain::Model::load(file);
    if (!loaded) {
        std::cerr << loaded.error().message << '\n';
        return std::nullopt;
    }
    return ScoringModel{std::move(loaded.value()), file.empty() ? "shipped" : printable_path(file)};
}

std::string model_phrase(const ScoringModel& model) {
    return model.name == "shipped" ? "the shipped model" : "the model " + model.name;
}

std::optional<brain::TrackFeatures> track_row(Library& library, const std::string& track, const char* verb) {
    auto stored = library.load(track);
    if (!stored) {
        std::cerr << stored.error().message << '\n';
        return std::nullopt;
    }
    if (stored.value()) {
        auto row = brain::track_features(*stored.value());
        if (auto found = library.find(track); found && found.value()) row.artist = found.value()->tags.artist;
        return row;
    }
    std::cerr << fmt::format("{}: {} is not in the library; analysing it now (not stored)\n", verb,
                             printable_path(track));
    auto analysed = analyze_file(track);
    if (!analysed) {
        std::cerr << fmt::format("{}: {}\n", verb, analysed.error().message);
        return std::nullopt;
    }
    auto row = brain::track_features(analysed.value());
    row.path = std::filesystem::absolute(track).lexically_normal().string();
    if (auto tags = AudioDecoder::read_tags(track)) row.artist = tags->artist;
    return row;
}

Result<LibraryRecommendation> recommend_from_library(Library& library, const brain::Model& model,
                                                     const brain::TrackFeatures& seed, const std::string& seed_content,
                                                     const planner::RecommendOptions& options, bool exact) {
    const auto from_rows = [&](const RowFilter& filter) -> Result<LibraryRecommendation> {
        auto rows = answer_rows(library, "recommend", filter);
        if (!rows) return rows.error();
        LibraryRecommendation out{std::move(rows.value()), {}, !filter.cells.empty()};
        std::vector<const brain::TrackFeatures*> candidates;
        std::vector<std::size_t> row_of_candidate;
        for (std::size_t i = 0; i < out.rows.size(); ++i) {
            // The seed's own audio under another path is not a next track either.
            if (!seed_content.empty() && out.rows[i].content_hash == seed_content) continue;
            candidates.push_back(&out.rows[i].features);
            row_of_candidate.push_back(i);
        }
        out.best = planner::recommend(model, seed, candidates, options);
        for (auto& r : out.best) r.index = row_of_candidate[r.index];
        return out;
    };
    // All k keep the rulebook exactly when at least k rows passing the options do: then the
    // rows outside the filter, which break it, could not have been chosen.
    const auto settled = [&](const LibraryRecommendation& found) {
        const auto& best = found.best;
        return best.size() == options.k && std::all_of(best.begin(), best.end(), [](const auto& r) {
                   return brain::rulebook_allows(r.score.parts.tempo, r.score.parts.key, {});
               });
    };
    RowFilter rulebook{brain::allowed_tempo_ranges(seed.bpm), brain::allowed_camelot_codes(seed), {}};
    if (!exact) {
        auto cells = library.seam_cells();
        if (!cells) return cells.error();
        if (*cells) {
            const auto& index = **cells;
            RowFilter in_cells = rulebook;
            in_cells.cells = index.cells_to_read(model, seed, brain::SeamCells::rows_to_read(index.indexed_rows()));
            auto found = from_rows(in_cells);
            if (!found || settled(*found)) return found;
        }
    }
    auto found = from_rows(rulebook);
    if (!found) return found;
    return settled(*found) ? std::move(found) : from_rows(RowFilter{});
}

std::string content_hash_of(Library& library, const std::string& track) {
    if (auto row = library.find(track); row && row.value()) return row.value()->content_hash;
    auto id = identify_file(track);
    return id ? id->content_hash : std::string();
}

Status for_each_analysis(Library& library, bool progress,
                         const std::function<void(const TrackSummary&, const TrackAnalysis&)>& use) {
    auto list = library.list();
    if (!list) return list.error();
    std::optional<Progress> bar;
    if (progress) bar.emplace(list->size());
    for (const auto& summary : list.value()) {
        if (interrupt_flag().load()) return Error{"interrupted"};
        auto stored = library.load(summary.path);
        if (!stored) {
            if (bar) bar->clear();
            fmt::print(stderr, "skipped {}\n", stored.error().message);
        } else if (stored.value()) {
            use(summary, *stored.value());
        }
        if (bar) bar->step("loaded " + printable_path(summary.path));
    }
    if (bar) bar->clear();
    return Ok{};
}

Result<std::vector<TrackRow>> answer_rows(Library& library, const char* verb, const RowFilter& filter) {
    std::optional<Progress> bar;
    auto rows = library.rows(filter, [&](std::size_t /*done*/, std::size_t total) {
        if (!bar) {
            fmt::print(stderr, "{}: computing the track rows of {} track(s) stored by an older minidj (once)\n", verb,
                       total);
            if (isatty(fileno(stderr))) bar.emplace(total);
        }
        if (bar) bar->step("");
    });
    if (bar) bar->clear();
    if (!rows) return rows.error();
    if (!rows->store_error.empty()) {
        fmt::print(stderr, "{}: could not keep the computed track rows ({}); they are computed again next time\n",
                   verb, rows->store_error);
    }
    for (const auto& skipped : rows->skipped) fmt::print(stderr, "{}: skipped {}\n", verb, printable_path(skipped));
    return one_row_per_content(std::move(rows->rows));
}

nlohmann::json parts_json(const brain::ScoreParts& p) {
    return {{"tempo",
             {{"ratio", rounded(p.tempo.ratio, 4)},
              {"relation", brain::to_string(p.tempo.relation)},
              {"deviation", rounded(p.tempo.deviation, 4)}}},
            {"key", {{"from", p.key_a}, {"to", p.key_b}, {"relation", brain::to_string(p.key)}}},
            {"energy_jump_db", rounded(p.energy_jump_db, 2)},
            {"timbre_distance", rounded(p.timbre_distance, 2)},
            {"harmonic_continuity", rounded(p.harmonic_continuity, 3)},
            {"rule", rounded(p.rule, 4)},
            {"continuity", rounded(p.continuity, 4)}};
}

std::string parts_text(const brain::ScoreParts& p, const std::string& indent) {
    std::string out;
    if (p.tempo.relation == brain::TempoRelation::kUnknown) {
        out += indent + "tempo     unknown (no steady beat in one of the tracks)\n";
    } else {
        out += fmt::format("{}tempo     ratio {:.3f}: {} ({:.1f} % off)\n", indent, p.tempo.ratio,
                           brain::to_string(p.tempo.relation), 100.0 * p.tempo.deviation);
    }
    out += fmt::format("{}key       {} -> {}: {}\n", indent, p.key_a.empty() ? "?" : p.key_a,
                       p.key_b.empty() ? "?" : p.key_b, brain::to_string(p.key));
    out += fmt::format("{}energy    {:+.1f} dB jump at the seam\n", indent, p.energy_jump_db);
    out += fmt::format("{}timbre    MFCC distance {:.1f}\n", indent, p.timbre_distance);
    out += fmt::format("{}harmony   {:.2f} chroma continuity at the seam\n", indent, p.harmonic_continuity);
    out += fmt::format("{}network   rule {:.2f}, continuity {:.2f}\n", indent, p.rule, p.continuity);
    return out;
}

}  // namespace minidj::cli
