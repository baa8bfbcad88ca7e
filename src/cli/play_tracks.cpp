#include "cli/play_tracks.h"

#include <fmt/format.h>

#include <map>

#include "cli/brain_support.h"
#include "cli/interrupt.h"
#include "cli/mix_tracks.h"
#include "cli/set_pool.h"
#include "minidj/library_tools.h"

namespace minidj::cli {

namespace {

live::PlayableTrack playable_row(TrackRow row) {
    live::PlayableTrack t;
    t.candidate.path = row.features.path;
    t.candidate.artist = planner::artist_of(row.features.artist, row.features.path);
    t.candidate.bpm = row.features.bpm;
    t.candidate.key = row.key;
    t.candidate.energy = row.features.loudness_lufs + row.features.energy_db;
    t.candidate.play_seconds = row.duration_s;
    t.features = std::move(row.features);
    return t;
}

}  // namespace

live::PlayableTrack playable(const TrackAnalysis& analysis, const std::string& artist) {
    TrackRow row = make_track_row(analysis);
    row.features.artist = artist;
    return playable_row(std::move(row));
}

Result<PlayTracks> gather_play_tracks(Library& library, const std::vector<std::string>& paths) {
    PlayTracks out;
    if (paths.empty()) {  // the whole library, but for rows whose file is gone
        auto rows = answer_rows(library, "play");
        if (!rows) return rows.error();
        for (auto& row : rows.value()) {
            if (!file_is_gone(row.features.path)) out.ready.push_back(playable_row(std::move(row)));
        }
        return out;
    }
    const auto scan = expand_set_paths(paths);
    out.skipped = scan.errors;
    std::map<std::string, std::string> path_of_content;  // the same audio twice is one track
    for (const auto& file : scan.files) {
        if (interrupt_flag().load()) return Error{"play: interrupted"};
        auto identity = identify_file(file);
        if (!identity) {
            out.skipped.push_back(identity.error().message);
            continue;
        }
        auto current = library.is_current(identity.value());
        if (!current) return current.error();
        if (!current.value()) {
            out.to_analyse.push_back(file);
            continue;
        }
        auto stored = library.find(file);
        auto analysis = library.load(file);
        if (!stored || !analysis || !stored.value() || !analysis.value()) {
            out.to_analyse.push_back(file);
            continue;
        }
        const auto [first, added] = path_of_content.emplace(stored.value()->content_hash, file.string());
        if (!added) {
            out.skipped.push_back(fmt::format("{}: the same audio as {}", printable_path(file), printable_path(first->second)));
            continue;
        }
        out.ready.push_back(playable(*analysis.value(), stored.value()->tags.artist));
    }
    return out;
}

BackgroundAnalysis::BackgroundAnalysis(std::filesystem::path db, std::vector<std::filesystem::path> files,
                                       std::function<void(live::PlayableTrack)> add) {
    if (files.empty()) return;
    thread_ = std::thread([this, db = std::move(db), files = std::move(files), add = std::move(add)] {
        auto library = Library::open(db);
        for (std::size_t i = 0; i < files.size() && !stop_.load(); ++i) {
            auto analysis = analysis_for(files[i], library ? library.value().get() : nullptr);
            if (!analysis) {
                fmt::print(stderr, "play: skipped {}\n", analysis.error().message);
                continue;
            }
            auto tags = AudioDecoder::read_tags(files[i]);
            add(playable(analysis.value(), tags ? tags.value().artist : std::string()));
        }
    });
}

BackgroundAnalysis::~BackgroundAnalysis() {
    stop_.store(true);
    if (thread_.joinable()) thread_.join();
}

}  // namespace minidj::cli
