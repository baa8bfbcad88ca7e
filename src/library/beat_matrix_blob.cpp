#include "library/beat_matrix_blob.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

#include "minidj/analysis.h"

namespace minidj::library_detail {
namespace {

static_assert(std::endian::native == std::endian::little, "the library stores little-endian");
constexpr int kLevels = BeatFeatures::kChroma0;  // onset, energy, low, mid, high
static_assert(kLevels == 5 && BeatFeatures::kTonal == kLevels + 12 && BeatFeatures::kMelody == kLevels + 13 &&
              BeatFeatures::kColumns == kLevels + 14);
constexpr std::size_t kChromaAt = 2 * kLevels, kTonalAt = kChromaAt + 12, kMelodyAt = kTonalAt + 2;

}  // namespace

std::uint16_t to_half(float value) {
    if (std::isnan(value)) return 0x7e00;
    value = std::clamp(value, -65504.0f, 65504.0f);
    const std::uint32_t bits = std::bit_cast<std::uint32_t>(value);
    const std::uint32_t sign = (bits >> 16) & 0x8000u;
    const float magnitude = std::fabs(value);
    if (magnitude < 6.103515625e-05f) {  // below half's smallest normal: a subnormal (or zero)
        // Multiples of 2^-24, rounded to nearest even by the FPU's default rounding.
        return std::uint16_t(sign | std::uint32_t(std::nearbyint(magnitude * 16777216.0f)));
    }
    // Normal: rebias the exponent (127 -> 15), round the 23-bit mantissa to 10 bits, ties to even.
    std::uint32_t half = ((bits & 0x7fffffffu) >> 13) - ((127u - 15u) << 10);
    const std::uint32_t rest = bits & 0x1fffu;
    if (rest > 0x1000u || (rest == 0x1000u && (half & 1u))) ++half;  // may carry into the exponent: right
    return std::uint16_t(sign | half);
}

float from_half(std::uint16_t h) {
    const std::uint32_t sign = std::uint32_t(h & 0x8000u) << 16;
    const std::uint32_t exponent = (h >> 10) & 0x1fu;
    const std::uint32_t mantissa = h & 0x3ffu;
    if (exponent == 0) {
        const float value = std::ldexp(float(mantissa), -24);
        return sign ? -value : value;
    }
    if (exponent == 31) return std::bit_cast<float>(sign | 0x7f800000u | (mantissa << 13));
    return std::bit_cast<float>(sign | ((exponent + 127u - 15u) << 23) | (mantissa << 13));
}

std::string beat_matrix_to_blob(const std::vector<float>& values) {
    const std::size_t rows = values.size() / BeatFeatures::kColumns;
    std::string out(rows * kCompactBeatBytes, '\0');
    for (std::size_t r = 0; r < rows; ++r) {
        const float* row = values.data() + r * BeatFeatures::kColumns;
        char* at = out.data() + r * kCompactBeatBytes;
        for (int c = 0; c < kLevels; ++c) {
            const std::uint16_t half = to_half(row[c]);
            std::memcpy(at + 2 * c, &half, 2);
        }
        for (int c = 0; c < 12; ++c) {
            const float v = row[kLevels + c];
            const float unit = std::isnan(v) ? 0.0f : std::clamp(v, 0.0f, 1.0f);
            at[kChromaAt + c] = char(std::uint8_t(std::lround(unit * 255.0f)));
        }
        const std::uint16_t tonal = to_half(row[BeatFeatures::kTonal]);
        std::memcpy(at + kTonalAt, &tonal, 2);
        const std::uint16_t melody = to_half(row[BeatFeatures::kMelody]);
        std::memcpy(at + kMelodyAt, &melody, 2);
    }
    return out;
}

std::optional<std::vector<float>> blob_to_beat_matrix(std::string_view blob, std::size_t rows) {
    if (blob.empty()) return std::vector<float>{};  // stored without its matrix
    if (rows == 0) return std::nullopt;
    const std::size_t row_bytes = blob.size() / rows;
    const bool melody = row_bytes == kCompactBeatBytes;
    const bool tonal = melody || row_bytes == kCompactBeatBytesBefore8;
    if (blob.size() % rows != 0 || (!tonal && row_bytes != kCompactBeatBytesBefore7)) return std::nullopt;
    std::vector<float> values(rows * BeatFeatures::kColumns);
    for (std::size_t r = 0; r < rows; ++r) {
        const char* at = blob.data() + r * row_bytes;
        float* row = values.data() + r * BeatFeatures::kColumns;
        for (int c = 0; c < kLevels; ++c) {
            std::uint16_t half = 0;
            std::memcpy(&half, at + 2 * c, 2);
            row[c] = from_half(half);
        }
        for (int c = 0; c < 12; ++c) row[kLevels + c] = float(std::uint8_t(at[kChromaAt + c])) / 255.0f;
        const auto level_at = [at](std::size_t offset) {
            std::uint16_t half = 0;
            std::memcpy(&half, at + offset, 2);
            return from_half(half);
        };
        constexpr float kAbsent = std::numeric_limits<float>::quiet_NaN();
        row[BeatFeatures::kTonal] = tonal ? level_at(kTonalAt) : kAbsent;
        row[BeatFeatures::kMelody] = melody ? level_at(kMelodyAt) : kAbsent;
    }
    return values;
}

std::optional<std::vector<float>> widen_rows_before_7(std::vector<float> values, std::size_t rows) {
    // The first format ended before analyser version 7: its rows have neither level.
    constexpr std::size_t kBefore = BeatFeatures::kTonal, kNow = BeatFeatures::kColumns;
    if (values.empty() || values.size() == rows * kNow) return values;
    if (values.size() != rows * kBefore) return std::nullopt;
    std::vector<float> out(rows * kNow, std::numeric_limits<float>::quiet_NaN());
    for (std::size_t r = 0; r < rows; ++r) std::copy_n(values.begin() + std::ptrdiff_t(r * kBefore), kBefore, out.begin() + std::ptrdiff_t(r * kNow));
    return out;
}

}  // namespace minidj::library_detail
