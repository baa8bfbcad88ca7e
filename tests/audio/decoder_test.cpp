// AudioDecoder / decode_file on hand-written WAV files: channels, rates, blocks, bad input.
#include <unistd.h>

#include "audio/test_signals.h"
#include "minidj/audio.h"

namespace minidj {
namespace {

using test::TempDir;
namespace fs = std::filesystem;

bool starts_with(const std::string& s, const std::string& prefix) {
    return s.rfind(prefix, 0) == 0;
}

// The error for `path` names the decoder and the printable path, on one valid UTF-8 line.
void expect_decode_error(const Result<DecodedAudio>& r, const fs::path& path,
                         const std::string& reason_part) {
    ASSERT_FALSE(r.ok());
    const std::string& m = r.error().message;
    EXPECT_TRUE(starts_with(m, "decode: " + printable_path(path) + ": ")) << m;
    EXPECT_NE(m.find(reason_part), std::string::npos) << m;
    EXPECT_EQ(m.find('\n'), std::string::npos) << m;
    EXPECT_TRUE(test::valid_utf8(m)) << m;
}

TEST(Decoder, MonoStaysMono) {
    TempDir dir;
    const auto path = dir / "mono.wav";
    test::write_wav16(path, test::sine(44100, 1, 1.0), 44100, 1);
    auto r = decode_file(path);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->channels, 1);
    EXPECT_EQ(r->sample_rate, 44100);
    EXPECT_EQ(r->samples.size(), 44100u);
    EXPECT_EQ(r->info.format, "wav");
    EXPECT_EQ(r->info.codec, "pcm_s16le");
    EXPECT_NEAR(r->info.duration_s, 1.0, 1e-3);
    EXPECT_NEAR(test::tone_frequency(r->samples, 1, 0, 44100), 1000.0, 0.5);
    EXPECT_NEAR(test::rms(r->samples, 1, 0), 0.5 / std::sqrt(2.0), 1e-3);
}

TEST(Decoder, StereoStaysStereoWithChannelsApart) {
    TempDir dir;
    const auto path = dir / "stereo.wav";
    test::write_wav16(path, test::sine(48000, 2, 0.5, 440.0, 0.5, {1}), 48000, 2);
    auto r = decode_file(path);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->channels, 2);
    EXPECT_EQ(r->info.channels, 2);
    EXPECT_LT(test::rms(r->samples, 2, 0), 1e-6);
    EXPECT_NEAR(test::rms(r->samples, 2, 1), 0.5 / std::sqrt(2.0), 1e-3);
}

TEST(Decoder, FivePointOneFoldsToStereoWithCentreInBoth) {
    TempDir dir;
    const auto path = dir / "surround.wav";
    // Centre only (channel 2 of FL FR FC LFE BL BR).
    test::write_wav16(path, test::sine(48000, 6, 0.5, 1000.0, 0.5, {2}), 48000, 6);
    auto r = decode_file(path);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->info.channels, 6);
    ASSERT_EQ(r->channels, 2);
    const double expected = 0.5 / std::sqrt(2.0) * std::sqrt(0.5);  // sine RMS at -3 dB
    EXPECT_NEAR(test::rms(r->samples, 2, 0), expected, 2e-3);
    EXPECT_NEAR(test::rms(r->samples, 2, 1), expected, 2e-3);
}

TEST(Decoder, FivePointOneKeepsLeftAndRightApart) {
    TempDir dir;
    const auto path = dir / "surround_left.wav";
    test::write_wav16(path, test::sine(48000, 6, 0.5, 1000.0, 0.5, {0}), 48000, 6);
    auto r = decode_file(path);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_NEAR(test::rms(r->samples, 2, 0), 0.5 / std::sqrt(2.0), 2e-3);
    EXPECT_LT(test::rms(r->samples, 2, 1), 1e-6);
}

TEST(Decoder, QuadAndSevenPointOneFoldToStereo) {
    for (int channels : {3, 4, 5, 8}) {
        TempDir dir;
        const auto path = dir / "multi.wav";
        test::write_wav16(path, test::sine(44100, channels, 0.25), 44100, channels);
        auto r = decode_file(path);
        ASSERT_TRUE(r.ok()) << r.error().message;
        EXPECT_EQ(r->channels, 2) << channels;
        EXPECT_EQ(r->samples.size(), std::size_t(44100 / 4 * 2)) << channels;
        EXPECT_GT(test::rms(r->samples, 2, 0), 0.3) << channels;
    }
}

