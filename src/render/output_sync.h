#pragma once
// Beat sync read from each deck's audio as it went into the mix (after its EQ, loudness trim and
// fader; what follows, the limiter and the encoder, acts on the sum, so it moves both decks
// alike). For each deck and each beat of the overlap, two things are measured on audio, neither
// taken from the renderer's fitted and nudged beat map: where the deck's attack starts in its
// own unstretched audio (attack_start() near the analysed beat), and where that stretch of the
// deck's music landed in its rendered audio (its onset pattern correlated with the unstretched
// audio read at its own speed). The plan's beat times only say where to look: the search reaches a quarter
// beat (at most 60 ms) either side.

#include <optional>
#include <vector>

#include "minidj/render.h"
#include "render/onsets.h"

namespace minidj::render {

/// One deck of one transition, as the measurement sees it.
struct DeckBeats {
    DeckStem source;            ///< the deck's own audio (stereo), unstretched, in track time
    std::vector<double> beats;  ///< the deck's analysed beats (track seconds), one per master beat
};

/// Where each of a deck's attacks sits in OUT (seconds), per master beat k, read from `rendered`
/// (the deck's audio in OUT time); `planned_out[k]` is where the plan puts master beat k.
/// nullopt where the deck is silent or the two correlation windows disagree.
std::vector<std::optional<double>> attacks_in_output(const DeckStem& rendered, const DeckBeats& deck,
                                                     const std::vector<double>& planned_out, int sample_rate);

/// B's attack minus A's per master beat (seconds; positive: B late), where both were found.
std::vector<std::optional<double>> sync_differences(const std::vector<std::optional<double>>& a,
                                                    const std::vector<std::optional<double>>& b);

}  // namespace minidj::render
