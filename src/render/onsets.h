#pragma once
// Onset localisation at sub-millisecond resolution: where an attack starts in a deck's own audio
// (to place the renderer's beat grid on the attacks, and for the report), and where a stretch of
// a deck's music landed in rendered audio.

#include <cstddef>
#include <functional>
#include <optional>
#include <vector>

namespace minidj::render {

/// Stereo audio on a timeline: `audio` (interleaved) starts at `start_s`.
struct DeckStem {
    const std::vector<float>* audio = nullptr;
    double start_s = 0.0;
};

/// Where the attack nearest `beat_s` starts: the steepest rise, within `radius_s`, of a
/// peak-hold envelope (the largest |x| over the last 12 ms, in 0.25 ms steps: it rises at the
/// first loud sample and rides over a bass wave), followed back to where it had climbed 15 % of
/// the way from the level before it. The start, not the steepest point, so a sound that swells
/// (a pad, a voice, a slow blip) beside a drum does not move the beat: every attack starts
/// where its sound does. nullopt without a clear attack (the envelope less than doubles).
std::optional<double> attack_start(const DeckStem& audio, int sample_rate, double beat_s, double radius_s);

/// The energy envelope of a stereo buffer, one value per `kHop` frames; `start_s` is the time
/// of its first frame.
class OnsetEnvelope {
  public:
    static constexpr int kHop = 32;
    OnsetEnvelope(const float* stereo, std::size_t frames, int sample_rate, double start_s);
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

/// attack_start() near each of `beats`, read in the band where `audio` shows its beat best: the
/// full band, or above 8 kHz (zero-phase, so nothing moves) when its attacks pin the beat down
/// better (the smaller median spread of the attacks that line up, over the root of their count;
/// at least an eighth of the beats must line up). A
/// dense recording (distorted guitars, pads) buries its drums' attacks in the full band, while
/// its hats and snares start clearly above 8 kHz; on clean material the two agree within 0.1 ms (median over the beats).
std::vector<std::optional<double>> beat_attacks(const DeckStem& audio, int sample_rate,
                                                const std::vector<double>& beats, double radius_s);

/// `attacks` (one per beat, as beat_attacks() gives them) without those more than 8 ms from the
/// median offset (attack - beat) of all of them: a hat or a flam before the kick is another
/// sound, not the beat. The one rule of which attacks count, for the beat fit and the report.
std::vector<std::optional<double>> lined_up_attacks(const std::vector<std::optional<double>>& attacks,
                                                    const std::vector<double>& beats);

/// Moves `beats` (source times) onto the attacks of `audio`: beat_attacks() near each beat,
/// outliers (more than 8 ms from the median offset) dropped, offset + drift fitted by least
/// squares; the grid's own spacing is kept. Returns the beats unchanged when fewer than 4
/// attacks are usable.
std::vector<double> fit_beats_to_attacks(const std::vector<double>& beats, const DeckStem& audio, int sample_rate);

}  // namespace minidj::render
