#pragma once
// Tracks for the live tests: generated music with a marker blip of its own pitch on every true
// beat (render/marker_probe.h), analysed, as the player's rows; and the night's events.

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "minidj/audio.h"
#include "minidj/brain.h"
#include "minidj/generator.h"
#include "minidj/live.h"
#include "render/marker_probe.h"

namespace minidj::test {

struct LiveTrack {
    std::filesystem::path path;
    gen::GroundTruth truth;
    TrackAnalysis analysis;
    double marker_hz = 0.0;
    live::PlayableTrack row;
};

/// `bars` bars at `bpm`, markers at `hz` placed `shift_s` after each true beat (0: on it; a
/// shifted track is a negative control: its seams must read as out of sync).
inline LiveTrack live_track(const std::filesystem::path& dir, const std::string& name, double bpm, const char* key,
                            int bars, std::uint32_t seed, double hz, double shift_s = 0.0) {
    gen::SongSpec spec;
    spec.bpm = bpm;
    spec.key = *MusicalKey::parse(key);
    spec.style = gen::Style::kHouse;
    spec.bars = bars;
    spec.seed = seed;
    spec.plain_production = true;
    auto song = gen::render(spec);
    auto beats = song.truth.beats;
    for (double& b : beats) b += shift_s;
    add_markers(song.samples, song.sample_rate, beats, hz);
    LiveTrack t;
    t.path = dir / name;
    t.truth = song.truth;
    t.marker_hz = hz;
    EXPECT_TRUE(write_audio_file(t.path, song.samples.data(), song.frames(), song.sample_rate, 2).ok());
    auto analysis = analyze_file(t.path);
    EXPECT_TRUE(analysis.ok()) << (analysis.ok() ? "" : analysis.error().message);
    if (!analysis.ok()) return t;
    t.analysis = analysis.value();
    t.row.candidate.path = t.analysis.path;
    t.row.candidate.bpm = t.analysis.grid.bpm;
    t.row.candidate.key = t.analysis.key.key;
    t.row.candidate.play_seconds = t.analysis.duration_s;
    t.row.features = brain::track_features(t.analysis);
    t.row.candidate.energy = t.row.features.loudness_lufs + t.row.features.energy_db;
    return t;
}

inline std::vector<live::PlayableTrack> rows_of(const std::vector<LiveTrack>& tracks) {
    std::vector<live::PlayableTrack> out;
    for (const auto& t : tracks) out.push_back(t.row);
    return out;
}

/// The loader the player asks for analyses: these tracks' own.
inline live::AnalysisLoader loader_of(const std::vector<LiveTrack>& tracks) {
    return [&tracks](const std::string& path) -> Result<TrackAnalysis> {
        for (const auto& t : tracks) {
            if (t.analysis.path == path) return t.analysis;
        }
        return Error{"no such track: " + path};
    };
}

/// Every event of a night until it ends (or `timeout_s`), calling `during` every 50 ms with
/// the events so far.
template <class During>
std::vector<nlohmann::json> run_night(live::Player& player, double timeout_s, During during) {
    std::vector<nlohmann::json> events;
    const auto start = std::chrono::steady_clock::now();
    while (!player.wait(0.05)) {
        for (auto& e : player.take_events()) events.push_back(std::move(e));
        during(events);
        if (std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() > timeout_s) {
            ADD_FAILURE() << "the night did not end within " << timeout_s << " s";
            player.command(live::Command::kQuit);
            player.wait(10.0);
            break;
        }
    }
    for (auto& e : player.take_events()) events.push_back(std::move(e));
    return events;
}

inline std::vector<nlohmann::json> events_of(const std::vector<nlohmann::json>& events, const std::string& type) {
    std::vector<nlohmann::json> out;
    for (const auto& e : events) {
        if (e["event"] == type) out.push_back(e);
    }
    return out;
}

/// Marker onsets of `hz` in the recording within [from_s, to_s].
inline std::vector<double> markers_between(const DecodedAudio& audio, double hz, double from_s, double to_s) {
    std::vector<double> out;
    for (double t : marker_onsets(audio.samples, audio.sample_rate, hz)) {
        if (t >= from_s && t <= to_s) out.push_back(t);
    }
    return out;
}

/// The loudest sample of each `window_s` window of the recording.
inline std::vector<float> window_peaks(const DecodedAudio& audio, double window_s) {
    const auto n = std::size_t(window_s * audio.sample_rate);
    std::vector<float> out;
    for (std::size_t f = 0; f + n <= audio.samples.size() / 2; f += n) {
        float peak = 0.0f;
        for (std::size_t k = 2 * f; k < 2 * (f + n); ++k) peak = std::max(peak, std::abs(audio.samples[k]));
        out.push_back(peak);
    }
    return out;
}

}  // namespace minidj::test
