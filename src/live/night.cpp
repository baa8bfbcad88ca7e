#include "live/night.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace minidj::live {
namespace {

constexpr double kMaxGainDb = 24.0;  // as SetPlan

}  // namespace

Night::Night(const PlayerOptions& options, const brain::Model& model, AnalysisLoader loader, int rate,
             std::vector<PlayableTrack> tracks)
    : options_(options), model_(model), loader_(std::move(loader)), rate_(rate), tracks_(std::move(tracks)) {}

void Night::add_track(PlayableTrack track) {
    std::lock_guard lock(tracks_mutex_);
    tracks_.push_back(std::move(track));
}

Result<Deck> Night::deck_for(std::size_t index, std::optional<double> in_end_s) const {
    std::string path;
    {
        std::lock_guard lock(tracks_mutex_);
        path = tracks_[index].candidate.path;
    }
    Result<TrackAnalysis> analysis = Error{""};
    {
        std::lock_guard lock(loader_mutex_);
        analysis = loader_(path);
    }
    if (!analysis) return analysis.error();
    Deck d;
    d.index = index;
    const double lufs = analysis.value().loudness.integrated_lufs;
    d.gain_db = lufs > -69.0 ? std::clamp(options_.target_lufs - lufs, -kMaxGainDb, kMaxGainDb) : 0.0;
    d.analysis = std::make_shared<const TrackAnalysis>(std::move(analysis.value()));
    d.in_end_s = in_end_s;
    return d;
}

Result<Deck> Night::first_deck() {
    std::size_t first = 0;
    {
        std::lock_guard lock(tracks_mutex_);
        if (tracks_.empty()) return Error{"play: no track to play"};
        std::optional<std::size_t> chosen;
        if (options_.start) {
            for (std::size_t i = 0; i < tracks_.size() && !chosen; ++i) {
                if (same_track_path(tracks_[i].candidate.path, *options_.start)) chosen = i;
            }
            if (!chosen) return Error{fmt::format("play: {} is not among the tracks to play", printable_path(*options_.start))};
        } else {
            std::vector<planner::SetCandidate> rows;
            for (const auto& t : tracks_) rows.push_back(t.candidate);
            const auto rank = planner::energy_ranks(rows);
            const double want = planner::arc_target(options_.arc, 0.0);
            chosen = std::size_t(std::min_element(rank.begin(), rank.end(), [&](double x, double y) {
                                     return std::abs(x - want) < std::abs(y - want);
                                 }) - rank.begin());
        }
        first = *chosen;
    }
    auto deck = deck_for(first, std::nullopt);
    if (deck) played(first);
    return deck;
}

std::optional<planner::NextTrack> Night::choose_after(std::size_t from, double position, double bias) {
    std::lock_guard lock(tracks_mutex_);
    std::vector<planner::SetCandidate> rows;
    for (const auto& t : tracks_) rows.push_back(t.candidate);
    planner::NextTrackRequest request;
    request.from = from;
    request.rules = options_.rules;
    request.energy_target = std::clamp(planner::arc_target(options_.arc, position) + bias, 0.0, 1.0);
    // Nothing played recently: every track once, then the older half of the night again.
    const std::size_t recent = history_.size() < tracks_.size() ? history_.size() : tracks_.size() / 2;
    request.available.assign(tracks_.size(), true);
    for (std::size_t k = 0; k < recent; ++k) request.available[history_[history_.size() - 1 - k]] = false;
    const auto scorer = [&](std::size_t a, std::span<const std::size_t> to, std::span<float> out) {
        std::vector<const brain::TrackFeatures*> candidates;
        for (std::size_t t : to) candidates.push_back(&tracks_[t].features);
        const auto values = model_.score_values(tracks_[a].features, candidates, options_.rules);
        std::copy(values.begin(), values.end(), out.begin());
    };
    return planner::choose_next_track(rows, scorer, request);
}

void Night::played(std::size_t index) {
    std::lock_guard lock(tracks_mutex_);
    history_.push_back(index);
}

Result<PreparedPiece> Night::prepare_transition(const Deck& a, std::int64_t a_first, std::size_t b_index,
                                                TransitionKind kind, double from_s) const {
    auto b = deck_for(b_index, std::nullopt);
    if (!b) return b.error();
    SetTransitionOptions to = options_.transitions;
    LiveTransitionRequest request;
    request.a_in_end_s = a.in_end_s;
    request.earliest_out_s = from_s;
    request.gain_a_db = a.gain_db;
    request.gain_b_db = b.value().gain_db;
    if (kind != TransitionKind::kPlanned) request.out_from_s = from_s;
    if (kind == TransitionKind::kSkip) {  // an echo-out: A's last bar echoes, B starts on the next downbeat
        to.transition.style = MixStyle::kEchoOut;
        to.transition.bars = 1;
        request.phrase_bars = 1;
    }
    auto plan = plan_live_transition(*a.analysis, *b.value().analysis, to, request);
    if (!plan && kind == TransitionKind::kPlanned) {  // no room left for a blend: leave on the next bar
        to.transition.style = MixStyle::kCut;
        request.out_from_s = from_s;
        request.phrase_bars = 1;
        plan = plan_live_transition(*a.analysis, *b.value().analysis, to, request);
    }
    if (!plan) return plan.error();
    auto piece = MixPiece::transition(*a.analysis, *b.value().analysis, plan.value(), options_.engine, rate_, a_first);
    if (!piece) return piece.error();
    if (auto s = piece.value()->warm(0); !s) return s.error();
    b.value().in_end_s = incoming_end_s(plan.value());
    return PreparedPiece{std::move(piece.value()), std::move(b.value()), {}};
}

Result<PreparedPiece> Night::prepare_solo(const Deck& deck, std::int64_t first) const {
    auto piece = MixPiece::solo(*deck.analysis, deck.gain_db, rate_, first);
    if (!piece) return piece.error();
    if (auto s = piece.value()->warm(0); !s) return s.error();
    return PreparedPiece{std::move(piece.value()), std::nullopt, {}};
}

}  // namespace minidj::live
