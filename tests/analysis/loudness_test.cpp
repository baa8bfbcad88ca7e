// The loudness analyser's short-term curve and integrated loudness against libebur128's own
// readings (the reference implementation) on noise whose level steps every second.
#include <ebur128.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "analysis/loudness_analyzer.h"

namespace minidj::analysis {
namespace {

TEST(Loudness, ShortTermCurveAndIntegratedEqualLibebur128s) {
    const int rate = 44100;
    std::vector<float> x;
    std::uint32_t seed = 11;
    for (float level : {0.05f, 0.4f, 0.1f, 0.02f, 0.3f, 0.3f, 0.0f, 0.2f, 0.6f, 0.01f}) {
        for (int i = 0; i < 2 * rate; ++i) {
            seed = seed * 1664525u + 1013904223u;
            x.push_back(level * (float(seed >> 8) / float(1u << 24) * 2.0f - 1.0f));
        }
    }
    LoudnessAnalyzer analyzer(rate, 2);
    for (std::size_t at = 0; at < x.size() / 2; at += 777) {
        analyzer.process(x.data() + 2 * at, std::min<std::size_t>(777, x.size() / 2 - at));
    }
    const auto stats = analyzer.finish();

    ebur128_state* reference = ebur128_init(2, rate, EBUR128_MODE_S | EBUR128_MODE_I | EBUR128_MODE_LRA);
    std::vector<double> expected;
    for (std::size_t at = 0; at + rate <= x.size() / 2; at += rate) {
        ebur128_add_frames_float(reference, x.data() + 2 * at, rate);
        double st = -70.0;
        ebur128_loudness_shortterm(reference, &st);
        expected.push_back(std::isfinite(st) ? std::max(st, -70.0) : -70.0);
    }
    double integrated = 0.0, range = 0.0;
    ebur128_loudness_global(reference, &integrated);
    ebur128_loudness_range(reference, &range);
    ebur128_destroy(&reference);

    ASSERT_EQ(stats.short_term_lufs.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        EXPECT_NEAR(stats.short_term_lufs[i], expected[i], 0.01) << "second " << i + 1;
    }
    EXPECT_NEAR(stats.integrated_lufs, integrated, 1e-9);
    EXPECT_NEAR(stats.range_lu, range, 1e-9);
    EXPECT_GT(stats.range_lu, 3.0);  // the steps are there to be measured
}

}  // namespace
}  // namespace minidj::analysis
