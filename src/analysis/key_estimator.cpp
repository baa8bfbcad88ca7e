#include "analysis/key_estimator.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "analysis/key_profiles.h"

namespace minidj::analysis {
namespace {

using Chroma = std::array<double, 12>;

// Below this correlation the chroma is not tonal enough to name a key (noise, drums only).
constexpr double kMinCorrelation = 0.3;
constexpr double kMinChromaContrast = 0.15;  // sd / mean of the summed chroma
// Near-silent frames carry no harmony.
constexpr double kSilentFrame = 1e-3;
// Each frame's chroma, normalised to its peak, is compressed before summing (as log-compressed
// chroma is): a loud source that holds one note through the track (a tonal kick drum, a bass
// drone) then outweighs the quieter chord tones less.
constexpr double kCompression = 0.5;
// Tonal music opens and closes on its tonic chord: the first and last seconds that sound are
// compared with the 24 tonic triads. A small weight: a tie-breaker between keys the whole
// track's profile leaves close (a tune alternating I and V), not a vote of its own. At most a
// quarter of what sounds each: in a short excerpt or loop, 8 s would be half of it, and a
// phrase ending on V would then outvote the tonic.
constexpr double kCadenceSeconds = 8.0;
constexpr std::size_t kCadenceShareDivisor = 4;
constexpr double kCadenceWeight = 0.1;

double pearson(const Chroma& x, const KeyProfile& profile, int tonic) {
    const double mx = std::accumulate(x.begin(), x.end(), 0.0) / 12.0;
    const double mp = std::accumulate(profile.begin(), profile.end(), 0.0) / 12.0;
    double xy = 0, xx = 0, pp = 0;
    for (int pc = 0; pc < 12; ++pc) {
        const double a = x[std::size_t(pc)] - mx;
        const double b = profile[std::size_t((pc - tonic + 12) % 12)] - mp;
        xy += a * b;
        xx += a * a;
        pp += b * b;
    }
    return xx > 0 ? xy / std::sqrt(xx * pp) : 0.0;
}

// Frames [first, last) that sound: the loudest class of the frame above kSilentFrame of the
// loudest frame's.
struct Sounding {
    std::size_t first = 0, last = 0;
};

Sounding sounding_frames(const ChromaFrames& chroma, double loudest) {
    Sounding s{chroma.frames.size(), 0};
    for (std::size_t i = 0; i < chroma.frames.size(); ++i) {
        const auto& f = chroma.frames[i];
        if (*std::max_element(f.begin(), f.end()) < loudest * kSilentFrame) continue;
        s.first = std::min(s.first, i);
        s.last = i + 1;
    }
    return s;
}

// Sum over frames [first, last) of each sounding frame's chroma, normalised to its peak and
// compressed.
Chroma summed_chroma(const ChromaFrames& chroma, std::size_t first, std::size_t last,
                     double loudest) {
    Chroma total{};
    for (std::size_t i = first; i < last; ++i) {
        const auto& f = chroma.frames[i];
        const double peak = *std::max_element(f.begin(), f.end());
        if (peak < loudest * kSilentFrame) continue;
        for (int pc = 0; pc < 12; ++pc) {
            total[std::size_t(pc)] += std::pow(f[std::size_t(pc)] / peak, kCompression);
        }
    }
    return total;
}

bool has_contrast(const Chroma& total) {
    // Noise spreads over all pitch classes evenly: without contrast there is no key to name.
    const double mean = std::accumulate(total.begin(), total.end(), 0.0) / 12.0;
    double var = 0.0;
    for (double v : total) var += (v - mean) * (v - mean);
    return mean > 0.0 && std::sqrt(var / 12.0) >= kMinChromaContrast * mean;
}

// The 24 keys' scores, index tonic + 12 * minor.
using KeyScores = std::array<double, 24>;

// Mean correlation of `chroma` with the key profiles of every key.
KeyScores profile_scores(const Chroma& chroma) {
    KeyScores s{};
    for (int tonic = 0; tonic < 12; ++tonic) {
        for (const auto& p : kKeyProfiles) {
            s[std::size_t(tonic)] += pearson(chroma, p.major, tonic) / double(kKeyProfiles.size());
            s[std::size_t(tonic + 12)] +=
                pearson(chroma, p.minor, tonic) / double(kKeyProfiles.size());
        }
    }
    return s;
}

// Correlation of `chroma` with every key's tonic triad.
KeyScores triad_scores(const Chroma& chroma) {
    KeyScores s{};
    for (int tonic = 0; tonic < 12; ++tonic) {
        s[std::size_t(tonic)] = pearson(chroma, kMajorTriad, tonic);
        s[std::size_t(tonic + 12)] = pearson(chroma, kMinorTriad, tonic);
    }
    return s;
}

}  // namespace

KeyEstimate estimate_key(const ChromaFrames& chroma) {
    KeyEstimate out;
    out.tuning_cents = chroma.tuning_cents;
    double loudest = 0.0;
    for (const auto& f : chroma.frames) {
        loudest = std::max(loudest, double(*std::max_element(f.begin(), f.end())));
    }
    if (loudest <= 0.0) return out;
    const Sounding s = sounding_frames(chroma, loudest);
    const Chroma whole = summed_chroma(chroma, s.first, s.last, loudest);
    if (!has_contrast(whole)) return out;

    const KeyScores profile = profile_scores(whole);
    const auto cadence = std::min(std::size_t(kCadenceSeconds / chroma.seconds_per_frame()),
                                  (s.last - s.first) / kCadenceShareDivisor);
    const KeyScores opening =
        triad_scores(summed_chroma(chroma, s.first, std::min(s.last, s.first + cadence), loudest));
    const KeyScores closing = triad_scores(
        summed_chroma(chroma, s.last - std::min(s.last - s.first, cadence), s.last, loudest));
    KeyScores total{};
    for (std::size_t k = 0; k < total.size(); ++k) {
        total[k] = profile[k] + kCadenceWeight * (opening[k] + closing[k]);
    }

    const auto best = std::size_t(std::max_element(total.begin(), total.end()) - total.begin());
    if (profile[best] < kMinCorrelation) return out;
    double second = -1e9;
    for (std::size_t k = 0; k < total.size(); ++k) {
        if (k != best) second = std::max(second, total[k]);
    }
    out.key = MusicalKey{int(best % 12), best >= 12};
    // Confidence: the winner's profile correlation, discounted when the runner-up is close.
    const double margin = (total[best] - second) / std::max(total[best], 1e-9);
    out.confidence = std::clamp(profile[best] * std::min(1.0, 4.0 * margin + 0.25), 0.0, 1.0);
    return out;
}

}  // namespace minidj::analysis
