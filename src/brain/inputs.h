#pragma once
// The network's input rows, built from feature rows without LibTorch (docs/brain.md, "Inputs").

#include <cmath>
#include <vector>

#include "minidj/brain.h"

namespace minidj::brain {

/// Rule part: pair features derived from the two tracks' features.
inline constexpr int kRuleInputs = 17;
/// Continuity part: standardised outgoing a, incoming b, a - b and a * b.
inline constexpr int kContinuityInputs = 4 * kSeamDims;

/// Per-dimension standardisation of seam vectors, measured on the training seams and stored
/// with the model (so scoring can never drift from training).
struct SeamScaling {
    SeamVector mean{};
    SeamVector inv_std{};
    static SeamScaling fit(const std::vector<const SeamVector*>& seams);
    /// Identity scaling (mean 0, std 1).
    static SeamScaling identity();
    SeamVector apply(const SeamSide& side) const;  ///< zeros for a missing side
};

/// Rule part: the pair as `rules` judge it (the model was trained on the default rulebook).
void rule_inputs(const TrackFeatures& a, const TrackFeatures& b, const Rulebook& rules, float* out);
void continuity_inputs(const SeamVector& out_std, const SeamVector& in_std, float* out);

/// The non-learned baseline: cosine similarity of the two standardised seam vectors.
double seam_cosine(const SeamVector& out_std, const SeamVector& in_std);

/// Every part of the explanation that is not the network's.
ScoreParts describe_pair(const TrackFeatures& a, const TrackFeatures& b);

/// The combined score of the two network parts.
inline double combine(double rule, double continuity) { return std::sqrt(rule * continuity); }

}  // namespace minidj::brain
