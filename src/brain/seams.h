#pragma once
// Phrases of a track (8-bar groups of downbeats) and their compact summaries (one seam side).

#include <cstddef>
#include <vector>

#include "minidj/analysis.h"
#include "minidj/brain.h"

namespace minidj::brain {

/// Bars as row ranges of the per-beat matrix: bar b spans rows [starts[b], starts[b + 1]).
/// Only whole bars are listed (a bar needs the next downbeat to end it).
class BarLayout {
  public:
    explicit BarLayout(const TrackAnalysis& analysis);
    std::size_t bars() const { return starts_.empty() ? 0 : starts_.size() - 1; }
    std::size_t first_row(std::size_t bar) const { return starts_[bar]; }
    std::size_t end_row(std::size_t bar) const { return starts_[bar + 1]; }
    static constexpr std::size_t kNoBar = std::size_t(-1);
    /// The bar that starts at time t (a downbeat of the grid; bars() where the last bar ends),
    /// else kNoBar.
    std::size_t bar_starting_at(const TrackAnalysis& analysis, double t) const;

  private:
    std::vector<std::size_t> starts_;
};

/// Summarises bars [first, last) of the track; `edge_bar` is the bar at the seam.
SeamVector summarise_phrase(const BeatFeatures& beats, const BarLayout& layout, std::size_t first,
                            std::size_t last, std::size_t edge_bar);

/// Summarises beat rows [first, last) with the edge rows [edge_first, edge_last): the fallback
/// for tracks shorter than a bar.
SeamVector summarise_rows(const BeatFeatures& beats, std::size_t first, std::size_t last,
                          std::size_t edge_first, std::size_t edge_last);

}  // namespace minidj::brain
