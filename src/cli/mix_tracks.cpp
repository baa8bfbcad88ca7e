#include "cli/mix_tracks.h"

#include <fmt/format.h>

namespace minidj::cli {

Result<TrackAnalysis> analysis_for(const std::filesystem::path& track, Library* library) {
    std::optional<FileIdentity> id;
    if (library) {
        auto identity = identify_file(track);
        if (!identity) return identity.error();
        id = identity.value();
        auto current = library->is_current(*id);
        if (current && current.value()) {
            auto stored = library->load(track);
            if (stored && stored.value()) return std::move(*stored.value());
        }
    }
    fmt::print(stderr, "analysing {}\n", printable_path(track));
    auto analysis = analyze_file(track);
    if (!analysis) return analysis.error();
    if (library && id) {
        auto tags = AudioDecoder::read_tags(track);
        if (auto s = library->store(*id, analysis.value(), tags ? std::optional(tags.value()) : std::nullopt); !s)
            fmt::print(stderr, "{}\n", s.error().message);
    }
    return analysis;
}

}  // namespace minidj::cli