TEST(Decoder, SampleRatesFrom8kTo192k) {
    for (int rate : {8000, 11025, 22050, 44100, 48000, 96000, 192000}) {
        TempDir dir;
        const auto path = dir / "rate.wav";
        test::write_wav16(path, test::sine(rate, 2, 0.5, 1000.0), rate, 2);
        auto r = decode_file(path);
        ASSERT_TRUE(r.ok()) << r.error().message;
        EXPECT_EQ(r->sample_rate, rate);
        EXPECT_NEAR(r->duration_s(), 0.5, 1e-3) << rate;
        EXPECT_NEAR(test::tone_frequency(r->samples, 2, 0, rate), 1000.0, 1.0) << rate;
    }
}

TEST(Decoder, SmallBlocksGiveTheSameSamplesAsDecodeFile) {
    TempDir dir;
    const auto path = dir / "blocks.wav";
    test::write_wav16(path, test::sine(44100, 2, 1.0, 1234.0), 44100, 2);
    auto whole = decode_file(path);
    ASSERT_TRUE(whole.ok());
    for (std::size_t block : {1u, 7u, 100u, 4096u, 100000u}) {
        auto dec = AudioDecoder::open(path);
        ASSERT_TRUE(dec.ok()) << dec.error().message;
        EXPECT_EQ((*dec)->output_channels(), 2);
        EXPECT_EQ((*dec)->output_rate(), 44100);
        std::vector<float> all, buf;
        for (;;) {
            auto n = (*dec)->read(buf, block);
            ASSERT_TRUE(n.ok());
            if (*n == 0) break;
            ASSERT_LE(*n, block);
            ASSERT_EQ(buf.size(), *n * 2);
            all.insert(all.end(), buf.begin(), buf.end());
        }
        EXPECT_EQ(all, whole->samples) << block;
        EXPECT_EQ((*dec)->corrupt_packets(), 0u);
        auto again = (*dec)->read(buf);  // reading past the end stays at the end
        ASSERT_TRUE(again.ok());
        EXPECT_EQ(*again, 0u);
    }
}

TEST(DecoderErrors, MissingFile) {
    TempDir dir;
    const auto path = dir / "nope.mp3";
    expect_decode_error(decode_file(path), path, "no such file");
}

TEST(DecoderErrors, EmptyFile) {
    TempDir dir;
    const auto path = dir / "empty.flac";
    test::write_bytes(path, "");
    expect_decode_error(decode_file(path), path, "empty file");
}

TEST(DecoderErrors, Directory) {
    TempDir dir;
    const auto path = dir / "album.mp3";
    fs::create_directory(path);
    expect_decode_error(decode_file(path), path, "is a directory");
}

TEST(DecoderErrors, TextFileNamedMp3) {
    TempDir dir;
    const auto path = dir / "notes.mp3";
    std::string text;
    for (int i = 0; i < 200; ++i) text += "This is not music, just a shopping list line.\n";
    test::write_bytes(path, text);
    expect_decode_error(decode_file(path), path, "");
}

TEST(DecoderErrors, JpegIsNotAudio) {
    TempDir dir;
    const auto path = dir / "cover.jpg";
    std::string jpeg = "\xFF\xD8\xFF\xE0";
    jpeg += std::string("\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00", 16);
    jpeg += std::string(4000, '\x55');
    jpeg += "\xFF\xD9";
    test::write_bytes(path, jpeg);
    expect_decode_error(decode_file(path), path, "");
}

TEST(DecoderErrors, RandomGarbageFailsFast) {
    TempDir dir;
    const auto path = dir / "noise.mp3";
    std::string junk(8 << 20, '\0');
    std::uint32_t x = 12345;
    for (auto& c : junk) {
        x = x * 1664525u + 1013904223u;
        c = char(x >> 24);
    }
    test::write_bytes(path, junk);
    expect_decode_error(decode_file(path), path, "");
}

TEST(DecoderErrors, PermissionDenied) {
    if (geteuid() == 0) GTEST_SKIP() << "root can read a chmod 000 file";
    TempDir dir;
    const auto path = dir / "locked.wav";
    test::write_wav16(path, test::sine(8000, 1, 0.1), 8000, 1);
    fs::permissions(path, fs::perms::none);
    expect_decode_error(decode_file(path), path, "permission denied");
}

