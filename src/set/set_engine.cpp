// The set engine's choosing side (minidj/set_engine.h): plan a set from a pool, and plan again
// around a track that fails.
#include "minidj/set_engine.h"

#include <fmt/format.h>

#include <filesystem>

namespace minidj {
namespace {

constexpr int kMaxReplans = 3;  // tracks that fail to load or decode are planned around this often

std::string planned_around(const std::string& track) {
    return fmt::format("{} failed to decode; the set was planned again without it", printable_path(track));
}

// Chooses and orders the tracks, then plans every transition. A chosen track whose file no
// longer analyses goes into `failed_tracks`; so do tracks too short for their transitions,
// each with a note in `too_short`.
Result<SetPlan> plan_once(const SetEngineOptions& options, const SetPool& pool, const brain::Model& model,
                          const AnalysisLoader& load, std::vector<std::string>& failed_tracks,
                          std::vector<std::string>& too_short) {
    planner::SetRequest request = options.request;
    for (auto [name, slot] : {std::pair{&options.start, &request.first}, std::pair{&options.end, &request.last}}) {
        if (name->empty()) continue;
        *slot = pool.find(*name);
        if (!*slot) return Error{fmt::format("set: {} is not among the tracks to choose from", printable_path(*name))};
    }
    const auto scorer = [&](std::size_t from, std::span<const std::size_t> to, std::span<float> out) {
        std::vector<const brain::TrackFeatures*> rows;
        rows.reserve(to.size());
        for (std::size_t t : to) rows.push_back(&pool.features[t]);
        const auto values = model.score_values(pool.features[from], rows, request.rules);
        std::copy(values.begin(), values.end(), out.begin());
    };
    auto chosen = planner::plan_set(pool.candidates, scorer, request);
    if (!chosen) return chosen.error();
    std::vector<TrackAnalysis> analyses;
    for (std::size_t t : chosen.value().order) {
        auto a = load(pool.candidates[t].path);
        if (!a) {
            failed_tracks.push_back(pool.candidates[t].path);
            return a.error();
        }
        analyses.push_back(std::move(a.value()));
    }
    std::vector<const TrackAnalysis*> ordered;
    for (const auto& a : analyses) ordered.push_back(&a);
    SetTransitionOptions so = options.transitions;
    so.transition.max_tempo_change = request.rules.max_tempo_change;
    std::vector<std::size_t> unplayable;
    auto plan = plan_set_transitions(ordered, so, &unplayable);
    for (std::size_t i : unplayable) {
        too_short.push_back(fmt::format("{} ({}) is too short to play {} between its transitions; the set was planned "
                                        "again without it", printable_path(ordered[i]->path),
                                        mix_time(ordered[i]->duration_s), mix_time(so.need_s(ordered[i]->duration_s))));
        failed_tracks.push_back(ordered[i]->path);
    }
    if (!plan) return plan.error();
    auto& p = plan.value();
    const auto& c = chosen.value();
    p.arc = planner::arc_name(request.arc);
    p.energy_rank = c.energy_rank;
    p.arc_target = c.arc_targets;
    p.seam_score.assign(c.seam_scores.begin(), c.seam_scores.end());
    p.objective_seam = c.objective.seam;
    p.objective_arc = c.objective.arc;
    p.objective_total = c.objective.total;
    p.notes.insert(p.notes.begin(), c.notes.begin(), c.notes.end());
    return plan;
}

}  // namespace

bool same_track_path(const std::string& a, const std::string& b) {
    std::error_code ec;
    return std::filesystem::weakly_canonical(std::filesystem::absolute(a), ec) ==
           std::filesystem::weakly_canonical(std::filesystem::absolute(b), ec);
}

std::optional<std::size_t> SetPool::find(const std::string& track) const {
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        if (same_track_path(candidates[i].path, track)) return i;
    }
    return std::nullopt;
}

bool SetPool::drop(const std::string& track) {
    const auto at = find(track);
    if (!at) return false;
    candidates.erase(candidates.begin() + std::ptrdiff_t(*at));
    features.erase(features.begin() + std::ptrdiff_t(*at));
    durations_s.erase(durations_s.begin() + std::ptrdiff_t(*at));
    return true;
}

Result<SetPlan> plan_set_from_pool(SetPool& pool, const SetEngineOptions& options, const brain::Model& model,
                                   const AnalysisLoader& load, std::vector<std::string>* failures) {
    std::vector<std::string> notes;
    for (int failed_loads = 0;;) {
        std::vector<std::string> failed, too_short;
        auto plan = plan_once(options, pool, model, load, failed, too_short);
        if (plan) {
            plan.value().notes.insert(plan.value().notes.end(), notes.begin(), notes.end());
            return plan;
        }
        // A short track is not a failure: each one leaves the pool for good, so this ends.
        if (failed.empty() || (too_short.empty() && failed_loads++ == kMaxReplans)) return plan.error();
        if (too_short.empty()) {
            if (failures) failures->push_back(plan.error().message);
            notes.push_back(planned_around(failed.front()));
        }
        for (auto& note : too_short) notes.push_back(std::move(note));
        for (const auto& track : failed) {
            if (!pool.drop(track)) return plan.error();
        }
    }
}

Result<RenderedSet> render_set_replanning(SetPlan plan, SetPool* pool, const SetEngineOptions& options,
                                          const brain::Model& model, const AnalysisLoader& load,
                                          const SetRenderOptions& render, std::vector<std::string>* failures) {
    for (int attempt = 0;; ++attempt) {
        RenderedSet out;
        std::size_t failed = SIZE_MAX;
        Error error{""};
        for (std::size_t i = 0; i < plan.tracks.size() && failed == SIZE_MAX; ++i) {
            auto a = load(plan.tracks[i]);
            if (a) {
                out.analyses.push_back(std::move(a.value()));
            } else {
                error = Error{fmt::format("set plan: tracks[{}]: {}", i, a.error().message)};
                failed = i;
            }
        }
        if (failed == SIZE_MAX) {
            std::vector<const TrackAnalysis*> ordered;
            for (auto& a : out.analyses) ordered.push_back(&a);
            auto report = render_set(ordered, plan, render, &failed);
            if (report) {
                out.plan = std::move(plan);
                out.report = std::move(report.value());
                return out;
            }
            if (render.cancel && render.cancel->load()) return report.error();
            error = report.error();
        }
        // Plan again without the track that failed, when the set was planned here.
        if (failed == SIZE_MAX || attempt == kMaxReplans || !pool || pool->candidates.empty()) return error;
        const std::string bad_track = plan.tracks[failed];
        if (!pool->drop(bad_track)) return error;
        if (failures) failures->push_back(error.message);
        auto replanned = plan_set_from_pool(*pool, options, model, load, failures);
        if (!replanned) return replanned.error();
        plan = std::move(replanned.value());
        plan.notes.push_back(planned_around(bad_track));
        if (failures) failures->push_back("set: " + plan.notes.back());
    }
}

}  // namespace minidj
