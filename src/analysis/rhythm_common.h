#pragma once
// Small helpers both rhythm readers use (rhythm.h).

#include <algorithm>
#include <cmath>
#include <vector>

#include "analysis/frame_grid.h"
#include "analysis/spectral_analyzer.h"
#include "analysis/tempo.h"

namespace minidj::analysis {

/// The median interval between consecutive beats (any unit); 0 for < 2 beats.
inline double median_interval(const std::vector<double>& beats) {
    if (beats.size() < 2) return 0.0;
    std::vector<double> d;
    for (std::size_t i = 1; i < beats.size(); ++i) d.push_back(beats[i] - beats[i - 1]);
    std::nth_element(d.begin(), d.begin() + std::ptrdiff_t(d.size() / 2), d.end());
    return d[d.size() / 2];
}

/// The tempo of beats in seconds: 60 / their median interval, to 0.01 BPM; 0 for < 2 beats.
inline double bpm_of(const std::vector<double>& beats) {
    const double ibi = median_interval(beats);
    return ibi > 0 ? std::round(6000.0 / ibi) / 100.0 : 0.0;
}

/// The onset envelope the onset reader tracks and whose periodicity tells music with a beat:
/// all-band flux plus the low-band flux (kick and bass are a few bands of forty, so they
/// count twice), normalised (tempo.h).
inline std::vector<float> tracking_onset_envelope(const FrameFeatures& frames) {
    std::vector<float> onset(frames.onset);
    for (std::size_t i = 0; i < onset.size(); ++i) onset[i] += frames.low_onset[i];
    return normalise_onset_envelope(onset);
}

/// Drops the beats (frames on the analysis grid) whose time, `frame / fps + seconds_after_frame`,
/// falls outside the audio: a steady grid fitted through the beats, or a latency correction,
/// may reach before 0 s or past the end, and a cue there cannot be played.
inline void keep_beats_within_audio(std::vector<double>& beat_frames, double seconds_after_frame,
                                    double duration_s) {
    const double first_frame = -seconds_after_frame * kFramesPerSecond;
    for (double& f : beat_frames) {
        // Music that starts on a beat: the grid puts that beat a few ms early or late.
        if (f < first_frame && f > first_frame - 1.0) f = first_frame;
    }
    std::erase_if(beat_frames, [&](double f) {
        const double t = f / kFramesPerSecond + seconds_after_frame;
        return t < 0.0 || t > duration_s;
    });
}

}  // namespace minidj::analysis
