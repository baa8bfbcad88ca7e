// analyze_file() on files whose audio is longer than the options allow: a clean error, found
// while decoding, before the analysis holds the whole track.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "minidj/analysis.h"
#include "minidj/audio.h"
#include "support/temp_dir.h"

namespace minidj {
namespace {

TEST(FileLimits, AudioLongerThanTheLimitFailsWithOneLine) {
    test::TempDir dir;
    const auto path = dir / "three_seconds.wav";
    const std::vector<float> x(3 * 8000, 0.1f);
    ASSERT_TRUE(write_audio_file(path, x.data(), x.size(), 8000, 1).ok());
    AnalysisOptions o;
    o.max_duration_s = 1.0;
    auto r = analyze_file(path, o);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message, "analyze: " + printable_path(path) +
                                     ": longer than 1 s of audio (the limit for one track)");
    o.max_duration_s = 3.5;
    ASSERT_TRUE(analyze_file(path, o).ok());
}

// Ten minutes of silence is a FLAC of about 110 KiB, 1/80 of its 16-bit PCM (a hand-made FLAC
// of constant frames is far smaller still): the size of a file says little about the audio it
// holds, so the limit counts decoded audio.
TEST(FileLimits, ATinyFileThatDecodesToMinutesStopsAtTheLimit) {
    test::TempDir dir;
    const auto path = dir / "silence.flac";
    const std::vector<float> x(600 * 8000, 0.0f);
    ASSERT_TRUE(write_audio_file(path, x.data(), x.size(), 8000, 1).ok());
    ASSERT_LT(std::filesystem::file_size(path), 200u * 1024);
    AnalysisOptions o;
    o.max_duration_s = 60.0;
    auto r = analyze_file(path, o);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("longer than 60 s of audio"), std::string::npos)
        << r.error().message;
}

TEST(FileLimits, TheLimitMustBePositive) {
    AnalysisOptions o;
    EXPECT_EQ(o.max_duration_s, 4 * 3600.0);
    for (double bad : {0.0, -1.0, std::numeric_limits<double>::quiet_NaN()}) {
        o.max_duration_s = bad;
        const auto s = o.validate();
        ASSERT_FALSE(s.ok()) << bad;
        EXPECT_NE(s.error().message.find("analyze: maximum duration"), std::string::npos);
    }
}

}  // namespace
}  // namespace minidj
