#pragma once
// Hand-made TrackAnalysis values for the JSON and library tests: every field set, nothing
// from the analyser or the generator (they evolve independently).

#include <string>
#include <vector>

#include "minidj/analysis.h"

namespace minidj::test_support {

/// A 120 BPM, A minor, 8-beat analysis with every field non-default; `seed` varies the values.
TrackAnalysis sample_analysis(const std::string& path, int seed = 0);

/// 16 bars at 120 BPM whose second half is louder in every band and busier in harmony, with no
/// structure yet: a per-beat matrix whose structure is obvious (two sections, the second a drop).
TrackAnalysis quiet_then_full(const std::string& path);

/// How the per-beat matrix went through: JSON (rounded, docs/json-schema.md) or the library's
/// compact storage (docs/library.md).
enum class Matrices { kJson, kLibrary };

/// Field-by-field comparison within the JSON rounding (docs/json-schema.md), the per-beat
/// matrix within `matrices`' precision.
void expect_same_analysis(const TrackAnalysis& expected, const TrackAnalysis& actual,
                          Matrices matrices = Matrices::kJson);

/// Sections, phrases and cues within the JSON rounding (times to 0.1 ms).
void expect_same_structure(const TrackStructure& expected, const TrackStructure& actual);

/// The per-beat matrix within compact storage's precision: levels to 2^-11 relative, chroma to
/// half a 1/255 step.
void expect_same_beat_matrix(const std::vector<float>& expected, const std::vector<float>& actual);

/// SQL that rewrites the stored row of `a.path` as schema 4 and before stored it: the JSON as
/// text, the per-beat matrix as float32 (storage = 0).
std::string as_stored_before_schema5(const TrackAnalysis& a);

}  // namespace minidj::test_support
