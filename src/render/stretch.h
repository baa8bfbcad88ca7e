#pragma once
// Time-stretching a segment with Rubber Band in offline mode, driven by a key-frame map: each
// beat of the source is pinned to the output frame where the master clock puts it, so the
// stretch follows the tempo curve and the beats land where they must (measured: within a few
// milliseconds; the report measures every render). Pitch is kept (key lock). Memory: the
// segment (the overlap), not the track.

#include <cstddef>
#include <map>
#include <vector>

#include "minidj/render.h"

namespace minidj::render {

/// Stretches stereo `input` to exactly `out_frames` frames, mapping each key frame
/// (source frame -> output frame) as closely as the engine can. Single-threaded.
std::vector<float> stretch_segment(const std::vector<float>& input, int sample_rate,
                                   std::size_t out_frames,
                                   const std::map<std::size_t, std::size_t>& key_frames,
                                   StretchEngine engine);

}  // namespace minidj::render
