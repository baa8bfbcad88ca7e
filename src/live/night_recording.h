#pragma once
// `minidj play --record FILE`: what was played, as it was sent to the sound card (the pieces
// after the limiter; a pause is left out, the fades around it are not recorded), and beside it
// a CUE sheet and M3U8 playlist of the night as it happened and a report of every seam as
// measured (FILE.report.json).

#include <filesystem>
#include <memory>
#include <vector>

#include "minidj/audio.h"
#include "minidj/live.h"

namespace minidj::live {

class NightRecording {
public:
    static Result<std::unique_ptr<NightRecording>> open(const std::filesystem::path& audio, int rate);
    Status write(const float* stereo, std::size_t frames) { return encoder_->write(stereo, frames); }
    /// Closes the audio (renamed into place) and writes the CUE, M3U8 and report beside it.
    Status finish(const PlayerSummary& summary, const std::vector<double>& durations_s);

private:
    NightRecording(std::filesystem::path audio, std::unique_ptr<AudioEncoder> encoder)
        : audio_(std::move(audio)), encoder_(std::move(encoder)) {}
    std::filesystem::path audio_;
    std::unique_ptr<AudioEncoder> encoder_;
};

/// The report's JSON: {"played", "device", "sample_rate", "underruns", "tracklist", "seams"}.
nlohmann::json to_json(const PlayerSummary& summary);

}  // namespace minidj::live
