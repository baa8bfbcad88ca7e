#pragma once
// Private to src/audio: tags between FFmpeg's metadata dictionaries and AudioTags.

#include "audio/ffmpeg_handles.h"
#include "minidj/audio.h"

namespace minidj::audio_detail {

/// The tags of the container and of its stream `stream_index` (-1: the container only).
AudioTags tags_of(const AVFormatContext& format, int stream_index);

/// Adds the non-empty tags to `metadata` (the year as "date").
void set_tags(AVDictionary** metadata, const AudioTags& tags);

}  // namespace minidj::audio_detail
