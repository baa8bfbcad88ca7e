#pragma once
// Generated tracks written to disk and analysed once per test binary, for the render tests.

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "minidj/analysis.h"
#include "minidj/audio.h"
#include "minidj/generator.h"
#include "minidj/render.h"
#include "support/temp_dir.h"

namespace minidj::test {

struct Track {
    std::filesystem::path path;
    gen::GroundTruth truth;
    TrackAnalysis analysis;
};

inline gen::SongSpec song_spec(double bpm, gen::Style style, std::uint32_t seed, int bars = 32) {
    gen::SongSpec s;
    s.bpm = bpm;
    s.style = style;
    s.seed = seed;
    s.bars = bars;
    // The renderer's sync is the subject, not how analysis copes with varied production.
    s.plain_production = true;
    return s;
}

/// Renders `spec` to `dir/name` (WAV) and analyses it.
inline Track make_track(const std::filesystem::path& dir, const std::string& name,
                        const gen::SongSpec& spec) {
    Track t;
    const auto song = gen::render(spec);
    t.path = dir / name;
    t.truth = song.truth;
    EXPECT_TRUE(
        write_audio_file(t.path, song.samples.data(), song.frames(), song.sample_rate, 2).ok());
    auto analysis = analyze_file(t.path);
    EXPECT_TRUE(analysis.ok()) << (analysis.ok() ? "" : analysis.error().message);
    if (analysis.ok()) t.analysis = analysis.value();
    return t;
}

/// One folder of tracks shared by every test of the binary, each made on first use.
inline const Track& shared_track(double bpm, gen::Style style, std::uint32_t seed) {
    static TempDir dir;
    static std::map<std::string, Track> tracks;
    const std::string name = gen::style_name(style) + "-" + std::to_string(int(bpm * 100)) + "-" +
                             std::to_string(seed) + ".wav";
    auto it = tracks.find(name);
    if (it == tracks.end())
        it = tracks.emplace(name, make_track(dir.path(), name, song_spec(bpm, style, seed))).first;
    return it->second;
}

/// Plan options of the render tests: an 8-bar overlap in `style`, `margin_s` of A before it and
/// of B after it.
inline PlanOptions eight_bar_plan(MixStyle style, double margin_s) {
    PlanOptions po;
    po.bars = 8;
    po.style = style;
    po.before_s = margin_s;
    po.after_s = margin_s;
    return po;
}

/// The truth time nearest `t`.
inline double nearest(const std::vector<double>& times, double t) {
    double best = 1e18;
    for (double x : times) {
        if (std::abs(x - t) < std::abs(best - t)) best = x;
    }
    return best;
}

}  // namespace minidj::test
