// The structure stage on generated music with known sections: eval/eval_structure.py drives it
// and scores what it writes.
//   structure_eval --work DIR --first K --count N [--songs] [--param NAME=VALUE ...] > tracks.json
// Track k (K <= k < K+N) is `minidj gen` with arrangement k: its style, tempo, meter, key,
// swing and drift are drawn from k, its production from k, and its sections from the
// arrangement (4-32 bars each, intros and breakdowns with or without drums). Each track is
// rendered and analysed once (cached in DIR as analysis JSON with the per-beat matrix); the
// structure is then read from the cache with the options given, so trying another option
// costs no decode. With --songs, the arrangements are songs' (gen::draw_song_arrangement:
// verses, choruses, a bridge), cached as song_k.json. Prints one JSON array: per track, the
// truth and the estimate.
//   structure_eval --bench FILE...
// Analyses each file (decode included) and then reads its structure again 20 times from the
// analysis, in this process: prints the two times and the structure's share of the analysis.
#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "minidj/analysis_json.h"
#include "minidj/generator.h"
#include "minidj/structure.h"

using namespace minidj;
using nlohmann::json;

namespace {

// A dance track's usual tempo per style, so the eval is not all 120 BPM.
gen::SongSpec spec_for(std::uint32_t k, bool song) {
    static constexpr gen::Style kStyles[] = {gen::Style::kHouse, gen::Style::kTechno, gen::Style::kDrumAndBass,
                                             gen::Style::kHipHop, gen::Style::kAmbient};
    static constexpr double kLow[] = {118, 124, 164, 80, 70};
    static constexpr double kSpan[] = {12, 16, 14, 20, 50};
    gen::SongSpec spec;
    const std::size_t style = k % 5;
    spec.style = kStyles[style];
    const std::uint32_t mix = k * 2654435761u;  // another number from k for each choice
    spec.bpm = kLow[style] + kSpan[style] * double(mix % 1000) / 1000.0;
    spec.meter = (k % 9 == 4) ? 3 : 4;
    spec.key = MusicalKey{int((k * 7) % 12), (mix >> 12) % 3 != 0};
    spec.swing = spec.style == gen::Style::kHipHop ? 0.2 : 0.0;
    spec.drift = (k % 4 == 1) ? 0.01 : 0.0;
    spec.seed = k;
    spec.arrangement = k;
    spec.song_form = song;
    return spec;
}

TrackAnalysis analysed(const gen::SongSpec& spec, const std::filesystem::path& cache) {
    if (std::filesystem::exists(cache)) {
        std::ifstream in(cache);
        if (auto a = analysis_from_json(json::parse(in))) return *a;
    }
    const gen::Song song = gen::render(spec);
    auto a = analyze_samples(song.samples.data(), song.frames(), song.sample_rate, 2);
    if (!a) {
        fmt::print(stderr, "structure_eval: {}\n", a.error().message);
        std::exit(1);
    }
    std::ofstream(cache) << to_json(*a, true).dump();
    return *a;
}

json sections_json(const std::vector<SongSection>& sections) {
    json out = json::array();
    for (const SongSection& s : sections) {
        out.push_back({{"label", section_label_name(s.label)}, {"start", s.start_s}, {"end", s.end_s},
                       {"bars", s.bars}, {"energy", s.energy}});
    }
    return out;
}

void set_param(StructureOptions& options, const std::string& assignment) {
    const auto eq = assignment.find('=');
    const std::string name = assignment.substr(0, eq);
    const double value = std::stod(assignment.substr(eq + 1));
    if (name == "boundary_penalty") options.boundary_penalty = value;
    else if (name == "off_phrase_penalty") options.off_phrase_penalty = value;
    else if (name == "max_section_bars") options.max_section_bars = int(value);
    else if (name == "drop_margin_db") options.drop_margin_db = value;
    else if (name == "outro_motion_db") options.outro_motion_db = value;
    else if (name == "outro_tonal_db") options.outro_tonal_db = value;
    else if (name == "outro_melody_db") options.outro_melody_db = value;
    else if (name == "melody_cut_weight") options.melody_cut_weight = value;
    else if (name == "build_treble_db") options.build_treble_db = value;
    else if (name == "harmony_weight") options.harmony_weight = value;
    else if (name == "song_harmony_distance") options.song_harmony_distance = value;
    else if (name == "song_verse_db") options.song_verse_db = value;
    else if (name == "song_chorus_margin_db") options.song_chorus_margin_db = value;
    else if (name == "song_melody_db") options.song_melody_db = value;
    else {
        fmt::print(stderr, "structure_eval: unknown parameter {}\n", name);
        std::exit(2);
    }
}

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

int bench(int argc, char** argv) {
    constexpr int kRepeats = 20;
    double analysis_s = 0, structure_s = 0, audio_s = 0;
    int files = 0;
    for (int i = 2; i < argc; ++i) {
        const auto start = Clock::now();
        auto a = analyze_file(argv[i]);
        const double took = seconds_since(start);
        if (!a) {
            fmt::print(stderr, "structure_eval: {}\n", a.error().message);
            continue;
        }
        const auto again = Clock::now();
        std::size_t sections = 0;
        for (int r = 0; r < kRepeats; ++r) sections += analyze_structure(*a).sections.size();
        structure_s += seconds_since(again) / kRepeats;
        analysis_s += took;
        audio_s += a->duration_s;
        files += 1;
        if (sections == 0) fmt::print(stderr, "structure_eval: {}: no sections\n", argv[i]);
    }
    fmt::print("{} files, {:.0f} s of audio: analysis {:.2f} s, structure {:.4f} s ({:.2f} % of the analysis)\n", files,
               audio_s, analysis_s, structure_s, 100.0 * structure_s / std::max(analysis_s, 1e-9));
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc > 1 && std::string(argv[1]) == "--bench") return bench(argc, argv);
    std::filesystem::path work = "/tmp/structure_eval";
    std::uint32_t first = 1, count = 60;
    StructureOptions options;
    bool songs = false;
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        if (flag == "--songs") {
            songs = true;
            continue;
        }
        const std::string value = i + 1 < argc ? argv[++i] : "";
        if (value.empty()) {
            fmt::print(stderr, "structure_eval: {} needs a value\n", flag);
            return 2;
        }
        if (flag == "--work") work = value;
        else if (flag == "--first") first = std::uint32_t(std::stoul(value));
        else if (flag == "--count") count = std::uint32_t(std::stoul(value));
        else if (flag == "--param") set_param(options, value);
        else {
            fmt::print(stderr, "usage: structure_eval --work DIR --first K --count N [--songs] [--param NAME=VALUE]\n");
            return 2;
        }
    }
    std::filesystem::create_directories(work);
    json out = json::array();
    for (std::uint32_t k = first; k < first + count; ++k) {
        const gen::SongSpec spec = spec_for(k, songs);
        const gen::GroundTruth truth = gen::make_truth(spec);
        const TrackAnalysis a = analysed(spec, work / fmt::format("{}_{}.json", songs ? "song" : "arrangement", k));
        const TrackStructure s = analyze_structure(a, options);
        json item = gen::to_json(truth);
        item.erase("beats");
        item["estimate"] = {{"sections", sections_json(s.sections)},
                            {"phrases", s.phrases},
                            {"downbeats", a.grid.downbeats},
                            {"bpm", a.grid.bpm},
                            {"meter", a.grid.meter}};
        if (s.mix_in) item["estimate"]["mix_in"] = {{"time", s.mix_in->time_s}, {"reason", s.mix_in->reason}};
        if (s.mix_out) item["estimate"]["mix_out"] = {{"time", s.mix_out->time_s}, {"reason", s.mix_out->reason}};
        out.push_back(std::move(item));
        fmt::print(stderr, "\r{} of {}", k - first + 1, count);
    }
    fmt::print(stderr, "\n");
    std::cout << out.dump() << "\n";
    return 0;
}
