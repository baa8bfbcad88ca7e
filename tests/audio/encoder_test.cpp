// AudioEncoder lifecycle (temporary file, rename, errors) and the Resampler.
#include "audio/test_signals.h"
#include "minidj/audio.h"

namespace minidj {
namespace {

using test::TempDir;
namespace fs = std::filesystem;

// The one temporary file an unfinished encoder of `path` has beside it.
bool has_part(const fs::path& path) {
    const auto parts = test::part_files(path.parent_path());
    return parts.size() == 1 && parts[0].filename().string().rfind("." + path.filename().string() + ".", 0) == 0;
}

TEST(Encoder, WritesToATemporaryFileThenRenamesOnFinish) {
    TempDir dir;
    const auto path = dir / "mix.flac";
    auto enc = AudioEncoder::open(path, 44100, 2);
    ASSERT_TRUE(enc.ok()) << enc.error().message;
    const auto x = test::sine(44100, 2, 0.5);
    ASSERT_TRUE((*enc)->write(x.data(), x.size() / 2).ok());
    EXPECT_TRUE(has_part(path));
    EXPECT_FALSE(fs::exists(path));
    ASSERT_TRUE((*enc)->finish().ok());
    EXPECT_TRUE(fs::exists(path));
    EXPECT_TRUE(test::part_files(dir.path()).empty());
    // The file stays after the encoder is gone.
    enc.value().reset();
    EXPECT_TRUE(fs::exists(path));
}

TEST(Encoder, DestructionWithoutFinishRemovesThePart) {
    TempDir dir;
    const auto path = dir / "abandoned.mp3";
    {
        auto enc = AudioEncoder::open(path, 44100, 2);
        ASSERT_TRUE(enc.ok()) << enc.error().message;
        const auto x = test::sine(44100, 2, 0.5);
        ASSERT_TRUE((*enc)->write(x.data(), x.size() / 2).ok());
        EXPECT_TRUE(has_part(path));
    }
    EXPECT_TRUE(test::part_files(dir.path()).empty());
    EXPECT_FALSE(fs::exists(path));
}

TEST(Encoder, ReplacesAnExistingFileOnlyOnFinish) {
    TempDir dir;
    const auto path = dir / "out.wav";
    test::write_bytes(path, "old contents");
    auto enc = AudioEncoder::open(path, 8000, 1);
    ASSERT_TRUE(enc.ok());
    const auto x = test::sine(8000, 1, 0.25);
    ASSERT_TRUE((*enc)->write(x.data(), x.size()).ok());
    EXPECT_EQ(test::read_bytes(path), "old contents");
    ASSERT_TRUE((*enc)->finish().ok());
    auto r = decode_file(path);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->samples.size(), 2000u);
}

TEST(Encoder, UnknownExtensionIsAClearError) {
    TempDir dir;
    for (const char* name : {"mix.xyz", "mix", "mix.txt"}) {
        const auto path = dir / name;
        auto enc = AudioEncoder::open(path, 44100, 2);
        ASSERT_FALSE(enc.ok()) << name;
        const std::string& m = enc.error().message;
        EXPECT_EQ(m.rfind("encode: " + path.string() + ": unknown output format", 0), 0u) << m;
        EXPECT_NE(m.find(".flac"), std::string::npos) << m;  // lists what is supported
        EXPECT_TRUE(test::part_files(dir.path()).empty());
    }
}

TEST(Encoder, BadParametersAndMissingDirectory) {
    TempDir dir;
    EXPECT_FALSE(AudioEncoder::open(dir / "a.wav", 0, 2).ok());
    EXPECT_FALSE(AudioEncoder::open(dir / "a.wav", 44100, 0).ok());
    EXPECT_FALSE(AudioEncoder::open(dir / "a.wav", 44100, 9).ok());
    auto enc = AudioEncoder::open(dir / "no" / "such" / "dir.wav", 44100, 2);
    ASSERT_FALSE(enc.ok());
    EXPECT_EQ(enc.error().message.rfind("encode: ", 0), 0u) << enc.error().message;
}

TEST(Encoder, UppercaseExtensionAndNonUtf8Name) {
    TempDir dir;
    const auto path = dir / fs::path(std::string("Caf\xe9 Mix.FLAC"));
    const auto x = test::sine(44100, 2, 0.25);
    Status s = write_audio_file(path, x.data(), x.size() / 2, 44100, 2);
    ASSERT_TRUE(s.ok()) << s.error().message;
    auto r = decode_file(path);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->info.codec, "flac");
    EXPECT_EQ(r->samples, decode_file(path)->samples);
}

TEST(Encoder, WriteAfterFinishAndDoubleFinishFail) {
    TempDir dir;
    auto enc = AudioEncoder::open(dir / "x.ogg", 48000, 2);
    ASSERT_TRUE(enc.ok());
    const auto x = test::sine(48000, 2, 0.1);
    ASSERT_TRUE((*enc)->write(x.data(), x.size() / 2).ok());
    ASSERT_TRUE((*enc)->finish().ok());
    EXPECT_FALSE((*enc)->write(x.data(), x.size() / 2).ok());
    EXPECT_FALSE((*enc)->finish().ok());
    EXPECT_TRUE(fs::exists(dir / "x.ogg"));
}

