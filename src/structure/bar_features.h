#pragma once
// The per-bar view of a track that the structure stage works on: each bar's span and a vector
// of its loudness, band levels, onset density and harmony, summarised from the per-beat matrix.
#include <array>
#include <cstddef>
#include <vector>

#include "minidj/analysis.h"

namespace minidj::structure {

/// Columns of a bar's feature vector, all in dB: loudness, the three band levels, onset
/// density, and harmonic motion (how much the chroma moves from beat to beat: a melody or a
/// bass line over the chords moves it, held chords alone hardly do, so it tells a part with a
/// lead from one without even where the drums mask the lead's level), and the tonal level (of
/// the notes' spectral peaks: falls where a lead or bass line stops under drums that go on),
/// and the melody level (the tonal level from middle C up: falls where a lead stops over
/// chords and a bass that go on, which the whole tonal level hardly hears).
enum BarColumn : int { kLoud = 0, kLow, kMid, kHigh, kDensity, kMotion, kTonal, kMelody, kBarColumns };

struct Bars {
    std::vector<double> starts;  ///< the downbeats of the bars, plus the end of the last bar
    std::vector<double> values;  ///< bars() x kBarColumns, row-major
    /// Each bar's harmony: the mean of its beats' chroma, less its mean over the 12 classes and
    /// scaled to unit length (all 0 in a bar with no beat or no pitch). Not a cut column: chords
    /// change within a section, so harmony is compared bar against bar a phrase apart
    /// (segments.cpp, song_form.cpp).
    std::vector<std::array<double, 12>> chroma;
    double bar_s = 0.0;          ///< the median bar length (from the tempo for a single bar)
    /// The last bar is cut short by the end of the file (under 90 % of a bar): the notes of the
    /// last bar ringing out, not a bar of music of its own.
    bool last_is_partial = false;
    /// The matrix has the tonal level (analyser version 7 on); without, its column is 0 in
    /// every bar, which no cut or label hears.
    bool has_tonal = false;
    /// The matrix has the melody level (analyser version 8 on); without, its column is 0.
    bool has_melody = false;
    std::size_t bars() const { return starts.empty() ? 0 : starts.size() - 1; }
    double at(std::size_t bar, int column) const { return values[bar * kBarColumns + column]; }
};

/// 1 - cosine of two bars' chroma (1 when either has none).
double chroma_distance(const std::array<double, 12>& a, const std::array<double, 12>& b);

/// One row per bar of `grid.downbeats` (the last bar ends one median bar later, or at
/// `duration_s`). Beats before the first downbeat (a pick-up) belong to no bar.
Bars summarise_bars(const BeatGrid& grid, const BeatFeatures& features, double duration_s);

/// `bars` without its last bar.
Bars without_last_bar(const Bars& bars);

}  // namespace minidj::structure
