#pragma once
/// @file live.h
/// The live player behind `minidj play`: the set engine (set_planner.h chooses, set.h plans
/// each transition, mix_stream.h renders) playing to a sound card in real time, one track after
/// another, chosen as the night goes and steered by commands.
///
/// Threads: the player's own thread renders ahead into a lock-free ring that PortAudio's
/// callback reads (the callback never blocks, allocates or locks); transitions are chosen and
/// prepared (read and stretched) on worker threads tens of seconds before they start. Every
/// public function may be called from any thread.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "minidj/analysis.h"
#include "minidj/brain.h"
#include "minidj/render.h"
#include "minidj/result.h"
#include "minidj/set.h"
#include "minidj/set_engine.h"
#include "minidj/set_planner.h"

namespace minidj::live {

/// An audio output PortAudio offers.
struct OutputDevice {
    int index = 0;
    std::string name, host_api;  ///< "pulse", "ALSA"; "JACK Audio Connection Kit"
    int channels = 0;
    double default_rate = 0.0;
    bool is_default = false;
};
Result<std::vector<OutputDevice>> list_output_devices();

/// One track the player may choose: its planner row and its Brain row.
struct PlayableTrack {
    planner::SetCandidate candidate;
    brain::TrackFeatures features;
};

/// The full analysis of a chosen track (set_engine.h). The player calls it from worker
/// threads, one call at a time.
using AnalysisLoader = minidj::AnalysisLoader;

struct PlayerOptions {
    std::string device;       ///< "" default output; "jack"; a name (or part of it) or index
    double buffer_ms = 20.0;  ///< the sound card's buffer
    double ring_s = 0.75;     ///< audio rendered ahead of the sound card
    std::optional<double> length_s;     ///< stop after about this long (the last track plays out)
    std::optional<std::size_t> tracks;  ///< or after this many tracks
    std::optional<std::string> start;   ///< the first track's path (else chosen by the arc)
    planner::EnergyArc arc = planner::EnergyArc::kPeak;  ///< over length_s, else over an hour
    brain::Rulebook rules;
    SetTransitionOptions transitions;   ///< bars, style, tempo limit, minimum play time
    StretchEngine engine = StretchEngine::kFinerShort;
    double target_lufs = -14.0;         ///< every track is brought to this loudness
    std::filesystem::path record;       ///< write what is played here too (empty: no)
};

/// What a user (keys) or a program (lines on stdin) asks of the player.
enum class Command {
    kNext,        ///< n: mix into the next track at the next phrase start
    kSkip,        ///< s: echo out into the next track at the next bar
    kHold,        ///< h: stay on this track (loop its phrase) until h again
    kEnergyUp,    ///< +: the upcoming tracks are chosen with more energy
    kEnergyDown,  ///< -
    kPause,       ///< space: pause / resume with a short fade
    kQuit,        ///< q: fade out and stop
};
/// "n", "next", "s", "skip", "h", "hold", "+", "up", "-", "down", " ", "pause", "q", "quit".
std::optional<Command> parse_command(const std::string& word);
std::string command_name(Command command);

/// What the status line shows.
struct PlayerStatus {
    std::string now, next;        ///< paths; next is empty until chosen
    double bpm = 0.0;
    std::string key;              ///< Camelot code of what plays now
    std::optional<double> transition_in_s;  ///< until the next transition starts, when planned
    std::string reason;           ///< why the next track was chosen
    double played_s = 0.0;        ///< audio played so far
    double energy_bias = 0.0;
    bool held = false, paused = false, transition_under_way = false;
    std::uint64_t underruns = 0;
};

/// The report of a whole night: what was played, and each seam as measured.
struct PlayerSummary {
    double played_s = 0.0;
    std::vector<TracklistEntry> tracklist;  ///< as it happened (skips and holds included)
    std::vector<MixReport> seams;
    std::uint64_t underruns = 0;
    std::string device;
    int sample_rate = 0;
};

class Player {
public:
    /// Opens the device and starts playing `first_tracks` (more may come with add_track), the
    /// first track at once, alone, while its first transition is prepared. Errors: a device that
    /// is missing or busy ("play: ..."), no track, a recording that cannot be written.
    static Result<std::unique_ptr<Player>> start(PlayerOptions options, std::vector<PlayableTrack> first_tracks,
                                                 const brain::Model& model, AnalysisLoader loader);
    ~Player();  ///< stops at once (no fade) if still playing

    /// A track analysed since the start joins the candidates.
    void add_track(PlayableTrack track);
    void command(Command command);

    /// Waits up to `timeout_s` for the night to end (length reached, last track over, quit, or
    /// a fatal error); true when it has.
    bool wait(double timeout_s);
    /// After wait(): the summary, or the error that stopped the night.
    Result<PlayerSummary> finish();

    PlayerStatus status() const;
    /// Events since the last call, one JSON object each, {"event": ..., "at": seconds into the
    /// night's audio}: audio_started (after_s: since start()), track_started,
    /// transition_planned (starts_at, the cause when a command asked for it, prepared_in: the
    /// seconds it took to choose and prepare), transition_started, transition_ended (the seam's
    /// figures as measured on the decks' audio), control (a command, when it was heard),
    /// underrun, note, stopped. Events are sent as the audio is rendered, up to a ring's length
    /// (0.75 s) before it is heard; control's "at" is what had been heard.
    std::vector<nlohmann::json> take_events();

    struct Impl;

private:
    explicit Player(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace minidj::live