TEST(Encoder, ManySmallWritesEqualOneBigWrite) {
    TempDir dir;
    const auto x = test::sine(44100, 2, 1.0, 440.0);
    ASSERT_TRUE(write_audio_file(dir / "one.flac", x.data(), x.size() / 2, 44100, 2).ok());
    auto enc = AudioEncoder::open(dir / "many.flac", 44100, 2);
    ASSERT_TRUE(enc.ok());
    for (std::size_t i = 0; i < x.size() / 2; i += 333) {
        const std::size_t n = std::min<std::size_t>(333, x.size() / 2 - i);
        ASSERT_TRUE((*enc)->write(x.data() + i * 2, n).ok());
    }
    ASSERT_TRUE((*enc)->finish().ok());
    EXPECT_EQ(decode_file(dir / "one.flac")->samples, decode_file(dir / "many.flac")->samples);
}

TEST(Encoder, TagsAreWrittenAndReadBackInEveryFormat) {
    TempDir dir;
    const auto x = test::sine(44100, 2, 0.3);
    const AudioTags tags{"Bj\xc3\xb6rk", "J\xc3\xb3ga", "Homogenic", "Electronic", 1997};
    for (const char* name : {"t.flac", "t.mp3", "t.ogg", "t.opus", "t.m4a", "t.wav"}) {
        ASSERT_TRUE(write_audio_file(dir / name, x.data(), x.size() / 2, 44100, 2, tags).ok()) << name;
        const auto read = AudioDecoder::read_tags(dir / name);
        ASSERT_TRUE(read.ok()) << name << ": " << read.error().message;
        EXPECT_EQ(read.value(), tags) << name << ": " << read->artist << " / " << read->title << " / " << read->year;
    }
    ASSERT_TRUE(write_audio_file(dir / "untagged.flac", x.data(), x.size() / 2, 44100, 2).ok());
    EXPECT_TRUE(AudioDecoder::read_tags(dir / "untagged.flac")->empty());
    const auto missing = AudioDecoder::read_tags(dir / "none.flac");
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.error().message.find("none.flac: no such file"), std::string::npos) << missing.error().message;
}

TEST(Resampler, ChangesRateKeepingPitchAndLength) {
    const auto x = test::sine(44100, 2, 1.0, 1000.0);
    auto rs = Resampler::create(44100, 2, 48000, 2);
    ASSERT_TRUE(rs.ok()) << rs.error().message;
    std::vector<float> out;
    for (std::size_t i = 0; i < x.size() / 2; i += 1000) {
        (*rs)->process(x.data() + i * 2, std::min<std::size_t>(1000, x.size() / 2 - i), out);
    }
    (*rs)->process(nullptr, 0, out);  // flush
    EXPECT_NEAR(double(out.size() / 2), 48000.0, 2.0);
    EXPECT_NEAR(test::tone_frequency(out, 2, 1, 48000), 1000.0, 0.5);
    EXPECT_NEAR(test::rms(out, 2, 0), 0.5 / std::sqrt(2.0), 0.01);
}

TEST(Resampler, FoldsChannels) {
    // 5.1 centre-only -> stereo at -3 dB; stereo -> mono keeps the level of centred material.
    const auto surround = test::sine(48000, 6, 0.5, 1000.0, 0.5, {2});
    auto rs = Resampler::create(48000, 6, 48000, 2);
    ASSERT_TRUE(rs.ok());
    std::vector<float> out;
    (*rs)->process(surround.data(), surround.size() / 6, out);
    (*rs)->process(nullptr, 0, out);
    ASSERT_EQ(out.size(), surround.size() / 3);
    EXPECT_NEAR(test::rms(out, 2, 0), 0.5 / std::sqrt(2.0) * std::sqrt(0.5), 1e-3);
    EXPECT_NEAR(test::rms(out, 2, 1), 0.5 / std::sqrt(2.0) * std::sqrt(0.5), 1e-3);

    const auto stereo = test::sine(22050, 2, 0.5);
    auto mono = Resampler::create(22050, 2, 16000, 1);
    ASSERT_TRUE(mono.ok());
    std::vector<float> m;
    (*mono)->process(stereo.data(), stereo.size() / 2, m);
    (*mono)->process(nullptr, 0, m);
    EXPECT_NEAR(double(m.size()), 8000.0, 2.0);
    EXPECT_NEAR(test::rms(m, 1, 0), 0.5 / std::sqrt(2.0), 0.01);
}

TEST(Resampler, RejectsBadParameters) {
    EXPECT_FALSE(Resampler::create(0, 2, 44100, 2).ok());
    EXPECT_FALSE(Resampler::create(44100, 0, 44100, 2).ok());
    EXPECT_FALSE(Resampler::create(44100, 9, 44100, 2).ok());
    auto r = Resampler::create(44100, 2, 44100, 3);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message.rfind("resample: ", 0), 0u) << r.error().message;
}

}  // namespace
}  // namespace minidj
