#pragma once
// Hand-made TrackAnalysis values for the JSON and library tests: every field set, nothing
// from the analyser or the generator (they evolve independently).

#include <string>

#include "minidj/analysis.h"

namespace minidj::test_support {

/// A 120 BPM, A minor, 8-beat analysis with every field non-default; `seed` varies the values.
TrackAnalysis sample_analysis(const std::string& path, int seed = 0);

/// Field-by-field comparison within the JSON rounding (docs/json-schema.md).
void expect_same_analysis(const TrackAnalysis& expected, const TrackAnalysis& actual);

}  // namespace minidj::test_support
