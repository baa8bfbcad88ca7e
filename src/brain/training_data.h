#pragma once
// Training and validation examples for both network parts, built from training tracks without
// LibTorch (docs/brain.md, "Training").

#include <cstdint>
#include <random>
#include <span>
#include <vector>

#include "brain/inputs.h"
#include "minidj/brain.h"

namespace minidj::brain {

/// Rows of one part's inputs with their 0/1 labels.
struct Examples {
    int width = 0;
    std::vector<float> inputs;  ///< rows x width, row-major
    std::vector<float> labels;
    std::size_t rows() const { return labels.size(); }
};

/// Seams as pairs of raw (unscaled) sides with labels: 1 inside one track, 0 across two.
struct SeamExamples {
    std::vector<SeamVector> outgoing, incoming;
    std::vector<float> labels;
};

/// Splits track indices into training and validation sets (by track), deterministically.
struct Split {
    std::vector<std::size_t> train, val;
};
Split split_tracks(std::size_t tracks, double validation_share, std::uint32_t seed);

/// Rulebook pairs among `tracks`: for each pair, B's tempo and key are moved around A's (near
/// the ±6 % boundary, half/double time, every wheel relation) so that both labels are common;
/// labels are rulebook_compatible().
Examples rule_examples(std::span<const TrainingTrack> all, const std::vector<std::size_t>& tracks, int pairs_per_track,
                       std::mt19937& rng);

/// Every inner seam of the tracks (positive) and as many cross-track seams (negative): the
/// outgoing side of one seam with the incoming side of a seam of another track.
SeamExamples seam_examples(std::span<const TrainingTrack> all, const std::vector<std::size_t>& tracks,
                           std::mt19937& rng);

/// Adds `copies` altered copies of every seam: both sides transposed by the same random number
/// of semitones (chroma rolled) and shifted by the same random gain, which keeps a natural seam
/// natural, so the network learns relations at the seam rather than particular keys or levels.
void augment_seams(SeamExamples& seams, int copies, std::mt19937& rng);

/// Continuity input rows of seam examples under a scaling; `baseline` gets each row's cosine.
Examples continuity_examples(const SeamExamples& seams, const SeamScaling& scaling, std::vector<double>* baseline);

/// ROC-AUC of scores against 0/1 labels (ties count half); 0.5 when a class is empty.
double roc_auc(const std::vector<double>& scores, const std::vector<float>& labels);

}  // namespace minidj::brain
