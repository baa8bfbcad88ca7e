#pragma once
// The tracks `minidj play` chooses from: the library's rows (all of it, or the PATHS given)
// at once, and the PATHS not yet analysed analysed in the background, each joining the
// player as soon as it is stored.

#include <atomic>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "minidj/library.h"
#include "minidj/live.h"

namespace minidj::cli {

struct PlayTracks {
    std::vector<live::PlayableTrack> ready;
    std::vector<std::filesystem::path> to_analyse;
    std::vector<std::string> skipped;  ///< "<path>: <reason>"
};

/// Splits `paths` (files, folders, playlists; none: the whole library) into tracks with a
/// current analysis in `library` and files still to analyse. Errors only when the library
/// cannot be read.
Result<PlayTracks> gather_play_tracks(Library& library, const std::vector<std::string>& paths);

/// The playable row of an analysis (artist from the tags, when the library has them).
live::PlayableTrack playable(const TrackAnalysis& analysis, const std::string& artist);

/// Analyses `files` one by one on its own thread with its own connection to the library file
/// `db`, storing each and handing its row to `add`; a file that fails is a line on stderr.
class BackgroundAnalysis {
public:
    BackgroundAnalysis(std::filesystem::path db, std::vector<std::filesystem::path> files,
                       std::function<void(live::PlayableTrack)> add);
    ~BackgroundAnalysis();  ///< stops after the file under way

private:
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

}  // namespace minidj::cli
