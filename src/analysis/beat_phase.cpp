#include "analysis/beat_phase.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>

#include "analysis/envelope_peak.h"
#include "analysis/frame_grid.h"

namespace minidj::analysis {
namespace {

// Shifts tried, as fractions of each beat interval: straight off-beats and a shuffle's thirds.
constexpr std::array<double, 4> kShifts = {0.0, 0.5, 1.0 / 3.0, 2.0 / 3.0};
// Harmonic change counts three times the bass: measured on the dev corpus, it favours the
// beats over the off-beats on every item (change on the off-beats 0.6-0.95 of that on the
// beats), while the bass favours the off-beats on a few, by up to 1.8 times.
constexpr double kChangeWeight = 3.0;
// A shifted grid must still sit on sound: at least this share of the onset strength of the
// best-sounding candidate.
constexpr double kMinAttackShare = 0.3;
constexpr int kPeakRadius = 2;  // frames
constexpr double kChangeShare = 0.25;  // the strongest quarter of the beats' chord changes

// Running sums of the chroma frames, read at fractional positions, so a window's mean chroma
// costs two look-ups whatever its length.
class ChromaIntegral {
public:
    explicit ChromaIntegral(const std::vector<std::array<float, 12>>& frames) : sums_(frames.size() + 1) {
        for (std::size_t i = 0; i < frames.size(); ++i) {
            for (std::size_t pc = 0; pc < 12; ++pc) sums_[i + 1][pc] = sums_[i][pc] + frames[i][pc];
        }
    }
    // Sum over chroma time [a, b) in frames; frame i spans [i - 0.5, i + 0.5).
    std::array<double, 12> sum(double a, double b) const {
        std::array<double, 12> out{};
        const auto at = [&](double x, std::size_t pc) {
            x = std::clamp(x, 0.0, double(sums_.size() - 1));
            const auto i = std::min(std::size_t(x), sums_.size() - 2);
            const double f = x - double(i);
            return sums_[i][pc] * (1 - f) + sums_[i + 1][pc] * f;
        };
        for (std::size_t pc = 0; pc < 12; ++pc) out[pc] = at(b + 0.5, pc) - at(a + 0.5, pc);
        return out;
    }
    bool empty() const { return sums_.size() < 2; }

private:
    std::vector<std::array<double, 12>> sums_;
};

double cosine_distance(const std::array<double, 12>& a, const std::array<double, 12>& b) {
    double ab = 0, aa = 0, bb = 0;
    for (std::size_t i = 0; i < 12; ++i) {
        ab += a[i] * b[i];
        aa += a[i] * a[i];
        bb += b[i] * b[i];
    }
    return aa > 0 && bb > 0 ? 1.0 - ab / std::sqrt(aa * bb) : 0.0;
}

std::vector<double> shifted(const std::vector<double>& beats, double fraction) {
    std::vector<double> out;
    out.reserve(beats.size());
    for (std::size_t i = 0; i + 1 < beats.size(); ++i) out.push_back(beats[i] + fraction * (beats[i + 1] - beats[i]));
    if (fraction == 0.0) out.push_back(beats.back());
    return out;
}

struct Evidence {
    double attack = 0.0, bass = 0.0, change = 0.0;
};

Evidence measure(const std::vector<double>& beats, const std::vector<float>& attack, const std::vector<float>& bass,
                 const ChromaIntegral& chroma, double chroma_per_frame) {
    Evidence e;
    std::vector<double> changes;
    for (std::size_t i = 0; i < beats.size(); ++i) {
        e.attack += peak_near(attack, beats[i], kPeakRadius);
        e.bass += peak_near(bass, beats[i], kPeakRadius);
        if (i > 0 && i + 1 < beats.size()) {
            // The chord of the beat before against the chord of the beat after.
            const double a = beats[i - 1] * chroma_per_frame, b = beats[i] * chroma_per_frame,
                         c = beats[i + 1] * chroma_per_frame;
            changes.push_back(cosine_distance(chroma.sum(a, b), chroma.sum(b, c)));
        }
    }
    const double n = double(std::max<std::size_t>(1, beats.size()));
    e.attack /= n;
    e.bass /= n;
    // Chords change once or twice a bar: the strongest changes tell, the rest is drums and
    // passing notes. On the right grid they peak on single beats; half a beat off, each is
    // split between two.
    if (!changes.empty()) {
        const auto top = std::max<std::size_t>(1, std::size_t(double(changes.size()) * kChangeShare));
        std::nth_element(changes.begin(), changes.begin() + std::ptrdiff_t(top - 1), changes.end(), std::greater<>());
        for (std::size_t i = 0; i < top; ++i) e.change += changes[i] / double(top);
    }
    return e;
}

}  // namespace

std::vector<double> choose_beat_phase(const std::vector<double>& beats, const std::vector<float>& attack_envelope,
                                      const std::vector<float>& bass_envelope, const ChromaFrames& chroma) {
    if (beats.size() < 8) return beats;
    const ChromaIntegral integral(chroma.harmony);
    // Chroma frame i is centred on sample i*hop; analysis frame f on sample f*kHop.
    const double chroma_per_frame = 1.0 / (chroma.seconds_per_frame() * kFramesPerSecond);

    std::array<Evidence, kShifts.size()> evidence;
    double loudest = 0.0;
    for (std::size_t s = 0; s < kShifts.size(); ++s) {
        evidence[s] = measure(shifted(beats, kShifts[s]), attack_envelope, bass_envelope, integral, chroma_per_frame);
        loudest = std::max(loudest, evidence[s].attack);
    }
    constexpr double kTiny = 1e-6;
    // Without harmony (drums, clicks) the chord change is noise: the bass decides alone.
    const bool harmonic = evidence[0].change >= kMeaningfulChordChange;
    std::size_t best = 0;
    double best_score = -1e300;
    for (std::size_t s = 0; s < kShifts.size(); ++s) {
        const auto& e = evidence[s];
        if (s > 0 && e.attack < kMinAttackShare * loudest) continue;
        const double score = std::log(e.bass + kTiny) + (harmonic ? kChangeWeight * std::log(e.change + kTiny) : 0.0);
        if (score > best_score) {
            best_score = score;
            best = s;
        }
    }
    return best == 0 ? beats : shifted(beats, kShifts[best]);
}

}  // namespace minidj::analysis
