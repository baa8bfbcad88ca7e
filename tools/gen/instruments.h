#pragma once
// Synth voices: each renders one event into the stereo mix. An event's attack starts exactly at
// the sample nearest its time (the kick's first sample is its peak), which is what makes the
// beat truth exact.
#include <cstdint>
#include <vector>

#include "style.h"

namespace minidj::gen {

/// kPadSub: the pad's envelope on a pure sine (low chord roots: body without harmonics that
/// would sound like other pitch classes).
enum class Voice { kKick, kSnare, kHat, kOpenHat, kCrash, kBass, kPad, kPadSub, kStab, kLead };

struct Event {
    Voice voice = Voice::kKick;
    double time_s = 0.0;
    double length_s = 0.0;  ///< held length of pitched voices (release comes after)
    int midi = 0;
    float velocity = 1.0f;
    float pan = 0.0f;       ///< -1 left .. 1 right
};

/// Stereo interleaved float samples at a fixed rate.
struct StereoBuffer {
    std::vector<float> samples;
    int sample_rate = 44100;
    std::size_t frames() const { return samples.size() / 2; }
};

/// Adds `event` to `out`; `noise_seed` seeds the noise of drum voices. Parts past the end of
/// the buffer are dropped.
void render_event(const Event& event, const StylePreset& style, std::uint64_t noise_seed,
                  StereoBuffer& out);

inline constexpr std::size_t kMaxChordNotes = 8;

/// Adds `count` (1..kMaxChordNotes) pitched events that share voice, time and length (a chord)
/// in one pass: one envelope for all, independent oscillators and filters per note.
void render_chord(const Event* events, std::size_t count, const StylePreset& style, StereoBuffer& out);

}  // namespace minidj::gen
