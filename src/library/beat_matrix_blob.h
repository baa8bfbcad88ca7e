#pragma once
// The per-beat matrix as the library stores it (docs/library.md, "Compact storage"): per beat,
// the five level columns (onset, energy, low/mid/high band dB) as IEEE half floats and the
// twelve chroma columns (0..1) as bytes, little-endian, row-major: 22 bytes a beat instead of
// 68. Half floats keep 11 significant bits (relative error <= 2^-11); chroma steps are 1/255.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace minidj::library_detail {

inline constexpr std::size_t kCompactBeatBytes = 5 * 2 + 12;

/// `values`: rows x BeatFeatures::kColumns floats. Chroma outside 0..1 is clamped, a NaN
/// stored as 0; level values beyond half's range (+-65504) are clamped.
std::string beat_matrix_to_blob(const std::vector<float>& values);
/// nullopt when the size is not a whole number of rows.
std::optional<std::vector<float>> blob_to_beat_matrix(std::string_view blob);

/// IEEE 754 binary16, rounded to nearest even (exposed for the tests).
std::uint16_t to_half(float value);
float from_half(std::uint16_t half);

}  // namespace minidj::library_detail
