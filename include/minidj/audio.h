#pragma once
/// @file audio.h
/// Decoding (any format FFmpeg reads), resampling, and encoding. The only module that touches
/// libav*; FFmpeg types never appear in this header.
///
/// Thread safety: each object is used by one thread at a time; distinct objects are independent.
/// Units: sample rates in Hz; durations in seconds; audio is 32-bit float, interleaved, nominal
/// range [-1, 1].

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "minidj/files.h"  // printable_path
#include "minidj/result.h"

namespace minidj {

struct DecodedAudio;

/// A file's tags (ID3, Vorbis comments, MP4 atoms, RIFF INFO: whatever FFmpeg reads), from the
/// container and its first audio stream. Always valid UTF-8 (bytes that are not become U+FFFD);
/// empty strings and 0 when absent.
struct AudioTags {
    std::string artist;  ///< "artist", else "album_artist"
    std::string title;
    std::string album;
    std::string genre;
    int year = 0;        ///< the leading four digits of "date" (or "year"): "1997-05-12" -> 1997
    bool empty() const { return artist.empty() && title.empty() && album.empty() && genre.empty() && year == 0; }
    bool operator==(const AudioTags&) const = default;
};

/// What the container says about a file's first audio stream.
struct AudioInfo {
    std::string format;        ///< container short name, e.g. "mp3", "flac", "ogg", "wav"
    std::string codec;         ///< codec short name, e.g. "mp3", "flac", "vorbis", "pcm_s16le"
    int sample_rate = 0;       ///< of the source stream
    int channels = 0;          ///< of the source stream (1 mono, 2 stereo, 6 for 5.1, ...)
    double duration_s = 0.0;   ///< from the container; 0 when unknown (the decoder counts anyway)
};

/// Streams a file's first audio stream as interleaved float, downmixed to at most two channels
/// (mono stays mono, 5.1 folds down to stereo) at the source sample rate.
class AudioDecoder {
public:
    /// Opens `path` and decodes its first audio frame, so a decoder that opens is known to
    /// produce audio. Fails with "decode: <path>: <reason>" (path via printable_path) for
    /// missing, unreadable, empty, non-audio or undecodable files, and for directories. A
    /// garbage file fails after reading a few MiB at most. Non-UTF-8 names work.
    /// More than two source channels fold to stereo per ITU-R BS.775 (centre and surrounds at
    /// -3 dB, LFE dropped, not normalised); see docs/formats.md.
    static Result<std::unique_ptr<AudioDecoder>> open(const std::filesystem::path& path);
    /// Only the file's tags: probes the container, decodes nothing (milliseconds per file).
    /// Fails as open() does for files that are missing, unreadable or hold no audio stream.
    static Result<AudioTags> read_tags(const std::filesystem::path& path);
    ~AudioDecoder();
    AudioDecoder(const AudioDecoder&) = delete;
    AudioDecoder& operator=(const AudioDecoder&) = delete;

    const AudioInfo& info() const;
    int output_channels() const;  ///< 1 or 2
    int output_rate() const;      ///< equals info().sample_rate

    /// Replaces `out` with the next block of interleaved samples (at most `max_frames` frames,
    /// usually fewer). Returns the number of frames; 0 means end of stream. Corrupt packets in
    /// the middle are skipped (as players do); an error is returned only when decoding cannot
    /// continue at all.
    Result<std::size_t> read(std::vector<float>& out, std::size_t max_frames = 8192);

