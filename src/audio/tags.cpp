// Tags: read from the container and its audio stream (AudioDecoder::read_tags, and every opened
// decoder), written into the muxer's metadata by AudioEncoder.
#include "audio/tags.h"

#include <cctype>

#include "audio/decoder_impl.h"
#include "minidj/json_text.h"
#include "util/utf8.h"

namespace minidj {
namespace audio_detail {
namespace {

// The first of `keys` present in the container's, then the stream's metadata (Ogg and Opus keep
// their comments on the stream, most other formats on the container). Keys match any case.
std::string first_tag(const AVFormatContext& format, const AVStream* stream,
                      std::initializer_list<const char*> keys) {
    for (const AVDictionary* dict : {format.metadata, stream ? stream->metadata : nullptr}) {
        for (const char* key : keys) {
            const AVDictionaryEntry* e = av_dict_get(dict, key, nullptr, 0);
            if (e && e->value && *e->value) return valid_utf8(e->value);
        }
    }
    return {};
}

int leading_year(const std::string& date) {
    if (date.size() < 4) return 0;
    for (int i = 0; i < 4; ++i) {
        if (!std::isdigit(static_cast<unsigned char>(date[std::size_t(i)]))) return 0;
    }
    return std::stoi(date.substr(0, 4));
}

}  // namespace

AudioTags tags_of(const AVFormatContext& format, int stream_index) {
    const AVStream* stream = stream_index >= 0 ? format.streams[stream_index] : nullptr;
    AudioTags tags;
    tags.artist = first_tag(format, stream, {"artist", "album_artist"});
    tags.title = first_tag(format, stream, {"title"});
    tags.album = first_tag(format, stream, {"album"});
    tags.genre = first_tag(format, stream, {"genre"});
    tags.year = leading_year(first_tag(format, stream, {"date", "year"}));
    return tags;
}

void set_tags(AVDictionary** metadata, const AudioTags& tags) {
    for (auto [key, value] : {std::pair{"artist", &tags.artist}, std::pair{"title", &tags.title},
                              std::pair{"album", &tags.album}, std::pair{"genre", &tags.genre}}) {
        if (!value->empty()) av_dict_set(metadata, key, value->c_str(), 0);
    }
    if (tags.year > 0) av_dict_set(metadata, "date", std::to_string(tags.year).c_str(), 0);
}

}  // namespace audio_detail

Result<AudioTags> AudioDecoder::read_tags(const std::filesystem::path& path) {
    audio_detail::init_ffmpeg();
    Impl impl;
    impl.path = path;
    for (auto step : {&Impl::open_input, &Impl::select_stream}) {
        if (Status s = (impl.*step)(); !s.ok()) return s.error();
    }
    return audio_detail::tags_of(*impl.format, impl.stream_index);
}

}  // namespace minidj
