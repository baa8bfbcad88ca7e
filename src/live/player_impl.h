#pragma once
// Player::Impl: the player's state, owned by its thread (the rest of the world talks to it
// through the command queue, the event list and the status, each behind its own mutex).

#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>

#include "live/audio_device.h"
#include "live/night.h"
#include "live/night_recording.h"
#include "minidj/live.h"
#include "minidj/mix_stream.h"

namespace minidj::live {

/// A piece as the night knows it: whose decks it plays.
struct PieceDecks {
    Deck a;
    std::optional<Deck> b;  ///< transitions
    std::string reason;     ///< why b was chosen
    bool started_sent = false, track_sent = false;
};

/// A piece being prepared on a worker, and where it will take over.
struct Job {
    enum class Switch { kAsap, kFixed } how = Switch::kAsap;
    bool loop = false;
    std::int64_t at = 0, from = 0;  // kFixed: the current piece's frame, the new piece's frame
    std::uint64_t generation = 0;
    TransitionKind kind = TransitionKind::kPlanned;
    std::optional<Command> cause;
    Deck a;  // deck A of the piece; its B (transitions) comes with the prepared piece
    std::chrono::steady_clock::time_point asked = std::chrono::steady_clock::now();
    std::future<Result<PreparedPiece>> result;
};

struct Player::Impl {
    PlayerOptions options;
    std::unique_ptr<AudioDevice> device;
    std::unique_ptr<Night> night;
    std::unique_ptr<NightRecording> recording;
    std::unique_ptr<MixStream> stream;
    std::unique_ptr<MixLimiter> limiter;
    int rate = 48000;

    // The player thread's own.
    PieceDecks current, pending;
    bool pending_is_loop = false;
    std::optional<Job> job;
    std::vector<Job> abandoned;  // asked for before a later command; dropped once finished
    std::optional<Error> stop_with;
    std::uint64_t generation = 0;
    std::optional<Command> deferred;  // n or s asked for during a transition
    bool held = false, paused = false, quitting = false, last_track = false;
    double bias = 0.0;
    double retry_at_s = 0.0;  // no transition could be prepared: ask again from here (night time)
    std::int64_t quit_from = 0;
    std::uint64_t underruns_seen = 0;
    std::chrono::steady_clock::time_point started_at = std::chrono::steady_clock::now();
    PlayerSummary summary;
    std::vector<double> durations;
    std::vector<float> block, limited;

    // Shared with other threads.
    std::thread thread;
    std::atomic<bool> stop{false};
    mutable std::mutex commands_mutex, events_mutex, status_mutex, done_mutex;
    std::vector<std::pair<Command, double>> commands;
    std::vector<nlohmann::json> events;
    PlayerStatus status;
    std::condition_variable done_cv;
    bool done = false;
    std::optional<Error> failure;

    // player_loop.cpp
    void run();
    Status play();
    Status send(std::size_t frames);
    void after_render();
    void report_seam(const MixPiece& piece, std::int64_t offset);
    void announce_track(const Deck& b, double at);
    void publish_status();
    void emit(nlohmann::json event);
    double out_s() const;
    double heard_s() const;

    // player_steps.cpp: what comes next
    void handle(Command command, double received_at);
    void collect_job();
    void job_failed(const Job& done, const Error& error);
    void place(const Job& done, PreparedPiece& prepared);
    void plan_ahead();
    bool in_a_body(double lead_s) const;
    void request_transition(TransitionKind kind, std::optional<Command> cause);
    void request_handoff();
    bool request_loop();
    void drop_pending();
    void retire_job();
    void start_job(Job next);
    bool night_is_over() const;
};

}  // namespace minidj::live