    /// Packets (or demuxer reads) that failed and were skipped so far. Non-zero means the file
    /// is damaged: the audio has gaps where the corrupt data was.
    std::size_t corrupt_packets() const;

private:
    struct Impl;
    explicit AudioDecoder(std::unique_ptr<Impl> impl);
    friend Result<DecodedAudio> decode_file(const std::filesystem::path& path);
    std::unique_ptr<Impl> impl_;
};

/// Whole-file convenience: decodes everything, interleaved, at the source rate.
struct DecodedAudio {
    AudioInfo info;
    int sample_rate = 0;
    int channels = 0;
    std::vector<float> samples;  ///< interleaved
    double duration_s() const {
        return channels && sample_rate ? double(samples.size() / channels) / sample_rate : 0.0;
    }
};
Result<DecodedAudio> decode_file(const std::filesystem::path& path);

/// Streaming sample-rate and channel-count converter (libswresample underneath).
/// 1..8 input channels (FFmpeg's default layout for the count: 6 = 5.1), 1 or 2 output
/// channels. Folding to stereo uses the decoder's rule; folding to mono is normalised
/// (stereo -> 0.5 L + 0.5 R). Errors read "resample: <reason>".
class Resampler {
public:
    static Result<std::unique_ptr<Resampler>> create(int in_rate, int in_channels, int out_rate,
                                                     int out_channels);
    ~Resampler();
    Resampler(const Resampler&) = delete;
    Resampler& operator=(const Resampler&) = delete;

    /// Converts `frames` interleaved input frames; appends the output frames to `out`.
    /// Pass frames = 0 to flush the converter's delay at the end of the stream.
    void process(const float* in, std::size_t frames, std::vector<float>& out);

private:
    struct Impl;
    explicit Resampler(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

/// Writes audio to a file whose extension picks the format (case-insensitive):
///   .wav  16-bit PCM            .aiff/.aif  16-bit PCM (big-endian)   .flac  16-bit FLAC
///   .mp3  LAME, 320 kb/s CBR    .ogg/.oga   Vorbis q6 (~192 kb/s)     .opus  Opus 160 kb/s
///   .m4a  AAC-LC 256 kb/s
/// Input is interleaved float with 1..8 channels. WAV, AIFF and FLAC keep every channel
/// (6 = 5.1); the lossy formats fold more than two channels down to stereo. A sample rate the
/// codec cannot store is resampled to the nearest one it can (MP3 tops out at 48 kHz, AAC at
/// 96 kHz; Opus always stores 48 kHz).
/// The data goes to a temporary file beside `path` (an AtomicFile, files.h) that a successful
/// finish() syncs and renames to `path`, so a crash or an error never leaves a half-written
/// file under the final name, and two runs writing the same output do not mix their data.
/// Errors read "encode: <path>: <reason>".
class AudioEncoder {
public:
    static Result<std::unique_ptr<AudioEncoder>> open(const std::filesystem::path& path,
                                                      int sample_rate, int channels);
    /// Same, with `tags` in the file's metadata (non-empty fields; the year as "date"), where
    /// every format above stores them.
    static Result<std::unique_ptr<AudioEncoder>> open(const std::filesystem::path& path,
                                                      int sample_rate, int channels,
                                                      const AudioTags& tags);
    ~AudioEncoder();  ///< without finish(), removes the partial file
    AudioEncoder(const AudioEncoder&) = delete;
    AudioEncoder& operator=(const AudioEncoder&) = delete;

    Status write(const float* interleaved, std::size_t frames);
    Status finish();

private:
    struct Impl;
    explicit AudioEncoder(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

/// True when the format `path`'s extension picks stores samples exactly, up to 16-bit rounding
/// (WAV, AIFF, FLAC): what is handed to the encoder is then what the file holds.
bool is_lossless_output(const std::filesystem::path& path);

/// Writes a whole buffer with AudioEncoder (format from the extension).
Status write_audio_file(const std::filesystem::path& path, const float* interleaved,
                        std::size_t frames, int sample_rate, int channels);
/// Same, with tags (see AudioEncoder::open).
Status write_audio_file(const std::filesystem::path& path, const float* interleaved,
                        std::size_t frames, int sample_rate, int channels, const AudioTags& tags);

/// True for extensions minidj tries to decode when scanning folders (case-insensitive).
bool is_audio_extension(const std::filesystem::path& path);

}  // namespace minidj
