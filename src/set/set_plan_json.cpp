// The set plan as JSON (docs/sets.md): the tracks, the set's loudness, the planning figures and
// the list of transition plans in the Hands' format.
#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "minidj/json_text.h"
#include "minidj/set.h"

namespace minidj {
namespace {

Error field_error(const std::string& field, const std::string& why) {
    return Error{fmt::format("set plan: {}: {}", field, why)};
}

// Reads an optional array of numbers.
Status read_numbers(const nlohmann::json& json, const char* key, std::vector<double>& out) {
    if (!json.contains(key)) return Ok{};
    const auto& v = json[key];
    if (!v.is_array()) return field_error(key, "expected an array of numbers");
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (!v[i].is_number()) return field_error(fmt::format("{}[{}]", key, i), "expected a number");
        out.push_back(v[i].get<double>());
    }
    return Ok{};
}

}  // namespace

nlohmann::json to_json(const SetPlan& plan) {
    nlohmann::json transitions = nlohmann::json::array();
    for (const auto& t : plan.transitions) transitions.push_back(to_json(t));
    nlohmann::json j{{"minidj_set", SetPlan::kVersion},
            {"target_lufs", plan.target_lufs},
            {"gain_db", plan.gain_db},
            {"arc", plan.arc},
            {"energy_rank", plan.energy_rank},
            {"arc_target", plan.arc_target},
            {"seam_score", plan.seam_score},
            {"objective", {{"seam", plan.objective_seam}, {"arc", plan.objective_arc}, {"total", plan.objective_total}}},
            {"notes", plan.notes},
            {"transitions", transitions}};
    put_paths(j, "tracks", plan.tracks);
    return j;
}

Result<SetPlan> set_plan_from_json(const nlohmann::json& json) {
    if (!json.is_object()) return field_error("(top)", "expected an object");
    if (!json.contains("minidj_set") || !json["minidj_set"].is_number_integer()) {
        return field_error("minidj_set", "missing: not a minidj set plan");
    }
    if (json["minidj_set"].get<int>() != SetPlan::kVersion) {
        return field_error("minidj_set", fmt::format("version {} is not {}", json["minidj_set"].get<int>(), SetPlan::kVersion));
    }
    SetPlan plan;
    auto tracks = get_paths(json, "tracks");
    if (!tracks) return Error{"set plan: " + tracks.error().message};
    plan.tracks = std::move(tracks.value());
    if (!json.contains("transitions") || !json["transitions"].is_array()) {
        return field_error("transitions", "expected an array of transition plans");
    }
    for (std::size_t i = 0; i < json["transitions"].size(); ++i) {
        auto t = plan_from_json(json["transitions"][i]);
        if (!t) return field_error(fmt::format("transitions[{}]", i), t.error().message);
        plan.transitions.push_back(std::move(t.value()));
    }
    if (json.contains("target_lufs")) {
        if (!json["target_lufs"].is_number()) return field_error("target_lufs", "expected a number");
        plan.target_lufs = json["target_lufs"].get<double>();
    }
    if (auto s = read_numbers(json, "gain_db", plan.gain_db); !s) return s.error();
    if (plan.gain_db.empty()) {  // a hand-made plan: take the gains of the transitions
        for (const auto& t : plan.transitions) plan.gain_db.push_back(t.gain_a_db);
        if (!plan.transitions.empty()) plan.gain_db.push_back(plan.transitions.back().gain_b_db);
    }
    if (json.contains("arc") && json["arc"].is_string()) plan.arc = json["arc"].get<std::string>();
    for (auto [key, out] : {std::pair{"energy_rank", &plan.energy_rank}, std::pair{"arc_target", &plan.arc_target},
                            std::pair{"seam_score", &plan.seam_score}}) {
        if (auto s = read_numbers(json, key, *out); !s) return s.error();
    }
    // The transitions carry the gains the renderer applies: the per-track list wins.
    for (std::size_t i = 0; i < plan.transitions.size() && i + 1 < plan.gain_db.size(); ++i) {
        plan.transitions[i].gain_a_db = plan.gain_db[i];
        plan.transitions[i].gain_b_db = plan.gain_db[i + 1];
    }
    if (auto s = plan.validate(); !s) return s.error();
    return plan;
}

Result<SetPlan> read_set_plan(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return Error{fmt::format("set plan: {}: cannot read", printable_path(file))};
    std::stringstream text;
    text << in.rdbuf();
    const std::string s = text.str();
    try {
        return set_plan_from_json(nlohmann::json::parse(s));
    } catch (const nlohmann::json::parse_error& e) {
        // nlohmann reports a byte offset: turn it into the line and column a person looks for.
        const std::size_t at = std::min<std::size_t>(e.byte > 0 ? e.byte - 1 : 0, s.size());
        const auto line = 1 + std::count(s.begin(), s.begin() + std::ptrdiff_t(at), '\n');
        const auto last_newline = s.rfind('\n', at == 0 ? 0 : at - 1);
        const std::size_t column = last_newline == std::string::npos ? at + 1 : at - last_newline;
        return Error{fmt::format("set plan: {}: line {}, column {}: not valid JSON", printable_path(file), line, column)};
    }
}

}  // namespace minidj
