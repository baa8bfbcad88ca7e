// The per-track feature row (docs/brain.md, "Track features").
#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "brain/seams.h"
#include "minidj/brain.h"

namespace minidj::brain {
namespace {

// Bars [first, last) that are not near-silent: a track's fade-in and fade-out bars (more than
// 20 dB below its loudest bar) are not where a DJ mixes.
std::pair<std::size_t, std::size_t> audible_bars(const BeatFeatures& beats, const BarLayout& layout) {
    std::vector<double> energy(layout.bars(), 0.0);
    double loudest = 0.0;
    for (std::size_t b = 0; b < energy.size(); ++b) {
        for (std::size_t r = layout.first_row(b); r < layout.end_row(b); ++r) energy[b] += beats.at(r, BeatFeatures::kEnergy);
        energy[b] /= double(layout.end_row(b) - layout.first_row(b));
        loudest = std::max(loudest, energy[b]);
    }
    const double floor = loudest * 0.1;  // -20 dB
    std::size_t first = 0, last = energy.size();
    while (first < last && energy[first] < floor) ++first;
    while (last > first && energy[last - 1] < floor) --last;
    return {first, last};
}

// The seam a mix makes is at the structure's cues (minidj/structure.h): outgoing, the phrase
// that ends where A's mix-out cue starts (edge = its last bar); incoming, the phrase from B's
// mix-in cue (edge = its first bar). A phrase is kPhraseBars bars, shorter where the track has
// fewer. A side whose cue is on no whole bar falls back to the first (last) whole audible
// phrase; tracks without bars use their beats.
void seam_sides(const TrackAnalysis& a, TrackFeatures& f) {
    const auto& beats = a.beat_features;
    const BarLayout layout(a);
    const auto [first, last] = audible_bars(beats, layout);
    const std::size_t n = std::min<std::size_t>(last - first, kPhraseBars);
    const std::size_t rows = beats.rows(), edge = std::min<std::size_t>(rows, 4);
    const auto& cues = a.structure;
    const std::size_t in_bar = cues.mix_in ? layout.bar_starting_at(a, cues.mix_in->time_s) : BarLayout::kNoBar;
    const std::size_t out_bar = cues.mix_out ? layout.bar_starting_at(a, cues.mix_out->time_s) : BarLayout::kNoBar;
    if (in_bar < layout.bars()) {
        f.incoming = {summarise_phrase(beats, layout, in_bar, std::min(layout.bars(), in_bar + kPhraseBars), in_bar), true};
    } else if (last > first) {
        f.incoming = {summarise_phrase(beats, layout, first, first + n, first), true};
    } else if (rows > 0) {
        f.incoming = {summarise_rows(beats, 0, rows, 0, edge), true};
    }
    if (out_bar != BarLayout::kNoBar && out_bar > 0) {
        const std::size_t begin = out_bar > kPhraseBars ? out_bar - kPhraseBars : 0;
        f.outgoing = {summarise_phrase(beats, layout, begin, out_bar, out_bar - 1), true};
    } else if (last > first) {
        f.outgoing = {summarise_phrase(beats, layout, last - n, last, last - 1), true};
    } else if (rows > 0) {
        f.outgoing = {summarise_rows(beats, 0, rows, rows - edge, rows), true};
    }
}

}  // namespace

TrackFeatures track_features(const TrackAnalysis& a) {
    TrackFeatures f;
    f.path = a.path;
    f.bpm = a.grid.bpm > 0 && !a.grid.beats.empty() ? a.grid.bpm : 0.0;
    if (a.key.key) {
        f.camelot_number = a.key.key->camelot_number();
        f.minor = a.key.key->minor;
    }
    f.loudness_lufs = a.loudness.integrated_lufs;
    f.energy_db = 20.0 * std::log10(std::max(a.energy_rms, 1e-6));
    f.brightness_hz = a.brightness_hz;
    const auto& beats = a.beat_features;
    if (beats.rows() > 0 && a.duration_s > 0) {
        double onset = 0.0;
        for (std::size_t r = 0; r < beats.rows(); ++r) onset += beats.at(r, BeatFeatures::kOnset);
        f.onset_density = onset / a.duration_s;  // = mean per-beat strength × beats per second
    }
    for (std::size_t i = 0; i < f.mfcc.size() && i < a.timbre.mfcc_mean.size(); ++i) f.mfcc[i] = a.timbre.mfcc_mean[i];
    seam_sides(a, f);
    return f;
}

TrainingTrack training_track(const TrackAnalysis& analysis) {
    return {track_features(analysis), inner_seams(analysis)};
}

}  // namespace minidj::brain
