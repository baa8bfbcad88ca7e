#pragma once
// The rhythm stage: tempo, beats, meter and downbeats of a track, read one of two ways.
//  - by the beat network (minidj/beat_network.h; the default since analyser v6): tempo and
//    dynamic-programming beat tracking on the network's beat probability, bars by kick and
//    chord-change evidence on its beats beside the network's downbeat output;
//  - by onsets (the analyser before v6, kept for comparison): tempo from the onset envelope's
//    periodicity, beats by dynamic programming, beat phase by bass and chord changes, bars by
//    kick and chord-change evidence.

#include <array>
#include <vector>

#include "analysis/chroma_analyzer.h"
#include "analysis/spectral_analyzer.h"
#include "minidj/analysis.h"

namespace minidj::analysis {

struct RhythmReading {
    BeatGrid grid;
    std::vector<double> beat_frames;                 ///< the beats on the analysis grid
    std::vector<std::array<float, 12>> beat_chroma;  ///< one chroma per beat
};

/// Both readers keep beats only where the audio is: from 0 to `duration_s`.
RhythmReading read_rhythm_by_onsets(const FrameFeatures& frames, const ChromaFrames& chroma,
                                    const AnalysisOptions& options, double duration_s);

RhythmReading read_rhythm_by_network(const FrameFeatures& frames, const ChromaFrames& chroma,
                                     const AnalysisOptions& options,
                                     const beatnet::Network& network, double duration_s);

}  // namespace minidj::analysis
