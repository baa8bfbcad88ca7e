#pragma once
// Published key profiles (weights of the 12 scale degrees, tonic first) the key estimator
// correlates the chroma with. Two profiles from different sources are averaged: each errs on
// different pieces (docs/analysis.md, "Key", has the comparison of six).

#include <array>

namespace minidj::analysis {

using KeyProfile = std::array<double, 12>;

struct KeyProfilePair {
    KeyProfile major, minor;
};

inline constexpr std::array<KeyProfilePair, 2> kKeyProfiles = {{
    // Temperley (2001), "The Cognition of Basic Musical Structures", from the Kostka-Payne
    // harmony textbook excerpts.
    {{5.0, 2.0, 3.5, 2.0, 4.5, 4.0, 2.0, 4.5, 2.0, 3.5, 1.5, 4.0},
     {5.0, 2.0, 3.5, 4.5, 2.0, 4.0, 2.0, 4.5, 3.5, 2.0, 1.5, 4.0}},
    // Albrecht & Shanahan (2013), "The Use of Large Corpora to Train a New Type of Key-Finding
    // Algorithm", Music Perception 31(1): pitch-class distributions of 982 pieces.
    {{0.238, 0.006, 0.111, 0.006, 0.137, 0.094, 0.016, 0.214, 0.009, 0.080, 0.008, 0.081},
     {0.220, 0.006, 0.104, 0.123, 0.019, 0.103, 0.012, 0.214, 0.062, 0.022, 0.061, 0.052}},
}};

// The tonic triads, for the opening and closing chords.
inline constexpr KeyProfile kMajorTriad = {1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0};
inline constexpr KeyProfile kMinorTriad = {1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0};

}  // namespace minidj::analysis
