#pragma once
// Onset localisation at sub-millisecond resolution, used twice: to place the renderer's beat
// grid on the attacks of the source audio, and to measure where beats landed in each deck's
// rendered audio (the report). Both use the same detector, so its bias cancels in a difference.

#include <cstddef>
#include <optional>
#include <vector>

namespace minidj::render {

struct Onset {
    double time_s = 0.0;   ///< the attack: the middle of the steepest energy rise
    double strength = 0.0; ///< that rise (energy per hop, absolute)
};

/// The energy envelope of a stereo buffer, one value per `kHop` frames; `start_s` is the time
/// of its first frame.
class OnsetEnvelope {
public:
    static constexpr int kHop = 32;
    OnsetEnvelope(const float* stereo, std::size_t frames, int sample_rate, double start_s);
    /// The attack nearest the start of the window [t - radius, t + radius]: the first energy rise of at
    /// least half the largest there; nullopt outside the buffer.
    std::optional<Onset> locate(double t, double radius_s) const;

private:
    std::vector<double> energy_;  // amplitude of the first difference, smoothed over 3 hops
    int sample_rate_;
    double start_s_;
};

/// Moves `beats` (source times) onto the attacks of `envelope`: locates the onset near each
/// beat, drops weak and outlying ones, and fits offset + drift by least squares; the grid's own
/// spacing is kept. Returns the beats unchanged when fewer than 4 onsets are usable.
std::vector<double> fit_beats_to_onsets(const std::vector<double>& beats, const OnsetEnvelope& envelope);

}  // namespace minidj::render
