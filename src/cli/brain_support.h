#pragma once
// What the score, recommend and train verbs share: the --model option, feature rows of library
// tracks (or of a file analysed on the spot), and the JSON of a score's parts.

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "minidj/brain.h"
#include "minidj/library.h"

namespace minidj::cli {

/// Declares --model FILE (default: the shipped model).
void add_model_option(CLI::App& command, std::string& model);

/// Loads the model --model names, or the shipped one; prints the reason and returns null on failure.
std::unique_ptr<brain::Model> load_model(const std::string& model);

/// The feature row of `track`: from the library, or, for a file not in it, from an analysis
/// made now (not stored; a note goes to stderr). Prints the reason and returns nullopt when
/// the file cannot be analysed. `verb` prefixes messages.
std::optional<brain::TrackFeatures> track_row(Library& library, const std::string& track, const char* verb);

/// Calls `use` with every track's stored analysis, in path order (with a progress display on
/// stderr when `progress`). Stops with "interrupted" on Ctrl-C.
Status for_each_analysis(Library& library, bool progress, const std::function<void(const TrackAnalysis&)>& use);

/// Every library track's feature row.
Result<std::vector<brain::TrackFeatures>> library_rows(Library& library);

/// `v` rounded to `decimals` places, for JSON.
double rounded(double v, int decimals);

/// {"tempo": {"ratio", "relation", "deviation"}, "key": {"from", "to", "relation"},
///  "energy_jump_db", "timbre_distance", "harmonic_continuity", "rule", "continuity"}
nlohmann::json parts_json(const brain::ScoreParts& parts);

/// The explanation for a person, one part per line, each line starting with `indent`.
std::string parts_text(const brain::ScoreParts& parts, const std::string& indent);

}  // namespace minidj::cli
