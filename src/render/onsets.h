#pragma once
// Onset localisation at sub-millisecond resolution, used twice: to place the renderer's beat
// grid on the attacks of the source audio, and to measure where beats landed in each deck's
// rendered audio (the report). Both use the same detector, so its bias cancels in a difference.

#include <cstddef>
#include <functional>
#include <optional>
#include <vector>

namespace minidj::render {

struct Onset {
    double time_s = 0.0;    ///< the attack: the middle of the steepest energy rise
    double strength = 0.0;  ///< that rise (energy per hop, absolute)
};

/// The energy envelope of a stereo buffer, one value per `kHop` frames; `start_s` is the time
/// of its first frame.
class OnsetEnvelope {
  public:
    static constexpr int kHop = 32;
    OnsetEnvelope(const float* stereo, std::size_t frames, int sample_rate, double start_s);
    /// The attack nearest the start of the window [t - radius, t + radius]: the first energy rise
    /// of at least half the largest there; nullopt outside the buffer.
    std::optional<Onset> locate(double t, double radius_s) const;

    /// The envelope at `t`, interpolated between hops (0 outside the buffer).
    double level_at(double t) const;
    double hop_s() const { return double(kHop) / sample_rate_; }

  private:
    std::vector<double> energy_;  // amplitude of the first difference, smoothed over 3 hops
    int sample_rate_;
    double start_s_;
};

struct Lag {
    double seconds = 0.0;  ///< how much later the attacks come than expected
    double weight = 0.0;   ///< the correlation at the lag (0: nothing to compare)
};

/// Where a deck's own audio around `t` landed in its rendered stem: the shift within
/// +-`max_lag_s` that best lines up `out`'s rises over [t - half_window_s, t + half_window_s]
/// with the unstretched `source`'s, the source read at to_source(time) (the renderer's time
/// map, so a stretched window is compared with the same music at its own speed). Positive: the
/// music came later than the map put it. The deck is compared with itself, so the attacks match
/// one for one, whatever the other deck plays.
/// Cross-correlation with a parabolic peak; rises are taken in the log domain (relative to the
/// level in the window), so an attack counts by how sudden it is, not how loud. A best shift
/// on the edge of the range is no peak: weight 0 (not measured).
Lag landing_lag(const OnsetEnvelope& source, const std::function<double(double)>& to_source,
                const OnsetEnvelope& out, double t, double half_window_s, double max_lag_s);

/// Moves `beats` (source times) onto the attacks of `envelope`: locates the onset near each
/// beat, drops weak and outlying ones, and fits offset + drift by least squares; the grid's own
/// spacing is kept. Returns the beats unchanged when fewer than 4 onsets are usable.
std::vector<double> fit_beats_to_onsets(const std::vector<double>& beats,
                                        const OnsetEnvelope& envelope);

}  // namespace minidj::render
