// Examples for both parts: rulebook pairs and real/cross-track seams, split by track.
#include "brain/training_data.h"

#include <algorithm>
#include <numeric>

namespace minidj::brain {
namespace {

bool coin(std::mt19937& rng, double p) { return std::uniform_real_distribution<double>(0.0, 1.0)(rng) < p; }

// Moves b's key to a chosen wheel relation from a's key.
void set_key_relation(const TrackFeatures& a, TrackFeatures& b, std::mt19937& rng) {
    static constexpr int kSteps[] = {0, 1, 11, 0, 7, 2};  // same, +1, -1, relative, boost +7, boost +2
    const int choice = std::uniform_int_distribution<int>(0, 6)(rng);
    if (choice < 6) {
        b.camelot_number = (a.camelot_number - 1 + kSteps[choice]) % 12 + 1;
        b.minor = choice == 3 ? !a.minor : a.minor;
        return;
    }
    // A clash: same letter 3..5 steps either way, or the other letter off the relative.
    if (coin(rng, 0.5)) {
        static constexpr int kClashSteps[] = {3, 4, 5, 6, 8, 9};
        const int step = kClashSteps[std::uniform_int_distribution<int>(0, 5)(rng)];
        b.camelot_number = (a.camelot_number - 1 + step) % 12 + 1;
        b.minor = a.minor;
    } else {
        const int step = std::uniform_int_distribution<int>(1, 11)(rng);
        b.camelot_number = (a.camelot_number - 1 + step) % 12 + 1;
        b.minor = !a.minor;
    }
}

TrackFeatures rulebook_partner(const TrackFeatures& a, TrackFeatures b, std::mt19937& rng) {
    if (a.bpm > 0 && coin(rng, 0.75)) {
        static constexpr double kRatios[] = {1.0, 1.0, 1.0, 2.0, 0.5};
        const double ratio = kRatios[std::uniform_int_distribution<int>(0, 4)(rng)];
        b.bpm = a.bpm * ratio * (1.0 + std::uniform_real_distribution<double>(-0.12, 0.12)(rng));
    } else if (coin(rng, 0.1)) {
        b.bpm = 0.0;  // beatless partners fit any tempo
    }
    if (a.camelot_number && coin(rng, 0.75)) {
        set_key_relation(a, b, rng);
    } else if (coin(rng, 0.1)) {
        b.camelot_number = 0;  // keyless partners fit any key
    }
    return b;
}

}  // namespace

Split split_tracks(std::size_t tracks, double validation_share, std::uint32_t seed) {
    std::vector<std::size_t> order(tracks);
    std::iota(order.begin(), order.end(), 0);
    std::mt19937 rng(seed);
    std::shuffle(order.begin(), order.end(), rng);
    auto val = std::size_t(double(tracks) * validation_share + 0.5);
    val = std::clamp<std::size_t>(val, 1, tracks > 1 ? tracks - 1 : 1);
    Split s;
    s.val.assign(order.begin(), order.begin() + std::ptrdiff_t(val));
    s.train.assign(order.begin() + std::ptrdiff_t(val), order.end());
    std::sort(s.val.begin(), s.val.end());
    std::sort(s.train.begin(), s.train.end());
    return s;
}

Examples rule_examples(std::span<const TrainingTrack> all, const std::vector<std::size_t>& tracks, int pairs_per_track,
                       std::mt19937& rng) {
    Examples ex;
    ex.width = kRuleInputs;
    if (tracks.empty()) return ex;
    const std::size_t n = tracks.size() * std::size_t(std::max(pairs_per_track, 0));
    ex.inputs.resize(n * kRuleInputs);
    ex.labels.resize(n);
    std::uniform_int_distribution<std::size_t> pick(0, tracks.size() - 1);
    for (std::size_t i = 0; i < n; ++i) {
        const auto& a = all[tracks[i % tracks.size()]].features;
        const auto b = rulebook_partner(a, all[tracks[pick(rng)]].features, rng);
        rule_inputs(a, b, Rulebook{}, ex.inputs.data() + i * kRuleInputs);
        ex.labels[i] = rulebook_compatible(a, b) ? 1.0f : 0.0f;
    }
    return ex;
}

SeamExamples seam_examples(std::span<const TrainingTrack> all, const std::vector<std::size_t>& tracks,
                           std::mt19937& rng) {
    SeamExamples ex;
    std::vector<std::size_t> with_seams;
    for (auto t : tracks) {
        if (!all[t].seams.empty()) with_seams.push_back(t);
    }
    if (with_seams.size() < 2) return ex;
    std::uniform_int_distribution<std::size_t> pick(0, with_seams.size() - 1);
    for (std::size_t i = 0; i < with_seams.size(); ++i) {
        for (const auto& seam : all[with_seams[i]].seams) {
            ex.outgoing.push_back(seam.outgoing);
            ex.incoming.push_back(seam.incoming);
            ex.labels.push_back(1.0f);
            std::size_t other = pick(rng);
            while (other == i) other = pick(rng);
            const auto& seams = all[with_seams[other]].seams;
            ex.outgoing.push_back(seam.outgoing);
            ex.incoming.push_back(seams[std::uniform_int_distribution<std::size_t>(0, seams.size() - 1)(rng)].incoming);
            ex.labels.push_back(0.0f);
        }
    }
    return ex;
}

void augment_seams(SeamExamples& seams, int copies, std::mt19937& rng) {
    const std::size_t n = seams.labels.size();
    std::uniform_int_distribution<int> roll(1, 11);
    std::normal_distribution<float> gain(0.0f, 3.0f);
    const auto alter = [](SeamVector v, int shift, float db) {
        for (int base : {0, 17}) {  // phrase chroma and seam-bar chroma (brain.h layout)
            std::rotate(v.begin() + base, v.begin() + base + (12 - shift), v.begin() + base + 12);
        }
        for (int i : {12, 13, 14, 15, 29}) v[std::size_t(i)] += db;  // energies and bands
        return v;
    };
    for (int c = 0; c < copies; ++c) {
        for (std::size_t i = 0; i < n; ++i) {
            const int shift = roll(rng);
            const float db = gain(rng);
            seams.outgoing.push_back(alter(seams.outgoing[i], shift, db));
            seams.incoming.push_back(alter(seams.incoming[i], shift, db));
            seams.labels.push_back(seams.labels[i]);
        }
    }
}

Examples continuity_examples(const SeamExamples& seams, const SeamScaling& scaling, std::vector<double>* baseline) {
    Examples ex;
    ex.width = kContinuityInputs;
    ex.labels = seams.labels;
    ex.inputs.resize(ex.labels.size() * kContinuityInputs);
    if (baseline) baseline->resize(ex.labels.size());
    for (std::size_t i = 0; i < ex.labels.size(); ++i) {
        const auto a = scaling.apply({seams.outgoing[i], true});
        const auto b = scaling.apply({seams.incoming[i], true});
        continuity_inputs(a, b, ex.inputs.data() + i * kContinuityInputs);
        if (baseline) (*baseline)[i] = seam_cosine(a, b);
    }
    return ex;
}

double roc_auc(const std::vector<double>& scores, const std::vector<float>& labels) {
    std::vector<std::size_t> order(scores.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return scores[x] < scores[y]; });
    double positives = 0, negatives = 0, rank_sum = 0;
    for (std::size_t i = 0; i < order.size();) {
        std::size_t j = i;
        while (j < order.size() && scores[order[j]] == scores[order[i]]) ++j;
        const double rank = 0.5 * double(i + 1 + j);  // mean 1-based rank of the tie group
        for (std::size_t k = i; k < j; ++k) {
            if (labels[order[k]] > 0.5f) {
                positives += 1;
                rank_sum += rank;
            } else {
                negatives += 1;
            }
        }
        i = j;
    }
    if (positives == 0 || negatives == 0) return 0.5;
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives);
}

}  // namespace minidj::brain
