#pragma once
// Generated track pairs written to disk and analysed, for the render tests.

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "minidj/analysis.h"
#include "minidj/audio.h"
#include "minidj/generator.h"
#include "support/temp_dir.h"

namespace minidj::test {

struct Track {
    std::filesystem::path path;
    gen::GroundTruth truth;
    TrackAnalysis analysis;
};

/// Renders `spec` to `dir/name` (WAV) and analyses it.
inline Track make_track(const TempDir& dir, const std::string& name, const gen::SongSpec& spec) {
    Track t;
    const auto song = gen::render(spec);
    t.path = dir / name;
    t.truth = song.truth;
    EXPECT_TRUE(write_audio_file(t.path, song.samples.data(), song.frames(), song.sample_rate, 2).ok());
    auto analysis = analyze_file(t.path);
    EXPECT_TRUE(analysis.ok()) << (analysis.ok() ? "" : analysis.error().message);
    if (analysis.ok()) t.analysis = analysis.value();
    return t;
}

inline gen::SongSpec song_spec(double bpm, gen::Style style, std::uint32_t seed, int bars = 48) {
    gen::SongSpec s;
    s.bpm = bpm;
    s.style = style;
    s.seed = seed;
    s.bars = bars;
    return s;
}

}  // namespace minidj::test
