// Phrase summaries: what one side of a seam sounds like (docs/brain.md, "Seam features").
#include "brain/seams.h"

#include <algorithm>
#include <cmath>

namespace minidj::brain {
namespace {

constexpr int kChroma = 12;
constexpr int kEnergy = 12;  // SeamVector layout, see brain.h
constexpr int kBands = 13;
constexpr int kOnset = 16;
constexpr int kEdgeChroma = 17;
constexpr int kEdgeEnergy = 29;

float to_db(double rms) { return float(20.0 * std::log10(std::max(rms, 1e-6))); }

// Mean chroma of rows [first, last), scaled to unit length (all zeros stay zeros).
void mean_chroma(const BeatFeatures& beats, std::size_t first, std::size_t last, float* out) {
    double sum[kChroma] = {};
    for (std::size_t r = first; r < last; ++r) {
        for (int c = 0; c < kChroma; ++c) sum[c] += beats.at(r, BeatFeatures::kChroma0 + c);
    }
    double norm = 0.0;
    for (double v : sum) norm += v * v;
    norm = std::sqrt(norm);
    for (int c = 0; c < kChroma; ++c) out[c] = norm > 0 ? float(sum[c] / norm) : 0.0f;
}

double mean_column(const BeatFeatures& beats, std::size_t first, std::size_t last, int column) {
    if (last <= first) return 0.0;
    double sum = 0.0;
    for (std::size_t r = first; r < last; ++r) sum += beats.at(r, column);
    return sum / double(last - first);
}

// Rows of the per-beat matrix that have a beat time.
std::size_t matrix_rows(const TrackAnalysis& analysis) {
    return std::min(analysis.grid.beats.size(), analysis.beat_features.rows());
}

// The row of the first beat from 1 ms before t: for a downbeat (a subset of the beats) its own
// row, though times may be rounded.
std::size_t row_at(const TrackAnalysis& analysis, double t) {
    const auto& beats = analysis.grid.beats;
    return std::size_t(std::lower_bound(beats.begin(), beats.begin() + std::ptrdiff_t(matrix_rows(analysis)), t - 1e-3) -
                       beats.begin());
}

}  // namespace

BarLayout::BarLayout(const TrackAnalysis& analysis) {
    const std::size_t rows = matrix_rows(analysis);
    for (double downbeat : analysis.grid.downbeats) {
        const std::size_t row = row_at(analysis, downbeat);
        if (row >= rows) break;
        if (!starts_.empty() && row <= starts_.back()) continue;
        starts_.push_back(row);
    }
}

std::size_t BarLayout::bar_starting_at(const TrackAnalysis& analysis, double t) const {
    const std::size_t row = row_at(analysis, t);
    if (row >= matrix_rows(analysis) || std::fabs(analysis.grid.beats[row] - t) > 1e-3) return kNoBar;
    const auto it = std::lower_bound(starts_.begin(), starts_.end(), row);
    return it != starts_.end() && *it == row ? std::size_t(it - starts_.begin()) : kNoBar;
}

SeamVector summarise_rows(const BeatFeatures& beats, std::size_t first, std::size_t last,
                          std::size_t edge_first, std::size_t edge_last) {
    SeamVector v{};
    mean_chroma(beats, first, last, v.data());
    v[kEnergy] = to_db(mean_column(beats, first, last, BeatFeatures::kEnergy));
    for (int b = 0; b < 3; ++b) v[kBands + b] = float(mean_column(beats, first, last, BeatFeatures::kLow + b));
    v[kOnset] = float(mean_column(beats, first, last, BeatFeatures::kOnset));
    mean_chroma(beats, edge_first, edge_last, v.data() + kEdgeChroma);
    v[kEdgeEnergy] = to_db(mean_column(beats, edge_first, edge_last, BeatFeatures::kEnergy));
    return v;
}

SeamVector summarise_phrase(const BeatFeatures& beats, const BarLayout& layout, std::size_t first,
                            std::size_t last, std::size_t edge_bar) {
    return summarise_rows(beats, layout.first_row(first), layout.end_row(last - 1), layout.first_row(edge_bar),
                          layout.end_row(edge_bar));
}

std::vector<InnerSeam> inner_seams(const TrackAnalysis& analysis, int step_bars, std::size_t max_seams) {
    const BarLayout layout(analysis);
    const std::size_t phrase = kPhraseBars;
    std::vector<std::size_t> at;  // seam positions (bar index of the incoming phrase's first bar)
    for (std::size_t s = phrase; s + phrase <= layout.bars(); s += std::size_t(std::max(step_bars, 1))) at.push_back(s);
    if (at.size() > max_seams && max_seams > 0) {  // keep an even spread
        std::vector<std::size_t> spread;
        for (std::size_t i = 0; i < max_seams; ++i) spread.push_back(at[i * at.size() / max_seams]);
        at = std::move(spread);
    } else if (max_seams == 0) {
        at.clear();
    }
    std::vector<InnerSeam> seams;
    seams.reserve(at.size());
    const auto& beats = analysis.beat_features;
    for (std::size_t s : at) {
        seams.push_back({summarise_phrase(beats, layout, s - phrase, s, s - 1),
                         summarise_phrase(beats, layout, s, s + phrase, s)});
    }
    return seams;
}

}  // namespace minidj::brain
