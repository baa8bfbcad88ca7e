// The live player through a real audio server: JACK2 with its dummy backend, which paces in
// real time like a sound card. Everything is read from what the player recorded, by the marker
// method of the Hands' tests (render/marker_probe.h), which knows nothing of the player.
#include <gtest/gtest.h>

#include <cmath>
#include <thread>

#include "live/live_support.h"
#include "support/jack_server.h"
#include "support/temp_dir.h"

namespace minidj {
namespace {

// Markers per track, far enough apart that one pitch's envelope does not see the others.
constexpr double kHz[] = {900.0, 1600.0, 2300.0, 3000.0};
constexpr double kShiftS = 0.015;  // the negative control's markers, off its beats

live::PlayerOptions night_options(const std::filesystem::path& record) {
    live::PlayerOptions o;
    o.device = "jack";
    o.record = record;
    o.transitions.transition.bars = 4;
    o.transitions.min_play_s = 8.0;
    return o;
}

const test::LiveTrack* track_at(const std::vector<test::LiveTrack>& tracks, const std::string& path) {
    for (const auto& t : tracks) {
        if (t.analysis.path == path) return &t;
    }
    return nullptr;
}

TEST(Player, PlaysANightWhoseSeamsAreInSyncInTheRecording) {
    test::JackServer jack;
    ASSERT_TRUE(jack.ready()) << "jackd -d dummy did not start";
    test::TempDir dir;
    std::vector<test::LiveTrack> tracks;
    const double bpm[] = {124.0, 126.0, 125.0, 127.0};
    const char* keys[] = {"A minor", "C major", "E minor", "G major"};
    for (int i = 0; i < 4; ++i) {
        tracks.push_back(test::live_track(dir.path(), "t" + std::to_string(i) + ".wav", bpm[i], keys[i], 16,
                                          std::uint32_t(11 + i), kHz[i], i == 3 ? kShiftS : 0.0));
    }
    auto options = night_options(dir.path() / "night.flac");
    options.tracks = 4;
    options.start = tracks[0].analysis.path;
    const auto model = brain::Model::load_default();
    ASSERT_TRUE(model.ok()) << model.error().message;
    auto player = live::Player::start(options, test::rows_of(tracks), *model.value(), test::loader_of(tracks));
    ASSERT_TRUE(player.ok()) << player.error().message;
    const auto events = test::run_night(*player.value(), 240.0, [](const auto&) {});
    auto summary = player.value()->finish();
    ASSERT_TRUE(summary.ok()) << summary.error().message;
    EXPECT_EQ(summary.value().underruns, 0u);
    ASSERT_EQ(summary.value().tracklist.size(), 4u);

    auto audio = decode_file(dir.path() / "night.flac");
    ASSERT_TRUE(audio.ok()) << audio.error().message;
    EXPECT_NEAR(audio.value().duration_s(), summary.value().played_s, 0.05);
    // Continuous: no 100 ms without sound from the first track's start to the last one's end.
    const auto peaks = test::window_peaks(audio.value(), 0.1);
    for (std::size_t w = 0; w + 10 < peaks.size(); ++w) ASSERT_GT(peaks[w], 1e-3f) << "silence at " << 0.1 * w << " s";

    // Each seam from the transition's start to B taking over, read off the recording.
    const auto started = test::events_of(events, "transition_started");
    const auto took_over = test::events_of(events, "track_started");
    ASSERT_EQ(started.size(), 3u);
    ASSERT_EQ(took_over.size(), 4u);
    int clean = 0, control = 0;
    for (std::size_t k = 0; k < 3; ++k) {
        const auto* a = track_at(tracks, started[k]["from"]);
        const auto* b = track_at(tracks, started[k]["to"]);
        ASSERT_TRUE(a && b);
        const double from = started[k]["at"], to = took_over[k + 1]["at"];
        const auto offsets = test::paired_offsets(test::markers_between(audio.value(), a->marker_hz, from, to),
                                                  test::markers_between(audio.value(), b->marker_hz, from, to));
        ASSERT_GE(offsets.size(), 8u) << "seam " << k;
        const bool shifted = a == &tracks[3] || b == &tracks[3];
        const double median_ms = 1000.0 * test::median_abs(offsets);
        if (shifted) {  // reads as broken: about the shift
            EXPECT_NEAR(median_ms, 1000.0 * kShiftS, 3.0) << "seam " << k;
            ++control;
        } else {
            EXPECT_LT(median_ms, 2.0) << "seam " << k;
            EXPECT_LT(1000.0 * test::max_abs(offsets), 5.0) << "seam " << k;
            ++clean;
        }
    }
    EXPECT_GE(clean, 1);
    EXPECT_GE(control, 1);
    // The recording's companions name the tracks in the order they played.
    EXPECT_TRUE(std::filesystem::exists(dir.path() / "night.cue"));
    EXPECT_TRUE(std::filesystem::exists(dir.path() / "night.m3u8"));
    EXPECT_TRUE(std::filesystem::exists(dir.path() / "night.report.json"));
}

// n mixes at the next phrase start (after the time a transition takes to prepare), s echoes out
// at the next bar, pause stops the clock, q fades out; all measured in the recording.
TEST(Player, ObeysNextSkipPauseAndQuitWithinTheirPromise) {
    test::JackServer jack;
    ASSERT_TRUE(jack.ready()) << "jackd -d dummy did not start";
    test::TempDir dir;
    std::vector<test::LiveTrack> tracks;
    const double bpm[] = {124.0, 125.0, 126.0};
    const char* keys[] = {"A minor", "E minor", "C major"};
    for (int i = 0; i < 3; ++i) {
        tracks.push_back(test::live_track(dir.path(), "t" + std::to_string(i) + ".wav", bpm[i], keys[i], 40,
                                          std::uint32_t(21 + i), kHz[i]));
    }
    auto options = night_options(dir.path() / "night.flac");
    options.start = tracks[0].analysis.path;
    const auto model = brain::Model::load_default();
    ASSERT_TRUE(model.ok()) << model.error().message;
    auto player = live::Player::start(options, test::rows_of(tracks), *model.value(), test::loader_of(tracks));
    ASSERT_TRUE(player.ok()) << player.error().message;
    auto& p = *player.value();
    enum { kWaitNext, kWaitB, kWaitSkip, kPause, kQuit, kDone } step = kWaitNext;
    double paused_clock = -1.0;
    const auto events = test::run_night(p, 180.0, [&](const std::vector<nlohmann::json>& so_far) {
        const double heard = p.status().played_s;
        const auto took_over = test::events_of(so_far, "track_started");
        if (step == kWaitNext && heard >= 4.0) {
            p.command(live::Command::kNext);
            step = kWaitB;
        } else if (step == kWaitB && took_over.size() == 2 && heard >= double(took_over[1]["at"]) + 3.0) {
            p.command(live::Command::kSkip);
            step = kWaitSkip;
        } else if (step == kWaitSkip && took_over.size() == 3 && heard >= double(took_over[2]["at"]) + 3.0) {
            p.command(live::Command::kPause);
            std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the fade
            paused_clock = p.status().played_s;
            std::this_thread::sleep_for(std::chrono::milliseconds(1000));
            EXPECT_NEAR(p.status().played_s, paused_clock, 0.02) << "the clock ran while paused";
            p.command(live::Command::kPause);
            step = kPause;
        } else if (step == kPause && heard >= paused_clock + 3.0) {
            p.command(live::Command::kQuit);
            step = kQuit;
        }
    });
    ASSERT_EQ(step, kQuit);
    auto summary = p.finish();
    ASSERT_TRUE(summary.ok()) << summary.error().message;
    EXPECT_EQ(summary.value().underruns, 0u);
    auto audio = decode_file(dir.path() / "night.flac");
    ASSERT_TRUE(audio.ok()) << audio.error().message;
    const auto controls = test::events_of(events, "control");
    const auto planned = test::events_of(events, "transition_planned");
    const auto find = [](const std::vector<nlohmann::json>& list, const std::string& key, const std::string& value) {
        for (const auto& e : list) {
            if (e.contains(key) && e[key] == value) return e;
        }
        return nlohmann::json();
    };

    // n: the transition starts on a phrase start of A (8 bars from its first downbeat), the
    // first one at least the preparation time after the command, or the one after.
    const auto next = find(controls, "command", "next");
    const auto next_plan = find(planned, "cause", "next");
    ASSERT_FALSE(next.is_null());
    ASSERT_FALSE(next_plan.is_null());
    const double asked = next["at"], starts = next_plan["starts_at"];
    const auto& a = tracks[0];  // played from its start at its own speed: its time is the night's
    const double bar = 4 * 60.0 / a.truth.mean_bpm();
    std::vector<double> phrases;
    for (std::size_t i = 0; i < a.truth.downbeats.size(); i += 8) phrases.push_back(a.truth.downbeats[i]);
    const auto hit = std::find_if(phrases.begin(), phrases.end(), [&](double t) { return std::abs(t - starts) < 0.03; });
    ASSERT_NE(hit, phrases.end()) << "n's transition starts at " << starts << " s, not on a phrase start";
    EXPECT_GE(starts, asked);
    EXPECT_LE(starts, asked + 6.5 + 8 * bar) << "later than the next phrase start after the preparation time";
    // Measured: B is not heard before that phrase, and is heard within a bar of it.
    const auto* b = track_at(tracks, next_plan["to"]);
    ASSERT_TRUE(b);
    const auto b_markers = test::markers_between(audio.value(), b->marker_hz, 0.0, starts + 8 * bar);
    ASSERT_FALSE(b_markers.empty());
    EXPECT_GE(b_markers.front(), starts - 0.02);
    EXPECT_LE(b_markers.front(), starts + bar);

    // s: an echo-out whose next track is heard within a bar and a half of the next bar after
    // the command (plus the 1.5 s an echo-out takes to prepare).
    const auto skip = find(controls, "command", "skip");
    const auto skip_plan = find(planned, "cause", "skip");
    ASSERT_FALSE(skip.is_null());
    ASSERT_FALSE(skip_plan.is_null());
    EXPECT_EQ(skip_plan["style"], "echo-out");
    const double skip_asked = skip["at"];
    const auto* c = track_at(tracks, skip_plan["to"]);
    ASSERT_TRUE(c);
    const auto c_markers = test::markers_between(audio.value(), c->marker_hz, skip_asked - 60.0, skip_asked + 30.0);
    ASSERT_FALSE(c_markers.empty());
    EXPECT_GE(c_markers.front(), skip_asked);
    EXPECT_LE(c_markers.front(), skip_asked + 2.0 + 2.5 * bar);

    // q: the last two seconds fade to silence.
    const auto peaks = test::window_peaks(audio.value(), 0.1);
    ASSERT_GT(peaks.size(), 40u);
    const float before = *std::max_element(peaks.end() - 40, peaks.end() - 25);
    EXPECT_LT(peaks.back(), 0.05f * before);
    EXPECT_LT(audio.value().duration_s(), double(find(controls, "command", "quit")["at"]) + 3.5);
}

// Held, the track loops its phrase on the beat past its own end; released, the night goes on.
TEST(Player, HoldLoopsThePhraseOnTheBeatUntilReleased) {
    test::JackServer jack;
    ASSERT_TRUE(jack.ready()) << "jackd -d dummy did not start";
    test::TempDir dir;
    std::vector<test::LiveTrack> tracks{
        test::live_track(dir.path(), "a.wav", 128.0, "A minor", 16, 31, kHz[0]),
        test::live_track(dir.path(), "b.wav", 127.0, "E minor", 16, 32, kHz[1])};
    auto options = night_options(dir.path() / "night.flac");
    options.start = tracks[0].analysis.path;
    options.tracks = 2;
    const auto model = brain::Model::load_default();
    ASSERT_TRUE(model.ok()) << model.error().message;
    auto player = live::Player::start(options, test::rows_of(tracks), *model.value(), test::loader_of(tracks));
    ASSERT_TRUE(player.ok()) << player.error().message;
    auto& p = *player.value();
    const double a_length = tracks[0].analysis.duration_s;
    enum { kHold, kRelease, kDone } step = kHold;
    double released_at = 0.0;
    const auto events = test::run_night(p, 150.0, [&](const std::vector<nlohmann::json>&) {
        const double heard = p.status().played_s;
        if (step == kHold && heard >= 2.0) {
            p.command(live::Command::kHold);
            step = kRelease;
        } else if (step == kRelease && heard >= a_length + 8.0) {
            released_at = heard;
            p.command(live::Command::kHold);
            step = kDone;
        }
    });
    ASSERT_EQ(step, kDone);
    auto summary = p.finish();
    ASSERT_TRUE(summary.ok()) << summary.error().message;
    EXPECT_EQ(summary.value().underruns, 0u);
    for (const auto& e : test::events_of(events, "transition_started")) EXPECT_GT(double(e["at"]), released_at);
    ASSERT_EQ(summary.value().tracklist.size(), 2u);
    auto audio = decode_file(dir.path() / "night.flac");
    ASSERT_TRUE(audio.ok()) << audio.error().message;
    // A's beats run on evenly through every loop, past where A itself ends, and B is not heard.
    const auto a_markers = test::markers_between(audio.value(), kHz[0], 1.0, released_at);
    const double beat = 60.0 / tracks[0].truth.mean_bpm();
    ASSERT_GT(a_markers.back(), a_length + 4.0);
    // Within a loop the beats are the track's own; a jump back moves them by the error of the
    // analysed phrase length (the tempo is read to about 0.03 %: some 5 ms over 8 bars).
    int jumps = 0;
    for (std::size_t i = 1; i < a_markers.size(); ++i) {
        const double error = std::abs(a_markers[i] - a_markers[i - 1] - beat);
        jumps += error > 0.0015;
        ASSERT_LT(error, 0.007) << "at " << a_markers[i] << " s";
    }
    EXPECT_LE(jumps, int((released_at - 1.0) / (32 * beat)) + 1) << "beats off the grid away from the loop points";
    EXPECT_TRUE(test::markers_between(audio.value(), kHz[1], 0.0, released_at).empty());
}

}  // namespace
}  // namespace minidj
