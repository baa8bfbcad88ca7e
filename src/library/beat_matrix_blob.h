#pragma once
// The per-beat matrix as the library stores it (docs/library.md, "Compact storage"): per beat,
// the five level columns (onset, energy, low/mid/high band dB) as IEEE half floats, the
// twelve chroma columns (0..1) as bytes and the tonal and melody levels (dB) as half floats,
// little-endian, row-major: 26 bytes a beat instead of 76. Half floats keep 11 significant bits
// (relative error <= 2^-11); chroma steps are 1/255. Rows stored before analyser version 8
// have no melody level (24 bytes a beat), before 7 no tonal level either (22 bytes): read back
// with NaN in the columns they lack.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace minidj::library_detail {

inline constexpr std::size_t kCompactBeatBytes = 5 * 2 + 12 + 2 + 2;
inline constexpr std::size_t kCompactBeatBytesBefore8 = 5 * 2 + 12 + 2;
inline constexpr std::size_t kCompactBeatBytesBefore7 = 5 * 2 + 12;

/// `values`: rows x BeatFeatures::kColumns floats. Chroma outside 0..1 is clamped, a NaN
/// stored as 0; level values beyond half's range (+-65504) are clamped.
std::string beat_matrix_to_blob(const std::vector<float>& values);
/// `rows`: the track's beats. nullopt when the size fits neither row layout; an empty blob
/// is an empty matrix.
std::optional<std::vector<float>> blob_to_beat_matrix(std::string_view blob, std::size_t rows);
/// The full-float matrix of the first library format: rows of 17 floats (before analyser
/// version 7) get NaN tonal and melody columns; nullopt when the size fits neither width.
std::optional<std::vector<float>> widen_rows_before_7(std::vector<float> values, std::size_t rows);

/// IEEE 754 binary16, rounded to nearest even (exposed for the tests).
std::uint16_t to_half(float value);
float from_half(std::uint16_t half);

}  // namespace minidj::library_detail