TEST(DecoderErrors, TruncatedWavDecodesWhatIsThere) {
    TempDir dir;
    const auto path = dir / "cut.wav";
    test::write_wav16(path, test::sine(44100, 2, 2.0), 44100, 2);
    const std::string bytes = test::read_bytes(path);
    test::write_bytes(path, bytes.substr(0, bytes.size() * 3 / 10));
    auto r = decode_file(path);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_GT(r->duration_s(), 0.5);
    EXPECT_LT(r->duration_s(), 0.7);
}

TEST(DecoderErrors, HeaderOnlyWavIsAnError) {
    TempDir dir;
    const auto path = dir / "header.wav";
    test::write_wav16(path, test::sine(44100, 2, 1.0), 44100, 2);
    test::write_bytes(path, test::read_bytes(path).substr(0, 44));
    expect_decode_error(decode_file(path), path, "");
}

TEST(DecoderPaths, NonUtf8NameDecodes) {
    TempDir dir;
    const auto path = dir / fs::path(std::string("caf\xe9.wav"));
    test::write_wav16(path, test::sine(22050, 1, 0.2), 22050, 1);
    auto r = decode_file(path);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->samples.size(), 4410u);
}

TEST(DecoderPaths, NonUtf8NameInErrorIsEscaped) {
    TempDir dir;
    const auto path = dir / fs::path(std::string("caf\xe9\xff.mp3"));
    test::write_bytes(path, "garbage, not audio");
    auto r = decode_file(path);
    expect_decode_error(r, path, "");
    EXPECT_NE(r.error().message.find("caf\\xe9\\xff.mp3"), std::string::npos) << r.error().message;
}

TEST(DecoderPaths, SpacesQuotesColonsAndUnicode) {
    TempDir dir;
    for (const char* name : {"my song.wav", "it's \"live\".wav", "Artist: Title.wav",
                             "Bj\xc3\xb6rk \xe2\x80\x93 J\xc3\xb3ga \xf0\x9f\x8e\xb5.wav",
                             "http:not-a-url.wav", "-dash.wav"}) {
        const auto path = dir / name;
        test::write_wav16(path, test::sine(8000, 1, 0.1), 8000, 1);
        auto r = decode_file(path);
        ASSERT_TRUE(r.ok()) << name << ": " << r.error().message;
        EXPECT_EQ(r->samples.size(), 800u) << name;
    }
}

TEST(PrintablePath, EscapesInvalidBytesAndControls) {
    EXPECT_EQ(printable_path("plain/name.mp3"), "plain/name.mp3");
    EXPECT_EQ(printable_path(std::string("caf\xe9.wav")), "caf\\xe9.wav");
    EXPECT_EQ(printable_path("caf\xc3\xa9.wav"), "caf\xc3\xa9.wav");
    EXPECT_EQ(printable_path("a\nb\tc"), "a\\x0ab\\x09c");
    EXPECT_EQ(printable_path(std::string("\xc0\xaf")), "\\xc0\\xaf");           // overlong '/'
    EXPECT_EQ(printable_path(std::string("\xed\xa0\x80")), "\\xed\\xa0\\x80");  // surrogate
    EXPECT_EQ(printable_path(std::string("\xe2\x82")), "\\xe2\\x82");           // cut short
    EXPECT_EQ(printable_path("\xf0\x9f\x8e\xb5"), "\xf0\x9f\x8e\xb5");
}

TEST(AudioExtension, KnownExtensionsAnyCase) {
    for (const char* name :
         {"a.mp3", "b.FLAC", "c.Ogg", "d.opus", "e.wav", "f.m4a", "g.aiff", "h.aif", "i.wma",
          "j.wv", "k.ape", "l.mka", "m.webm", "n.oga", "o.aac", "p.mp4", "q.alac"}) {
        EXPECT_TRUE(is_audio_extension(name)) << name;
    }
    for (const char* name : {"a.txt", "b.jpg", "mp3", "c.", "d", "e.mp3.part", ".flac"}) {
        EXPECT_FALSE(is_audio_extension(name)) << name;
    }
}

}  // namespace
}  // namespace minidj
