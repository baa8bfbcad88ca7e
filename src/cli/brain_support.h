#pragma once
// What the score, recommend, set and train verbs share: the --model option and which model it
// means, feature rows of library tracks (or of a file analysed on the spot), and the JSON of a
// score's parts.

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "minidj/brain.h"
#include "minidj/library.h"
#include "minidj/planner.h"

namespace minidj::cli {

/// Declares --model FILE|shipped (default: the library's trained model, else the shipped one).
void add_model_option(CLI::App& command, std::string& model);

/// Where `minidj train` writes the library's model by default, and where score, recommend and
/// set look for it: beside the library file, its name with .brain ("library.brain").
std::filesystem::path trained_model_file(const std::filesystem::path& library_file);

/// A model and what it is, for the output ("shipped" or its file).
struct ScoringModel {
    std::unique_ptr<brain::Model> model;
    std::string name;
};

/// The model --model names: a file, "shipped" for the model inside minidj, or (empty) the
/// library's trained model when that file exists, else the shipped one. Prints the reason and
/// returns nullopt on failure (a damaged trained model is an error, never silently replaced).
std::optional<ScoringModel> load_model(const std::string& model, const std::filesystem::path& library_file);

/// "the shipped model" or "the model <file>".
std::string model_phrase(const ScoringModel& model);

/// The feature row of `track`: from the library, or, for a file not in it, from an analysis
/// made now (not stored; a note goes to stderr). Prints the reason and returns nullopt when
/// the file cannot be analysed. `verb` prefixes messages.
std::optional<brain::TrackFeatures> track_row(Library& library, const std::string& track, const char* verb);

/// The content hash of `track`'s audio: the library's, else hashed now; empty when it cannot
/// be read.
std::string content_hash_of(Library& library, const std::string& track);

/// Calls `use` with every track's row and stored analysis, in path order (with a progress
/// display on stderr when `progress`). A row that cannot be read is skipped with a note on
/// stderr. Stops with "interrupted" on Ctrl-C.
Status for_each_analysis(Library& library, bool progress,
                         const std::function<void(const TrackSummary&, const TrackAnalysis&)>& use);

/// Every library track's TrackRow, one per audio content: of rows with the same content hash
/// (the same audio under several paths) only the first by path. Rows a library stored by an
/// older minidj lacks are computed once (a note and a progress bar on stderr); unreadable rows
/// are named on stderr. `verb` prefixes the notes.
Result<std::vector<TrackRow>> answer_rows(Library& library, const char* verb, const RowFilter& filter = {});

/// The k best next tracks from the library after `seed` (planner::recommend), reading only the
/// rows the rulebook allows after it (Library::rows with its tempo and key ranges) and the
/// whole library only when fewer than k of those pass the options: the same answer as
/// scoring every row. When the library has seam cells (seam_cells.h) and `exact` is false,
/// first only the rows of the best cells: an approximate answer, taken when k of them keep
/// the rulebook. Never the seed's own audio (`seed_content`, empty: unknown).
struct LibraryRecommendation {
    std::vector<TrackRow> rows;
    std::vector<planner::Recommendation> best;  ///< indices into rows
    bool approximate = false;                   ///< read from the seam cells
};
Result<LibraryRecommendation> recommend_from_library(Library& library, const brain::Model& model,
                                                     const brain::TrackFeatures& seed, const std::string& seed_content,
                                                     const planner::RecommendOptions& options, bool exact = false);

/// `v` rounded to `decimals` places, for JSON.
double rounded(double v, int decimals);

/// {"tempo": {"ratio", "relation", "deviation"}, "key": {"from", "to", "relation"},
///  "energy_jump_db", "timbre_distance", "harmonic_continuity", "rule", "continuity"}
nlohmann::json parts_json(const brain::ScoreParts& parts);

/// The explanation for a person, one part per line, each line starting with `indent`.
std::string parts_text(const brain::ScoreParts& parts, const std::string& indent);

}  // namespace minidj::cli
