#pragma once
// The player's musical side, without threads or audio devices: the tracks it may choose from,
// what has been played, the energy wanted now, and the preparation of pieces (mix_stream.h):
// the next transition (chosen by the Brain and the arc, planned by the set's rules or at the
// phrase a user asked for), a track alone after its transition, a loop of a phrase.

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "minidj/live.h"
#include "minidj/mix_stream.h"

namespace minidj::live {

/// A track as it plays: its analysis, where its incoming transition ended and its gain.
struct Deck {
    std::size_t index = 0;  ///< in the night's tracks
    std::shared_ptr<const TrackAnalysis> analysis;
    std::optional<double> in_end_s;  ///< none for the night's first track
    double gain_db = 0.0;
};

/// How the next transition is asked for.
enum class TransitionKind {
    kPlanned,  ///< by the set's rules (the night going on by itself; also after + / -)
    kNextNow,  ///< n: at the first phrase start from `from_s`
    kSkip,     ///< s: an echo-out at the first bar from `from_s`
};

/// A prepared piece, and the track it brings in (transitions).
struct PreparedPiece {
    std::unique_ptr<MixPiece> piece;
    std::optional<Deck> incoming;
    std::string reason;  ///< why the incoming track was chosen
};

class Night {
public:
    Night(const PlayerOptions& options, const brain::Model& model, AnalysisLoader loader, int rate,
          std::vector<PlayableTrack> tracks);

    void add_track(PlayableTrack track);

    /// The first track: --start, else the one whose energy fits the arc's start best.
    Result<Deck> first_deck();
    /// The next track after `from` for the energy wanted at `position` (0..1 of the night) and
    /// `bias`, leaving out what was played recently.
    std::optional<planner::NextTrack> choose_after(std::size_t from, double position, double bias);
    void played(std::size_t index);

    /// Worker side. The transition from `a` (deck A from its source frame `a_first`) into
    /// `b_index` (chosen by the caller), of `kind`, leaving no earlier than `from_s` (A time).
    Result<PreparedPiece> prepare_transition(const Deck& a, std::int64_t a_first, std::size_t b_index,
                                             TransitionKind kind, double from_s) const;
    /// `deck` alone from its source frame `first` (warmed there).
    Result<PreparedPiece> prepare_solo(const Deck& deck, std::int64_t first) const;

    int rate() const { return rate_; }
    const PlayerOptions& options() const { return options_; }

private:
    Result<Deck> deck_for(std::size_t index, std::optional<double> in_end_s) const;

    PlayerOptions options_;
    const brain::Model& model_;
    AnalysisLoader loader_;
    int rate_;
    mutable std::mutex tracks_mutex_, loader_mutex_;
    std::vector<PlayableTrack> tracks_;
    std::vector<std::size_t> history_;  // indices in play order
};

}  // namespace minidj::live
