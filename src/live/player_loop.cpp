// The player's thread: renders the stream block by block into the sound card's ring, a little
// ahead of what is heard, and tells the world what happened (events, status).
#include <fmt/format.h>

#include <chrono>
#include <cmath>

#include "live/player_impl.h"
#include "minidj/json_text.h"

namespace minidj::live {
namespace {

constexpr std::size_t kBlock = 512;
constexpr double kStartFillS = 0.25;  // rendered before the sound card starts
constexpr double kQuitFadeS = 2.0;

double rounded(double v) { return std::round(v * 1000.0) / 1000.0; }

nlohmann::json seam_json(const MixReport& r) {
    return {{"style", r.style},
            {"phase_error_median_ms", rounded(r.phase_error_median_ms)},
            {"phase_error_max_ms", rounded(r.phase_error_max_ms)},
            {"phase_offset_ms", rounded(r.phase_offset_ms)},
            {"beats_measured", r.beats_measured},
            {"downbeats_aligned", r.downbeats_aligned},
            {"bpm_a", rounded(r.bpm_a)},
            {"bpm_b", rounded(r.bpm_b)}};
}

}  // namespace

double Player::Impl::out_s() const { return double(stream->frames_out()) / rate; }
double Player::Impl::heard_s() const { return double(device->frames_played()) / rate; }

void Player::Impl::emit(nlohmann::json event) {
    std::lock_guard lock(events_mutex);
    events.push_back(std::move(event));
}

void Player::Impl::run() {
    auto status = play();
    std::lock_guard lock(done_mutex);
    if (!status) failure = status.error();
    done = true;
    done_cv.notify_all();
}

Status Player::Impl::play() {
    bool started = false;
    while (!stop.load()) {
        {
            std::vector<std::pair<Command, double>> todo;
            {
                std::lock_guard lock(commands_mutex);
                todo.swap(commands);
            }
            for (auto [command, at] : todo) handle(command, at);
        }
        collect_job();
        if (stop_with) return *stop_with;
        plan_ahead();
        const std::size_t room = device->ring().capacity() - device->ring().filled();
        if (started && room < 2 * kBlock) {
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
            continue;
        }
        if (quitting && out_s() - double(quit_from) / rate >= kQuitFadeS) break;
        auto n = stream->render(block.data(), kBlock);
        if (!n) return n.error();
        if (n.value() == 0) break;  // the last track has played out
        if (auto s = send(n.value()); !s) return s;
        after_render();
        if (!started && device->ring().filled() >= std::size_t(kStartFillS * rate)) {
            if (auto s = device->start(); !s) return s;
            started = true;
            const double after = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_at).count();
            emit({{"event", "audio_started"},
                  {"at", 0.0},
                  {"after_s", rounded(after)},
                  {"output_latency_ms", rounded(1000.0 * device->output_latency_s())},
                  {"ring_ms", rounded(1000.0 * double(device->ring().capacity()) / rate)}});
        }
    }
    limited.clear();
    limiter->finish(limited);
    device->ring().write(limited.data(), limited.size() / 2);
    if (recording) {
        if (auto s = recording->write(limited.data(), limited.size() / 2); !s) return s;
    }
    if (!started) {
        if (auto s = device->start(); !s) return s;
        emit({{"event", "audio_started"}, {"at", 0.0}});
    }
    device->set_draining();
    while (!stop.load() && device->ring().filled() > 0 && !device->paused()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    summary.played_s = out_s();
    summary.underruns = device->underruns();
    publish_status();
    if (recording) {
        if (auto s = recording->finish(summary, durations); !s) return s;
    }
    emit({{"event", "stopped"}, {"at", rounded(out_s())}, {"underruns", summary.underruns}});
    return Ok{};
}

// The rendered block through the quit fade and the limiter into the ring and the recording.
Status Player::Impl::send(std::size_t frames) {
    if (quitting) {
        const double fade = kQuitFadeS * rate;
        const std::int64_t first = stream->frames_out() - std::int64_t(frames);
        for (std::size_t k = 0; k < frames; ++k) {
            const auto g = float(std::clamp(1.0 - double(first + std::int64_t(k) - quit_from) / fade, 0.0, 1.0));
            block[2 * k] *= g;
            block[2 * k + 1] *= g;
        }
    }
    limited.clear();
    limiter->process(block.data(), frames, limited);
    for (std::size_t sent = 0; sent < limited.size() / 2 && !stop.load();) {
        sent += device->ring().write(limited.data() + 2 * sent, limited.size() / 2 - sent);
        if (sent < limited.size() / 2) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    if (recording) return recording->write(limited.data(), limited.size() / 2);
    return Ok{};
}

// What the stream just passed: joins completed (a seam's report), transitions started, tracks
// taking over, underruns.
void Player::Impl::after_render() {
    for (auto& finished : stream->take_finished()) {
        const MixPiece& piece = *finished.piece;
        if (piece.is_transition() && current.b && finished.left_at >= piece.overlap_end()) {
            report_seam(piece, finished.offset);
        }
        current = std::move(pending);
        pending = {};
        pending_is_loop = false;
    }
    const MixPiece& piece = stream->current();
    const std::int64_t out = stream->frames_out(), offset = stream->current_offset();
    if (piece.is_transition() && current.b) {
        if (!current.started_sent && out >= offset + piece.transition_start()) {
            current.started_sent = true;
            const auto* plan = piece.plan();
            nlohmann::json event{{"event", "transition_started"},
                                 {"at", rounded(double(offset + piece.transition_start()) / rate)},
                                 {"style", style_name(plan->style)},
                                 {"bars", plan->bars},
                                 {"bpm_a", rounded(plan->bpm_a)},
                                 {"bpm_b", rounded(plan->bpm_b)}};
            put_path(event, "from", current.a.analysis->path);
            put_path(event, "to", current.b->analysis->path);
            emit(std::move(event));
        }
        if (!current.track_sent && out >= offset + piece.overlap_end()) {
            current.track_sent = true;
            announce_track(*current.b, double(offset + piece.overlap_end()) / rate);
        }
    }
    if (const auto u = device->underruns(); u != underruns_seen) {
        emit({{"event", "underrun"}, {"at", rounded(heard_s())}, {"count", u - underruns_seen}, {"total", u}});
        underruns_seen = u;
    }
    publish_status();
}

// A transition played through: its report, measured on what each deck put into the mix.
void Player::Impl::report_seam(const MixPiece& piece, std::int64_t offset) {
    MixReport report;
    piece.fill_report(*current.a.analysis, *current.b->analysis, double(offset) / rate, report);
    auto event = seam_json(report);
    event["event"] = "transition_ended";
    event["at"] = rounded(out_s());
    put_path(event, "from", current.a.analysis->path);
    put_path(event, "to", current.b->analysis->path);
    emit(std::move(event));
    summary.seams.push_back(std::move(report));
}

// B has taken over: the tracklist, the history of the night, the event.
void Player::Impl::announce_track(const Deck& b, double at) {
    summary.tracklist.push_back({b.analysis->path, at});
    durations.push_back(b.analysis->duration_s);
    night->played(b.index);
    nlohmann::json event{{"event", "track_started"}, {"at", rounded(at)}, {"bpm", rounded(b.analysis->grid.bpm)},
                         {"reason", current.reason}};
    put_path(event, "path", b.analysis->path);
    emit(std::move(event));
}

void Player::Impl::publish_status() {
    PlayerStatus s;
    const MixPiece& piece = stream->current();
    const bool b_took_over = piece.is_transition() && current.track_sent;
    const Deck& now = b_took_over && current.b ? *current.b : current.a;
    s.now = now.analysis->path;
    s.bpm = now.analysis->grid.bpm;
    s.key = now.analysis->key.key ? now.analysis->key.key->camelot() : "";
    if (piece.is_transition() && current.b && !b_took_over) {
        s.next = current.b->analysis->path;
        s.reason = current.reason;
        const double starts = double(stream->current_offset() + piece.transition_start()) / rate;
        s.transition_under_way = current.started_sent;
        if (!current.started_sent) s.transition_in_s = std::max(0.0, starts - heard_s());
    }
    s.played_s = heard_s();
    s.energy_bias = bias;
    s.held = held;
    s.paused = paused;
    s.underruns = device->underruns();
    std::lock_guard lock(status_mutex);
    status = std::move(s);
}

// ---- the public side --------------------------------------------------------------------

Player::Player(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Player::~Player() {
    impl_->stop.store(true);
    if (impl_->thread.joinable()) impl_->thread.join();
    impl_->device->stop();
}

Result<std::unique_ptr<Player>> Player::start(PlayerOptions options, std::vector<PlayableTrack> first_tracks,
                                              const brain::Model& model, AnalysisLoader loader) {
    auto impl = std::make_unique<Impl>();
    auto device = AudioDevice::open(options.device, options.buffer_ms, options.ring_s);
    if (!device) return device.error();
    impl->device = std::move(device.value());
    impl->rate = impl->device->sample_rate();
    impl->options = options;
    impl->night = std::make_unique<Night>(options, model, std::move(loader), impl->rate, std::move(first_tracks));
    auto first = impl->night->first_deck();
    if (!first) return first.error();
    if (!options.record.empty()) {
        auto recording = NightRecording::open(options.record, impl->rate);
        if (!recording) return recording.error();
        impl->recording = std::move(recording.value());
    }
    auto piece = impl->night->prepare_solo(first.value(), 0);
    if (!piece) return piece.error();
    impl->stream = std::make_unique<MixStream>(std::move(piece.value().piece));
    impl->limiter = std::make_unique<MixLimiter>(impl->rate);
    impl->block.resize(2 * kBlock);
    impl->current.a = first.value();
    impl->summary.device = impl->device->name();
    impl->summary.sample_rate = impl->rate;
    impl->summary.tracklist.push_back({first.value().analysis->path, 0.0});
    impl->durations.push_back(first.value().analysis->duration_s);
    nlohmann::json event{{"event", "track_started"}, {"at", 0.0}, {"bpm", rounded(first.value().analysis->grid.bpm)},
                         {"reason", "opens the night"}, {"device", impl->device->name()}, {"sample_rate", impl->rate}};
    put_path(event, "path", first.value().analysis->path);
    impl->emit(std::move(event));
    impl->publish_status();
    auto* raw = impl.get();
    impl->thread = std::thread([raw] { raw->run(); });
    return std::unique_ptr<Player>(new Player(std::move(impl)));
}

void Player::add_track(PlayableTrack track) { impl_->night->add_track(std::move(track)); }

void Player::command(Command command) {
    std::lock_guard lock(impl_->commands_mutex);
    impl_->commands.emplace_back(command, impl_->heard_s());
}

bool Player::wait(double timeout_s) {
    std::unique_lock lock(impl_->done_mutex);
    return impl_->done_cv.wait_for(lock, std::chrono::duration<double>(timeout_s), [&] { return impl_->done; });
}

Result<PlayerSummary> Player::finish() {
    if (impl_->thread.joinable()) impl_->thread.join();
    if (impl_->failure) return *impl_->failure;
    return impl_->summary;
}

PlayerStatus Player::status() const {
    std::lock_guard lock(impl_->status_mutex);
    return impl_->status;
}

std::vector<nlohmann::json> Player::take_events() {
    std::lock_guard lock(impl_->events_mutex);
    std::vector<nlohmann::json> out;
    out.swap(impl_->events);
    return out;
}

}  // namespace minidj::live
