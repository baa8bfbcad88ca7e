#pragma once
// The demo's small library of generated music: styles, tempos, keys and meters chosen to show
// the analysis working across its range, written as audio files with ground-truth JSON.

#include <filesystem>
#include <string>
#include <vector>

#include "minidj/generator.h"

namespace minidj::cli {

struct DemoSong {
    std::string file_name;  ///< e.g. "01-house-124bpm.flac"
    gen::SongSpec spec;
};

std::vector<DemoSong> demo_songs();
/// Eight tracks for the demo's set: house, techno and hip-hop at 116-131 BPM.
std::vector<DemoSong> demo_set_songs();

/// Renders `song` to `folder` (audio + "<name>.truth.json") unless already there.
/// Returns the audio path and the truth.
Result<std::pair<std::filesystem::path, gen::GroundTruth>> write_demo_song(const DemoSong& song,
                                                                        const std::filesystem::path& folder);

}  // namespace minidj::cli
