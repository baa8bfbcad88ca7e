// What comes next, decided on the player's thread: the commands, the pieces asked of the
// workers (a transition, a track alone after its transition, a loop), and where each one
// takes over from the piece playing.
#include <fmt/format.h>

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cmath>

#include "live/player_impl.h"
#include "minidj/json_text.h"

namespace minidj::live {
namespace {

// A stretched transition is read, fitted and stretched in about 1-3 s on one core; this
// leaves room for a busy machine (figures: docs/live.md).
constexpr double kTransitionLeadS = 6.0;
constexpr double kSkipLeadS = 1.5;  // an echo-out stretches nothing
constexpr double kLoopLeadS = 1.0;  // a track alone is opened and decoded ahead in milliseconds
constexpr double kEnergyStep = 0.15;
constexpr double kRetryS = 2.0;
constexpr int kWorkerNice = 10;

double rounded(double v) { return std::round(v * 1000.0) / 1000.0; }

// Workers read and stretch at a lower priority than the player's own thread, so that on a busy
// machine the ring is kept full first (Linux: a thread's nice value is its own, and the
// stretcher's threads inherit it).
void yield_to_the_player() { setpriority(PRIO_PROCESS, pid_t(syscall(SYS_gettid)), kWorkerNice); }

double lead_for(TransitionKind kind) { return kind == TransitionKind::kSkip ? kSkipLeadS : kTransitionLeadS; }

// The phrase to loop at time t: from the phrase start before the next one after t (phrases as
// the structure counts them, 8 bars from each section's start) to that next one; after the last
// phrase start, the kPhraseBars bars that end on the next downbeat after t (the track's last bars).
std::optional<std::pair<double, double>> phrase_around(const TrackAnalysis& track, double t) {
    const auto phrases = track.structure.phrases.empty() ? phrase_starts({}, track.grid.downbeats, kPhraseBars)
                                                         : track.structure.phrases;
    for (std::size_t e = 1; e < phrases.size(); ++e) {
        if (phrases[e] > t && phrases[e - 1] >= 0) return std::pair{phrases[e - 1], phrases[e]};
    }
    const auto& d = track.grid.downbeats;
    for (std::size_t e = kPhraseBars; e < d.size(); ++e) {
        if (d[e] > t) return std::pair{d[e - kPhraseBars], d[e]};
    }
    return std::nullopt;
}

}  // namespace

// Deck A of the current piece plays natively now and for at least `lead_s` more.
bool Player::Impl::in_a_body(double lead_s) const {
    const MixPiece& piece = stream->current();
    return stream->position() + std::int64_t(lead_s * rate) + kJoinFrames < piece.a_native_end();
}

// A future of std::async waits for its work when destroyed: an abandoned job is kept until it
// has finished, so that the player's thread never waits for a worker.
void Player::Impl::retire_job() {
    if (job) abandoned.push_back(std::move(*job));
    job.reset();
}

void Player::Impl::start_job(Job next) {
    retire_job();
    job = std::move(next);
}

void Player::Impl::drop_pending() {
    ++generation;
    stream->cancel_switch();
    if (!stream->switch_pending()) {
        pending = {};
        pending_is_loop = false;
    }
}

void Player::Impl::handle(Command command, double received_at) {
    nlohmann::json event{{"event", "control"}, {"command", command_name(command)}, {"at", rounded(received_at)}};
    switch (command) {
    case Command::kPause:
        paused = !paused;
        device->set_paused(paused);
        event["paused"] = paused;
        break;
    case Command::kQuit:
        quitting = true;
        quit_from = stream->frames_out();
        if (paused) device->set_paused(paused = false);
        event["fades_until"] = rounded(out_s() + 2.0);
        break;
    case Command::kHold:
        held = !held;
        event["held"] = held;
        if (!held && (pending_is_loop || (job && job->loop))) drop_pending(), retire_job();
        if (held && !pending_is_loop && in_a_body(kLoopLeadS)) drop_pending(), retire_job();
        break;
    case Command::kNext:
    case Command::kSkip: {
        held = false;
        const auto kind = command == Command::kNext ? TransitionKind::kNextNow : TransitionKind::kSkip;
        if (in_a_body(lead_for(kind))) {
            request_transition(kind, command);
        } else if (kind == TransitionKind::kNextNow && stream->current().is_transition()) {
            event["note"] = "already mixing into the next track";
        } else {
            deferred = command;
            event["note"] = "a transition is under way: the next track is skipped once it has taken over";
        }
        break;
    }
    case Command::kEnergyUp:
    case Command::kEnergyDown:
        bias = std::clamp(bias + (command == Command::kEnergyUp ? kEnergyStep : -kEnergyStep), -0.5, 0.5);
        event["energy_bias"] = rounded(bias);
        // The next track is chosen again, unless its transition is about to start.
        if (!held && in_a_body(kTransitionLeadS)) {
            if (stream->current().is_transition() || job || stream->switch_pending()) {
                request_transition(TransitionKind::kPlanned, command);
            }
        }
        break;
    }
    emit(std::move(event));
}

void Player::Impl::request_transition(TransitionKind kind, std::optional<Command> cause) {
    drop_pending();
    const MixPiece& piece = stream->current();
    Job next;
    next.generation = generation;
    next.kind = kind;
    next.cause = cause;
    next.a = current.a;
    const std::int64_t a_first = piece.a_first_frame() + stream->position();
    const double from_s = double(a_first) / rate + lead_for(kind);
    // n and s keep the track already chosen; the night going on (or + / -) chooses again.
    std::optional<std::size_t> keep;
    if (kind != TransitionKind::kPlanned && piece.is_transition() && current.b) keep = current.b->index;
    const double position = out_s() / options.length_s.value_or(3600.0);
    Night* n = night.get();
    const Deck a = current.a;
    const double wanted_bias = bias;
    next.result = std::async(std::launch::async, [n, a, a_first, keep, kind, from_s, position, wanted_bias]()
                                                     -> Result<PreparedPiece> {
        yield_to_the_player();
        std::size_t b = 0;
        std::string reason;
        if (keep) {
            b = *keep;
            reason = "asked for";
        } else {
            const auto choice = n->choose_after(a.index, std::fmod(position, 1.0), wanted_bias);
            if (!choice) return Error{"play: no other track to play"};
            b = choice->index;
            reason = choice->reason;
        }
        auto prepared = n->prepare_transition(a, a_first, b, kind, from_s);
        if (prepared) prepared.value().reason = reason;
        return prepared;
    });
    start_job(std::move(next));
}

// A transition's B, alone at its own speed from where the transition leaves it.
void Player::Impl::request_handoff() {
    const MixPiece& piece = stream->current();
    Job next;
    next.generation = generation;
    next.how = Job::Switch::kFixed;
    next.at = piece.frames() - kJoinFrames;
    next.from = 0;
    next.a = *current.b;
    Night* n = night.get();
    const Deck b = *current.b;
    const std::int64_t first = piece.b_end_frame() - kJoinFrames;
    next.result = std::async(std::launch::async, [n, b, first] {
        yield_to_the_player();
        return n->prepare_solo(b, first);
    });
    start_job(std::move(next));
}

// Held: back to the start of the phrase playing, on its last downbeat.
bool Player::Impl::request_loop() {
    const MixPiece& piece = stream->current();
    const double now_s = double(piece.a_first_frame() + stream->position()) / rate;
    const auto phrase = phrase_around(*current.a.analysis, now_s + kLoopLeadS);
    if (!phrase) return false;
    const std::int64_t start = std::llround(phrase->first * rate), end = std::llround(phrase->second * rate);
    const std::int64_t at = end - kJoinFrames - piece.a_first_frame();
    if (at < stream->position()) return false;
    drop_pending();
    Job next;
    next.generation = generation;
    next.loop = true;
    next.a = current.a;
    Night* n = night.get();
    const Deck a = current.a;
    std::int64_t first = start - kJoinFrames;
    if (at + kJoinFrames > piece.a_native_end()) {
        // The transition would come first: A goes on alone from here, and loops from there.
        first = piece.a_first_frame() + stream->position();
    } else {
        next.how = Job::Switch::kFixed;
        next.at = at;
        next.from = 0;
    }
    next.result = std::async(std::launch::async, [n, a, first] {
        yield_to_the_player();
        return n->prepare_solo(a, first);
    });
    start_job(std::move(next));
    return true;
}

bool Player::Impl::night_is_over() const {
    if (options.tracks && summary.tracklist.size() >= *options.tracks) return true;
    if (!options.length_s) return false;
    // This track, played out, reaches the length asked for.
    const MixPiece& piece = stream->current();
    return out_s() + double(piece.frames() - stream->position()) / rate >= *options.length_s;
}

void Player::Impl::plan_ahead() {
    if (quitting) return;
    const MixPiece& piece = stream->current();
    if (held && !pending_is_loop && !(job && job->loop) && in_a_body(kLoopLeadS)) {
        request_loop();
        return;
    }
    if (job || stream->switch_pending()) return;
    if (piece.is_transition()) {
        if (current.b) request_handoff();
        return;
    }
    if (held || last_track) return;
    if (out_s() < retry_at_s) return;
    if (deferred && in_a_body(lead_for(TransitionKind::kNextNow))) {
        const Command c = *deferred;
        deferred.reset();
        request_transition(c == Command::kSkip ? TransitionKind::kSkip : TransitionKind::kNextNow, c);
        return;
    }
    if (night_is_over()) {
        last_track = true;
        emit({{"event", "note"}, {"at", rounded(out_s())}, {"note", "the last track plays out"}});
        return;
    }
    if (in_a_body(kSkipLeadS)) request_transition(TransitionKind::kPlanned, std::nullopt);
}

void Player::Impl::collect_job() {
    std::erase_if(abandoned, [](const Job& j) {
        return j.result.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
    });
    if (!job || job->result.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return;
    Job done = std::move(*job);
    job.reset();
    auto prepared = done.result.get();
    if (done.generation != generation) return;  // asked for before a later command
    if (!prepared) {
        job_failed(done, prepared.error());
        return;
    }
    place(done, prepared.value());
}

void Player::Impl::job_failed(const Job& done, const Error& error) {
    emit({{"event", "note"}, {"at", rounded(out_s())}, {"note", error.message}});
    if (done.loop) return;  // held: plan_ahead asks again
    if (done.how == Job::Switch::kFixed) stop_with = error;  // the track after a transition
    // The night goes on by itself; again a little later (tracks still being analysed may join,
    // a later cue may fit). A track that runs out meanwhile ends the night.
    retry_at_s = out_s() + kRetryS;
    if (done.cause == Command::kNext || done.cause == Command::kSkip) deferred = done.cause;  // still wanted
}

// Where the prepared piece takes over: at its fixed point, or now, on A's audio in both pieces.
void Player::Impl::place(const Job& done, PreparedPiece& p) {
    const MixPiece& piece = stream->current();
    std::int64_t at = done.at, from = done.from;
    if (done.how == Job::Switch::kAsap) {
        at = stream->position();
        from = piece.a_first_frame() + at - p.piece->a_first_frame();
        if (at + kJoinFrames > piece.a_native_end() || from < 0 || from + kJoinFrames > p.piece->a_native_end()) {
            // Prepared too late for its cue: again, further on (held: plan_ahead asks again).
            if (!done.loop) request_transition(done.kind, done.cause);
            return;
        }
    }
    const std::int64_t switch_out = stream->frames_out() + (at - stream->position());
    nlohmann::json event;
    if (p.piece->is_transition()) {
        const MixPiece& next = *p.piece;
        event = {{"event", "transition_planned"},
                 {"at", rounded(out_s())},
                 {"starts_at", rounded(double(switch_out - from + next.transition_start()) / rate)},
                 {"style", style_name(next.plan()->style)},
                 {"bars", next.plan()->bars},
                 {"reason", p.reason},
                 {"prepared_in", rounded(std::chrono::duration<double>(std::chrono::steady_clock::now() - done.asked).count())}};
        put_path(event, "from", current.a.analysis->path);
        put_path(event, "to", p.incoming->analysis->path);
        if (done.cause) event["cause"] = command_name(*done.cause);
    }
    if (auto s = stream->switch_at(at, std::move(p.piece), from); !s) {
        emit({{"event", "note"}, {"at", rounded(out_s())}, {"note", s.error().message}});
        return;
    }
    pending = {done.a, std::move(p.incoming), p.reason};
    pending_is_loop = done.loop;
    if (!event.is_null()) emit(std::move(event));
}

}  // namespace minidj::live
