// Compact storage (docs/library.md): half floats rounded right, the per-beat matrix and the
// deflated JSON read back, damage refused, rows stored before (float32, JSON text) still read
// exactly, and the size a stored track takes.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "library/beat_matrix_blob.h"
#include "library/deflate.h"
#include "library/sample_analysis.h"
#include "library/temp_dir.h"
#include "minidj/analysis_json.h"
#include "minidj/json_text.h"
#include "minidj/library.h"

namespace minidj {
namespace {

using library_detail::from_half;
using library_detail::to_half;
using test_support::RawDb;
using test_support::sample_analysis;
using test_support::TempDir;

TEST(HalfFloat, ExactValuesRoundingAndRange) {
    for (float v : {0.0f, 1.0f, -2.5f, 0.099975586f, 65504.0f, -65504.0f, 6.103515625e-05f, 5.9604645e-08f}) {
        EXPECT_EQ(from_half(to_half(v)), v) << v;  // representable: exact
    }
    EXPECT_EQ(to_half(1.0f), 0x3c00);
    EXPECT_EQ(to_half(-2.0f), 0xc000);
    // 1 + 2^-11 lies halfway between 1 and 1 + 2^-10: ties go to the even mantissa (1).
    EXPECT_EQ(to_half(1.0f + std::ldexp(1.0f, -11)), 0x3c00);
    EXPECT_EQ(to_half(1.0f + 3 * std::ldexp(1.0f, -11)), 0x3c02);  // halfway, to even (up)
    EXPECT_EQ(to_half(1e6f), to_half(65504.0f));                    // clamped, never infinite
    EXPECT_TRUE(std::isnan(from_half(to_half(std::numeric_limits<float>::quiet_NaN()))));
    EXPECT_EQ(from_half(to_half(1e-9f)), 0.0f);
    // Every value within 2^-11 relative (normal range) or 2^-25 absolute (subnormal).
    for (float v = -70.0f; v < 70.0f; v += 0.0137f) {
        const float back = from_half(to_half(v));
        EXPECT_LE(std::fabs(back - v), std::max(std::ldexp(std::fabs(v), -11), std::ldexp(1.0f, -25))) << v;
    }
}

TEST(CompactStorage, BeatMatrixRoundTripAndBadSizes) {
    const auto a = sample_analysis("/m/a.flac", 3);
    const auto blob = library_detail::beat_matrix_to_blob(a.beat_features.values);
    const std::size_t rows = a.beat_features.rows();
    EXPECT_EQ(blob.size(), rows * 26);
    const auto back = library_detail::blob_to_beat_matrix(blob, rows);
    ASSERT_TRUE(back);
    test_support::expect_same_beat_matrix(a.beat_features.values, *back);
    EXPECT_FALSE(library_detail::blob_to_beat_matrix(blob.substr(1), rows));
    EXPECT_FALSE(library_detail::blob_to_beat_matrix(blob, rows + 1));
    // Chroma out of its range is clamped; a NaN is stored as 0.
    std::vector<float> odd(BeatFeatures::kColumns, 0.5f);
    odd[BeatFeatures::kChroma0] = 1.7f;
    odd[BeatFeatures::kChroma0 + 1] = -0.2f;
    odd[BeatFeatures::kChroma0 + 2] = std::numeric_limits<float>::quiet_NaN();
    const auto kept = *library_detail::blob_to_beat_matrix(library_detail::beat_matrix_to_blob(odd), 1);
    EXPECT_EQ(kept[BeatFeatures::kChroma0], 1.0f);
    EXPECT_EQ(kept[BeatFeatures::kChroma0 + 1], 0.0f);
    EXPECT_EQ(kept[BeatFeatures::kChroma0 + 2], 0.0f);
}

// A library written before analyser version 8 stored 24 bytes a beat (no melody level), before
// 7 22 bytes (no tonal level either), or 17 floats a beat in its first format: all read back,
// the columns they lack NaN.
TEST(CompactStorage, RowsStoredBeforeTheNewerLevelsReadBackWithoutThem) {
    const auto a = sample_analysis("/m/a.flac", 3);
    const std::size_t rows = a.beat_features.rows();
    const std::string blob = library_detail::beat_matrix_to_blob(a.beat_features.values);
    ASSERT_EQ(blob.size(), rows * library_detail::kCompactBeatBytes);
    for (const std::size_t width : {library_detail::kCompactBeatBytesBefore8, library_detail::kCompactBeatBytesBefore7}) {
        std::string old;
        for (std::size_t r = 0; r < rows; ++r) old += blob.substr(r * library_detail::kCompactBeatBytes, width);
        const auto back = library_detail::blob_to_beat_matrix(old, rows);
        ASSERT_TRUE(back) << width;
        const bool has_tonal = width == library_detail::kCompactBeatBytesBefore8;
        std::vector<float> floats;
        for (std::size_t r = 0; r < rows; ++r) {
            for (int c = 0; c < BeatFeatures::kColumns; ++c) {
                const float v = (*back)[r * BeatFeatures::kColumns + std::size_t(c)];
                if (c == BeatFeatures::kMelody || (c == BeatFeatures::kTonal && !has_tonal)) {
                    EXPECT_TRUE(std::isnan(v)) << r << " " << c;
                    continue;
                }
                EXPECT_NEAR(v, a.beat_features.at(r, c), 0.05f + 1e-3f * std::fabs(v)) << r << " " << c;
                if (c < BeatFeatures::kTonal) floats.push_back(v);
            }
        }
        if (has_tonal) continue;
        const auto wide = library_detail::widen_rows_before_7(floats, rows);
        ASSERT_TRUE(wide);
        EXPECT_EQ(wide->size(), rows * BeatFeatures::kColumns);
        EXPECT_TRUE(std::isnan((*wide)[BeatFeatures::kTonal]));
        EXPECT_TRUE(std::isnan((*wide)[BeatFeatures::kMelody]));
        EXPECT_EQ((*wide)[BeatFeatures::kChroma0], floats[BeatFeatures::kChroma0]);
        EXPECT_FALSE(library_detail::widen_rows_before_7(std::vector<float>(floats.begin() + 1, floats.end()), rows));
    }
}

TEST(CompactStorage, DeflatedTextRoundTripAndDamage) {
    const std::string text = dump_json(to_json(sample_analysis("/m/a.flac"), false));
    const auto stored = library_detail::deflate_text(text);
    EXPECT_LT(stored.size(), text.size());
    EXPECT_EQ(library_detail::inflate_text(stored), text);
    EXPECT_FALSE(library_detail::inflate_text(stored.substr(0, stored.size() - 3)));
    EXPECT_FALSE(library_detail::inflate_text("{\"a\":1}"));
    EXPECT_FALSE(library_detail::inflate_text(""));
    EXPECT_EQ(library_detail::inflate_text(library_detail::deflate_text("")), "");
}

TEST(CompactStorage, RowsStoredBeforeAreStillReadExactly) {
    TempDir dir;
    const auto file = dir / "library.sqlite";
    const auto a = sample_analysis("/m/old.flac", 2);
    {
        auto library = Library::open(file);
        ASSERT_TRUE(library.ok());
        ASSERT_TRUE((*library)->store({"/m/old.flac", 1, 2, "00000000000000aa"}, a).ok());
    }
    {
        RawDb raw(file);  // the row as schema 4 stored it: JSON text, float32 matrix
        ASSERT_EQ(raw.exec(test_support::as_stored_before_schema5(a)), SQLITE_OK);
    }
    auto library = Library::open(file);
    ASSERT_TRUE(library.ok());
    auto loaded = (*library)->load("/m/old.flac");
    ASSERT_TRUE(loaded.ok() && loaded->has_value()) << (loaded.ok() ? "" : loaded.error().message);
    test_support::expect_same_analysis(a, **loaded);
    EXPECT_EQ((*loaded)->beat_features.values, a.beat_features.values);  // float32: exact
}

TEST(CompactStorage, ADamagedRowIsAOneLineError) {
    TempDir dir;
    const auto file = dir / "library.sqlite";
    auto library = Library::open(file);
    ASSERT_TRUE(library.ok());
    ASSERT_TRUE((*library)->store({"/m/a.flac", 1, 2, "00000000000000aa"}, sample_analysis("/m/a.flac")).ok());
    RawDb raw(file);
    ASSERT_EQ(raw.exec("UPDATE tracks SET analysis_json = x'0100000000'"), SQLITE_OK);
    const auto loaded = (*library)->load("/m/a.flac");
    ASSERT_FALSE(loaded.ok());
    EXPECT_EQ(loaded.error().message.find('\n'), std::string::npos);
    EXPECT_NE(loaded.error().message.find("/m/a.flac: stored analysis unreadable: damaged compressed JSON"),
              std::string::npos)
        << loaded.error().message;
}

}  // namespace
}  // namespace minidj
