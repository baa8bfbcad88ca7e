#include "cli/demo_songs.h"

#include <fmt/format.h>

#include "minidj/audio.h"
#include "minidj/files.h"
#include "minidj/json_text.h"

namespace minidj::cli {

namespace {

DemoSong demo_song(gen::Style style, double bpm, const char* key, std::uint32_t seed) {
    DemoSong s;
    s.spec.style = style;
    s.spec.bpm = bpm;
    s.spec.key = *MusicalKey::parse(key);
    s.spec.seed = seed;
    return s;
}

}  // namespace

std::vector<DemoSong> demo_songs() {
    using gen::Style;
    struct Row {
        Style style;
        double bpm;
        const char* key;
        int meter;
        double drift, swing;
        const char* ext;
    };
    // Tempos and keys spread over the range a DJ meets; one waltz, one drifting, one swung.
    const Row rows[] = {
        {Style::kHouse, 124, "A minor", 4, 0, 0, "flac"},     {Style::kTechno, 132, "F minor", 4, 0, 0, "flac"},
        {Style::kDrumAndBass, 174, "D minor", 4, 0, 0, "mp3"}, {Style::kHipHop, 92, "Eb major", 4, 0, 0.2, "flac"},
        {Style::kAmbient, 80, "G major", 4, 0, 0, "ogg"},      {Style::kHouse, 122, "C major", 4, 0.015, 0, "flac"},
        {Style::kTechno, 140, "B minor", 4, 0, 0, "wav"},      {Style::kHouse, 105, "E major", 3, 0, 0, "flac"},
    };
    std::vector<DemoSong> out;
    std::uint32_t seed = 1;
    for (const auto& r : rows) {
        DemoSong s = demo_song(r.style, r.bpm, r.key, seed++);
        s.spec.meter = r.meter;
        s.spec.drift = r.drift;
        s.spec.swing = r.swing;
        s.file_name = fmt::format("{:02d}-{}-{:.0f}bpm.{}", out.size() + 1, gen::style_name(r.style), r.bpm, r.ext);
        out.push_back(s);
    }
    return out;
}

std::vector<DemoSong> demo_set_songs() {
    using gen::Style;
    struct Row {
        Style style;
        double bpm;
        const char* key;
    };
    // Neighbouring tempos within 4 % and keys around 8A on the Camelot wheel, so the planner has
    // real choices; 48 bars each keeps the demo short.
    const Row rows[] = {{Style::kHouse, 118, "A minor"},  {Style::kTechno, 121, "E minor"}, {Style::kHouse, 123, "C major"},
                        {Style::kHipHop, 116, "D minor"}, {Style::kHouse, 126, "A minor"}, {Style::kHouse, 128, "G major"},
                        {Style::kTechno, 131, "E minor"}, {Style::kHouse, 125, "F major"}};
    std::vector<DemoSong> out;
    std::uint32_t seed = 101;
    for (const auto& r : rows) {
        DemoSong s = demo_song(r.style, r.bpm, r.key, seed++);
        s.spec.bars = 48;
        s.file_name = fmt::format("set-{:02d}-{}-{:.0f}bpm.flac", out.size() + 1, gen::style_name(r.style), r.bpm);
        out.push_back(s);
    }
    return out;
}

Result<std::pair<std::filesystem::path, gen::GroundTruth>> write_demo_song(const DemoSong& song,
                                                                        const std::filesystem::path& folder) {
    const auto audio = folder / song.file_name;
    auto truth_path = audio;
    truth_path.replace_extension(".truth.json");
    // The truth alone is cheap; audio is rendered only when the file is not there yet.
    const gen::GroundTruth truth = gen::make_truth(song.spec);
    std::error_code ec;
    if (!std::filesystem::exists(audio, ec)) {
        const gen::Song rendered = gen::render(song.spec);
        auto written = write_audio_file(audio, rendered.samples.data(), rendered.frames(), rendered.sample_rate, 2);
        if (!written) return written.error();
    }
    if (auto s = write_file_atomically(truth_path, dump_json(gen::to_json(truth), 1) + "\n", "demo"); !s) {
        return s.error();
    }
    return std::make_pair(audio, truth);
}

}  // namespace minidj::cli
