// Input rows of the two network parts and the explanation's measured parts.
#include "brain/inputs.h"

#include <algorithm>
#include <cmath>

namespace minidj::brain {
namespace {

constexpr int kPhraseEnergy = 12;   // SeamVector layout (brain.h)

double clamp(double v, double lo, double hi) { return std::min(std::max(v, lo), hi); }

double timbre_distance(const TrackFeatures& a, const TrackFeatures& b) {
    double d = 0.0;
    for (std::size_t i = 0; i < a.mfcc.size(); ++i) d += double(a.mfcc[i] - b.mfcc[i]) * double(a.mfcc[i] - b.mfcc[i]);
    return std::sqrt(d);
}

}  // namespace

SeamScaling SeamScaling::identity() {
    SeamScaling s;
    s.inv_std.fill(1.0f);
    return s;
}

SeamScaling SeamScaling::fit(const std::vector<const SeamVector*>& seams) {
    SeamScaling s = identity();
    if (seams.empty()) return s;
    for (int d = 0; d < kSeamDims; ++d) {
        double sum = 0.0, sum2 = 0.0;
        for (const auto* v : seams) sum += (*v)[std::size_t(d)];
        const double mean = sum / double(seams.size());
        for (const auto* v : seams) sum2 += ((*v)[std::size_t(d)] - mean) * ((*v)[std::size_t(d)] - mean);
        const double sd = std::sqrt(sum2 / double(seams.size()));
        s.mean[std::size_t(d)] = float(mean);
        s.inv_std[std::size_t(d)] = sd > 1e-6 ? float(1.0 / sd) : 1.0f;
    }
    return s;
}

SeamVector SeamScaling::apply(const SeamSide& side) const {
    SeamVector out{};
    if (!side.present) return out;
    for (std::size_t d = 0; d < out.size(); ++d) out[d] = (side.values[d] - mean[d]) * inv_std[d];
    return out;
}

void rule_inputs(const TrackFeatures& a, const TrackFeatures& b, const Rulebook& rules, float* out) {
    const Tempo t = tempo_relation(a.bpm, b.bpm);
    const bool tempo_known = t.relation != TempoRelation::kUnknown;
    // The key as the rules see it: a move they forbid is a clash; a clash they allow (any key)
    // counts as no key at all, which fits any key.
    KeyRelation key = key_relation(a, b);
    int distance = camelot_distance(a, b);
    bool other_letter = a.camelot_number && b.camelot_number && a.minor != b.minor;
    if (!key_move_allowed(key, rules.harmonic)) {
        key = KeyRelation::kClash;
    } else if (key == KeyRelation::kClash) {
        key = KeyRelation::kUnknown;
        distance = -1;
        other_letter = false;
    }
    int i = 0;
    // Tempo: deviation in units of the tolerance (the rule's threshold sits at 1), capped.
    out[i++] = tempo_known ? float(std::min(t.deviation / std::max(rules.max_tempo_change, 1e-6), 4.0)) : 0.0f;
    out[i++] = tempo_known ? 0.0f : 1.0f;
    out[i++] = tempo_known ? float(std::abs(std::log2(t.ratio))) : 0.0f;
    for (int r = 0; r <= int(KeyRelation::kUnknown); ++r) out[i++] = int(key) == r ? 1.0f : 0.0f;  // 8 one-hot
    out[i++] = distance >= 0 ? float(distance) / 6.0f : 0.0f;
    out[i++] = other_letter ? 1.0f : 0.0f;
    out[i++] = float(clamp(b.energy_db - a.energy_db, -40, 40) / 10.0);
    out[i++] = float(clamp(b.loudness_lufs - a.loudness_lufs, -40, 40) / 10.0);
    out[i++] = a.brightness_hz > 0 && b.brightness_hz > 0 ? float(clamp(std::log2(b.brightness_hz / a.brightness_hz), -4, 4))
                                                          : 0.0f;
    out[i++] = float(std::min(timbre_distance(a, b) / 100.0, 4.0));
}

void continuity_inputs(const SeamVector& a, const SeamVector& b, float* out) {
    for (int d = 0; d < kSeamDims; ++d) {
        const auto k = std::size_t(d);
        out[d] = a[k];
        out[kSeamDims + d] = b[k];
        out[2 * kSeamDims + d] = a[k] - b[k];
        out[3 * kSeamDims + d] = a[k] * b[k];
    }
}

double seam_cosine(const SeamVector& a, const SeamVector& b) {
    double ab = 0.0, aa = 0.0, bb = 0.0;
    for (std::size_t d = 0; d < a.size(); ++d) {
        ab += double(a[d]) * b[d];
        aa += double(a[d]) * a[d];
        bb += double(b[d]) * b[d];
    }
    return aa > 0 && bb > 0 ? ab / std::sqrt(aa * bb) : 0.0;
}

ScoreParts describe_pair(const TrackFeatures& a, const TrackFeatures& b) {
    ScoreParts p;
    p.tempo = tempo_relation(a.bpm, b.bpm);
    p.key = key_relation(a, b);
    if (a.camelot_number) p.key_a = std::to_string(a.camelot_number) + (a.minor ? "A" : "B");
    if (b.camelot_number) p.key_b = std::to_string(b.camelot_number) + (b.minor ? "A" : "B");
    p.timbre_distance = timbre_distance(a, b);
    if (a.outgoing.present && b.incoming.present) {
        const auto& out = a.outgoing.values;
        const auto& in = b.incoming.values;
        p.energy_jump_db = double(in[kPhraseEnergy]) - double(out[kPhraseEnergy]);
        // The chroma of the two phrases meeting at the seam. Phrases rather than single bars: a
        // bar's chroma is often one or two notes.
        double ab = 0.0, aa = 0.0, bb = 0.0;
        for (int c = 0; c < 12; ++c) {
            ab += double(out[c]) * in[c];
            aa += double(out[c]) * out[c];
            bb += double(in[c]) * in[c];
        }
        p.harmonic_continuity = aa > 0 && bb > 0 ? ab / std::sqrt(aa * bb) : 0.0;
    }
    return p;
}

}  // namespace minidj::brain
