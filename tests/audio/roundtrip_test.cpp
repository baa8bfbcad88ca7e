// Encoder -> decoder round trips for every output format: duration (within codec padding),
// frequency and level of a 1 kHz sine; sample rates; mono, stereo and 5.1 input.
#include "audio/test_signals.h"
#include "minidj/audio.h"

namespace minidj {
namespace {

using test::TempDir;
namespace fs = std::filesystem;

struct Format {
    const char* ext;
    const char* container;  // AudioInfo::format the decoder reports
    const char* codec;      // AudioInfo::codec
    int max_rate;           // highest rate the format stores (higher input is resampled)
    int fixed_rate;         // the only rate it stores, or 0
    bool lossless;
};

const Format kFormats[] = {
    {".wav", "wav", "pcm_s16le", 0, 0, true}, {".aiff", "aiff", "pcm_s16be", 0, 0, true},
    {".flac", "flac", "flac", 0, 0, true},    {".mp3", "mp3", "mp3", 48000, 0, false},
    {".ogg", "ogg", "vorbis", 0, 0, false},   {".opus", "ogg", "opus", 0, 48000, false},
    {".m4a", "mov", "aac", 96000, 0, false},
};

int stored_rate(const Format& f, int rate) {
    if (f.fixed_rate) return f.fixed_rate;
    return f.max_rate && rate > f.max_rate ? f.max_rate : rate;
}

std::string label(const Format& f, int rate, int channels) {
    return std::string(f.ext) + " " + std::to_string(rate) + " Hz x" + std::to_string(channels);
}

// Writes `seconds` of a 1 kHz sine (amplitude 0.5) and decodes it back.
Result<DecodedAudio> round_trip(const TempDir& dir, const Format& f, int rate, int channels,
                                double seconds, std::vector<int> on = {}) {
    const auto path = dir / (std::string("tone") + f.ext);
    const auto x = test::sine(rate, channels, seconds, 1000.0, 0.5, std::move(on));
    Status w = write_audio_file(path, x.data(), x.size() / std::size_t(channels), rate, channels);
    if (!w.ok()) return w.error();
    EXPECT_TRUE(test::part_files(fs::path(path).parent_path()).empty());
    return decode_file(path);
}

TEST(RoundTrip, EveryFormatStereo44k) {
    for (const Format& f : kFormats) {
        TempDir dir;
        auto r = round_trip(dir, f, 44100, 2, 2.0);
        ASSERT_TRUE(r.ok()) << f.ext << ": " << r.error().message;
        const int rate = stored_rate(f, 44100);
        EXPECT_EQ(r->info.format, f.container) << f.ext;
        EXPECT_EQ(r->info.codec, f.codec) << f.ext;
        EXPECT_EQ(r->sample_rate, rate) << f.ext;
        EXPECT_EQ(r->channels, 2) << f.ext;
        // Lossless: exact length. Lossy: encoder delay/padding is trimmed by the container
        // where it can be; allow 50 ms either way.
        EXPECT_NEAR(r->duration_s(), 2.0, f.lossless ? 1e-9 : 0.05) << f.ext;
        EXPECT_NEAR(r->info.duration_s, 2.0, 0.06) << f.ext;
        for (int c = 0; c < 2; ++c) {
            EXPECT_NEAR(test::tone_frequency(r->samples, 2, c, rate), 1000.0, 1.0) << f.ext;
            EXPECT_NEAR(test::rms(r->samples, 2, c), 0.5 / std::sqrt(2.0), 0.02) << f.ext;
        }
    }
}

TEST(RoundTrip, SampleRates) {
    for (const Format& f : kFormats) {
        for (int rate : {8000, 11025, 22050, 44100, 48000, 96000, 192000}) {
            TempDir dir;
            auto r = round_trip(dir, f, rate, 2, 1.0);
            ASSERT_TRUE(r.ok()) << label(f, rate, 2) << ": " << r.error().message;
            const int out_rate = stored_rate(f, rate);
            EXPECT_EQ(r->sample_rate, out_rate) << label(f, rate, 2);
            EXPECT_NEAR(r->duration_s(), 1.0, f.lossless ? 1e-9 : 0.06) << label(f, rate, 2);
            EXPECT_NEAR(test::tone_frequency(r->samples, 2, 0, out_rate), 1000.0, 2.0)
                << label(f, rate, 2);
            EXPECT_NEAR(test::rms(r->samples, 2, 0), 0.5 / std::sqrt(2.0), 0.04)
                << label(f, rate, 2);
        }
    }
}

TEST(RoundTrip, MonoStaysMono) {
    for (const Format& f : kFormats) {
        TempDir dir;
        auto r = round_trip(dir, f, 48000, 1, 1.0);
        ASSERT_TRUE(r.ok()) << f.ext << ": " << r.error().message;
        EXPECT_EQ(r->channels, 1) << f.ext;
        EXPECT_EQ(r->info.channels, 1) << f.ext;
        EXPECT_NEAR(test::rms(r->samples, 1, 0), 0.5 / std::sqrt(2.0), 0.02) << f.ext;
    }
}

TEST(RoundTrip, FivePointOneCentreReachesBothSides) {
    const double centre_rms = 0.5 / std::sqrt(2.0) * std::sqrt(0.5);  // -3 dB
    for (const Format& f : kFormats) {
        TempDir dir;
        auto r = round_trip(dir, f, 48000, 6, 1.0, {2});  // FL FR FC LFE BL BR: centre only
        ASSERT_TRUE(r.ok()) << f.ext << ": " << r.error().message;
        EXPECT_EQ(r->channels, 2) << f.ext;
        // Lossless formats store all six channels and the decoder folds them; lossy ones
        // fold in the encoder. Either way the centre lands in both sides at -3 dB.
        EXPECT_EQ(r->info.channels, f.lossless ? 6 : 2) << f.ext;
        EXPECT_NEAR(test::rms(r->samples, 2, 0), centre_rms, 0.02) << f.ext;
        EXPECT_NEAR(test::rms(r->samples, 2, 1), centre_rms, 0.02) << f.ext;
    }
}

TEST(RoundTrip, FivePointOneSurroundsFoldAtMinus3dB) {
    TempDir dir;
    auto r = round_trip(dir, kFormats[2], 44100, 6, 1.0, {4});  // back left only, FLAC
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_NEAR(test::rms(r->samples, 2, 0), 0.5 / std::sqrt(2.0) * std::sqrt(0.5), 0.01);
    EXPECT_LT(test::rms(r->samples, 2, 1), 1e-4);
}

TEST(RoundTrip, LfeIsDropped) {
    TempDir dir;
    auto r = round_trip(dir, kFormats[0], 44100, 6, 0.5, {3});
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_LT(test::rms(r->samples, 2, 0), 1e-4);
}

}  // namespace
}  // namespace minidj
