#include "live/night_recording.h"

#include "minidj/files.h"
#include "minidj/json_text.h"
#include "minidj/set.h"

namespace minidj::live {

Result<std::unique_ptr<NightRecording>> NightRecording::open(const std::filesystem::path& audio, int rate) {
    auto encoder = AudioEncoder::open(audio, rate, 2);
    if (!encoder) return encoder.error();
    return std::unique_ptr<NightRecording>(new NightRecording(audio, std::move(encoder.value())));
}

Status NightRecording::finish(const PlayerSummary& summary, const std::vector<double>& durations_s) {
    if (auto s = encoder_->finish(); !s) return s;
    auto stem = audio_;
    stem.replace_extension();
    if (auto s = write_file_atomically(stem.string() + ".cue", cue_sheet(audio_.string(), summary.tracklist), "play"); !s) {
        return s;
    }
    if (auto s = write_file_atomically(stem.string() + ".m3u8", m3u8_playlist(summary.tracklist, durations_s), "play");
        !s) {
        return s;
    }
    return write_file_atomically(stem.string() + ".report.json", dump_json(to_json(summary), 2) + "\n", "play");
}

nlohmann::json to_json(const PlayerSummary& summary) {
    nlohmann::json seams = nlohmann::json::array();
    for (const auto& s : summary.seams) seams.push_back(to_json(s));
    nlohmann::json j{{"played", summary.played_s},
                     {"sample_rate", summary.sample_rate},
                     {"underruns", summary.underruns},
                     {"tracklist", tracklist_json(summary.tracklist, summary.played_s)},
                     {"seams", seams}};
    put_path(j, "device", summary.device);
    return j;
}

}  // namespace minidj::live
