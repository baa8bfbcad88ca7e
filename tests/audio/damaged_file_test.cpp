// Damaged real-codec files: truncated, corrupted in the middle, garbage after a header.
// The contract: decode what can be decoded, or return one clear "decode: " line; never crash.
#include "audio/test_signals.h"
#include "minidj/audio.h"

namespace minidj {
namespace {

using test::TempDir;
namespace fs = std::filesystem;

std::string pseudo_random_bytes(std::size_t n, std::uint32_t seed) {
    std::string s(n, '\0');
    for (auto& c : s) {
        seed = seed * 1664525u + 1013904223u;
        c = char(seed >> 24);
    }
    return s;
}

// A 10 s stereo tone encoded as `ext`.
fs::path make_tone(const TempDir& dir, const std::string& ext) {
    const auto path = dir / ("tone" + ext);
    const auto x = test::sine(44100, 2, 10.0, 1000.0);
    EXPECT_TRUE(write_audio_file(path, x.data(), x.size() / 2, 44100, 2).ok());
    return path;
}

class Damaged : public ::testing::TestWithParam<const char*> {};

TEST_P(Damaged, TruncatedTo30PercentDecodesLessOrFailsClearly) {
    TempDir dir;
    const auto path = make_tone(dir, GetParam());
    const std::string bytes = test::read_bytes(path);
    test::write_bytes(path, bytes.substr(0, bytes.size() * 3 / 10));
    auto r = decode_file(path);
    if (r.ok()) {
        EXPECT_GT(r->duration_s(), 1.0) << GetParam();
        EXPECT_LT(r->duration_s(), 6.0) << GetParam();
    } else {
        EXPECT_EQ(r.error().message.rfind("decode: " + printable_path(path) + ": ", 0), 0u)
            << r.error().message;
    }
}

TEST_P(Damaged, CorruptMiddleStillDecodes) {
    TempDir dir;
    const auto path = make_tone(dir, GetParam());
    std::string bytes = test::read_bytes(path);
    const std::size_t from = bytes.size() * 4 / 10, len = bytes.size() / 10;
    bytes.replace(from, len, pseudo_random_bytes(len, 7));
    test::write_bytes(path, bytes);
    auto dec = AudioDecoder::open(path);
    ASSERT_TRUE(dec.ok()) << dec.error().message;
    std::size_t frames = 0;
    std::vector<float> buf;
    for (;;) {
        auto n = (*dec)->read(buf);
        ASSERT_TRUE(n.ok()) << n.error().message;
        if (*n == 0) break;
        frames += *n;
        for (float v : buf) ASSERT_TRUE(std::isfinite(v));
    }
    // Most of the 10 s survive (the damaged tenth may be lost or turn into noise).
    EXPECT_GT(double(frames) / 44100.0, 7.5) << GetParam();
    EXPECT_LT(double(frames) / 44100.0, 11.0) << GetParam();
}

INSTANTIATE_TEST_SUITE_P(Codecs, Damaged,
                         ::testing::Values(".flac", ".mp3", ".ogg", ".opus", ".m4a", ".wav"),
                         [](const auto& info) { return std::string(info.param + 1); });

TEST(DamagedFiles, GarbageAfterAValidWavHeaderDecodes) {
    TempDir dir;
    const auto path = dir / "noise.wav";
    test::write_wav16(path, test::sine(44100, 2, 1.0), 44100, 2);
    std::string bytes = test::read_bytes(path);
    bytes.replace(44, bytes.size() - 44, pseudo_random_bytes(bytes.size() - 44, 3));
    test::write_bytes(path, bytes);
    auto r = decode_file(path);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_NEAR(r->duration_s(), 1.0, 1e-3);
}

TEST(DamagedFiles, GarbageAfterAFlacHeaderFailsClearly) {
    TempDir dir;
    const auto path = make_tone(dir, ".flac");
    std::string bytes = test::read_bytes(path);
    // Keep the "fLaC" marker and STREAMINFO (42 bytes), replace every audio frame.
    bytes.replace(42, bytes.size() - 42, pseudo_random_bytes(bytes.size() - 42, 11));
    test::write_bytes(path, bytes);
    auto r = decode_file(path);
    if (!r.ok()) {
        EXPECT_EQ(r.error().message.rfind("decode: " + path.string() + ": ", 0), 0u);
    } else {
        EXPECT_LT(r->duration_s(), 11.0);  // what a decoder salvages from noise is noise
    }
}

// A FLAC header claiming 2^35 samples (9 days at 44.1 kHz) on a 2 s file: the decoder believes
// the bytes it has read, not the claim, before reserving memory (it used to reserve 512 MiB).
TEST(LyingHeader, ReservesForWhatTheFileHoldsNotWhatItClaims) {
    TempDir dir;
    const auto path = dir / "liar.flac";
    const auto x = test::sine(44100, 2, 2.0, 440.0);
    ASSERT_TRUE(write_audio_file(path, x.data(), x.size() / 2, 44100, 2).ok());
    std::string bytes = test::read_bytes(path);
    // STREAMINFO: "fLaC", a 4-byte block header, then 10 bytes; the total sample count is the
    // low 36 bits of the next 8 bytes (big-endian).
    ASSERT_EQ(bytes.substr(0, 4), "fLaC");
    std::uint64_t field = 0;
    for (int i = 0; i < 8; ++i) field = field << 8 | std::uint8_t(bytes[18 + i]);
    field = (field & ~((std::uint64_t(1) << 36) - 1)) | (std::uint64_t(1) << 35);
    for (int i = 7; i >= 0; --i, field >>= 8) bytes[std::size_t(18 + i)] = char(field & 0xFF);
    test::write_bytes(path, bytes);

    auto r = decode_file(path);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_GT(r->info.duration_s, 1e5);  // the claim
    EXPECT_NEAR(r->duration_s(), 2.0, 0.1);
    EXPECT_LT(r->samples.capacity(), 4 * r->samples.size()) << r->samples.capacity() * 4 / 1e6 << " MB reserved";
}

}  // namespace
}  // namespace minidj
