#include "render/onsets.h"

#include <algorithm>
#include <cmath>

namespace minidj::render {

OnsetEnvelope::OnsetEnvelope(const float* stereo, std::size_t frames, int sample_rate,
                             double start_s)
    : sample_rate_(sample_rate), start_s_(start_s) {
    const std::size_t hops = frames / kHop;
    // Energy of the first difference: it weights each frequency by itself, so an attack's
    // broadband click stands out and a kick's or bass's low body (whose energy per hop swings
    // with its waveform's phase) does not.
    std::vector<double> raw(hops);
    double previous = frames ? 0.5 * (double(stereo[0]) + stereo[1]) : 0.0;
    for (std::size_t h = 0; h < hops; ++h) {
        double e = 0.0;
        for (std::size_t i = h * kHop; i < (h + 1) * kHop; ++i) {
            const double m = 0.5 * (double(stereo[2 * i]) + stereo[2 * i + 1]);
            e += (m - previous) * (m - previous);
            previous = m;
        }
        raw[h] = e;
    }
    energy_.resize(hops);
    for (std::size_t h = 0; h < hops; ++h) {
        // Amplitude, not energy: a squared scale lets a loud tail outrank the attack before it.
        energy_[h] = std::sqrt(raw[h] + (h ? raw[h - 1] : 0.0) + (h + 1 < hops ? raw[h + 1] : 0.0));
    }
}

std::optional<Onset> OnsetEnvelope::locate(double t, double radius_s) const {
    const double hop_s = double(kHop) / sample_rate_;
    constexpr int kSpan = 3;  // rise measured from 3 hops before to 3 after (about 4 ms)
    const long centre = std::lround((t - start_s_) / hop_s - 0.5);
    const long radius = std::max(1L, std::lround(radius_s / hop_s));
    const long lo = std::max<long>(kSpan, centre - radius);
    const long hi = std::min<long>(long(energy_.size()) - kSpan - 1, centre + radius);
    if (lo > hi) return std::nullopt;
    auto rise = [&](long h) {
        return energy_[std::size_t(h + kSpan)] - energy_[std::size_t(h - kSpan)];
    };
    long peak = lo;
    for (long h = lo + 1; h <= hi; ++h) {
        if (rise(h) > rise(peak)) peak = h;
    }
    // The first rise of at least half the largest, climbed to its own top: a clap's later
    // bursts or a flam can rise more than the attack itself, but they come after it.
    long best = lo;
    while (best < peak && rise(best) < 0.5 * rise(peak)) ++best;
    while (best < hi && rise(best + 1) > rise(best)) ++best;
    double offset = 0.0;  // parabolic refinement between neighbouring hops
    if (best > lo && best < hi) {
        const double y0 = rise(best - 1), y1 = rise(best), y2 = rise(best + 1);
        const double d = y0 - 2 * y1 + y2;
        if (d < 0) offset = std::clamp(0.5 * (y0 - y2) / d, -0.5, 0.5);
    }
    // Hop h covers frames [h*kHop, (h+1)*kHop); the rise centred on hop h is a rise at its middle.
    return Onset{start_s_ + (double(best) + offset + 0.5) * hop_s, std::max(0.0, rise(best))};
}

double OnsetEnvelope::level_at(double t) const {
    const double x = (t - start_s_) / hop_s() - 0.5;
    const long h = long(std::floor(x));
    auto at = [&](long i) {
        return i < 0 || i >= long(energy_.size()) ? 0.0 : energy_[std::size_t(i)];
    };
    const double f = x - double(h);
    return (1.0 - f) * at(h) + f * at(h + 1);
}

namespace {

// Log-domain rises of `env` read at time_at(i) for i in [first, last]; the floor is 5 % of the
// loudest level there, so silence and hiss do not count as attacks.
template <class TimeAt>
std::vector<double> log_rises(const OnsetEnvelope& env, TimeAt time_at, long first, long last) {
    std::vector<double> level(std::size_t(last - first + 3));
    double loudest = 0.0;
    for (long i = first - 1; i <= last + 1; ++i) {
        level[std::size_t(i - first + 1)] = env.level_at(time_at(i));
        loudest = std::max(loudest, level[std::size_t(i - first + 1)]);
    }
    const double floor = 0.05 * loudest + 1e-9;
    std::vector<double> rises(std::size_t(last - first + 1));
    for (long i = first; i <= last; ++i) {
        const double before = level[std::size_t(i - first)],
                     after = level[std::size_t(i - first + 2)];
        rises[std::size_t(i - first)] = std::max(0.0, std::log((after + floor) / (before + floor)));
    }
    return rises;
}

// The shift of `rb` (hops -half-reach..half+reach) that best matches `ra` (hops -half..half):
// cross-correlation, parabolic refinement, normalised weight; no peak inside the range: {}.
Lag best_shift(const std::vector<double>& ra, const std::vector<double>& rb, long half, long reach, double hop) {
    double ea = 0.0;
    for (double v : ra) ea += v * v;
    std::vector<double> score(std::size_t(2 * reach + 1));
    double eb = 0.0;
    for (long i = -half - reach; i <= half + reach; ++i) {
        const double v = rb[std::size_t(i + half + reach)];
        if (std::abs(i) <= half) eb += v * v;
        for (long lag = std::max(-reach, i - half); lag <= std::min(reach, i + half); ++lag) {
            score[std::size_t(lag + reach)] += ra[std::size_t(i - lag + half)] * v;
        }
    }
    if (!(ea > 0 && eb > 0)) return {};
    long best = 0;
    for (long lag = -reach; lag <= reach; ++lag) {
        if (score[std::size_t(lag + reach)] > score[std::size_t(best + reach)]) best = lag;
    }
    // A best lag on the edge of the search is no peak: the attacks do not line up in range.
    if (std::abs(best) >= reach - 2) return {};
    double offset = 0.0;
    {
        const double y0 = score[std::size_t(best - 1 + reach)],
                     y1 = score[std::size_t(best + reach)],
                     y2 = score[std::size_t(best + 1 + reach)];
        const double d = y0 - 2 * y1 + y2;
        if (d < 0) offset = std::clamp(0.5 * (y0 - y2) / d, -0.5, 0.5);
    }
    return {(double(best) + offset) * hop, score[std::size_t(best + reach)] / std::sqrt(ea * eb)};
}

}  // namespace

Lag landing_lag(const OnsetEnvelope& source, const std::function<double(double)>& to_source,
                const OnsetEnvelope& out, double t, double half_window_s, double max_lag_s) {
    const double hop = out.hop_s();
    const long half = std::lround(half_window_s / hop);
    const long reach = std::lround(max_lag_s / hop);
    const auto in_source = [&](long i) { return to_source(t + double(i) * hop); };
    const auto in_out = [&](long i) { return t + double(i) * hop; };
    return best_shift(log_rises(source, in_source, -half, half), log_rises(out, in_out, -half - reach, half + reach),
                      half, reach, hop);
}

std::vector<double> fit_beats_to_onsets(const std::vector<double>& beats,
                                        const OnsetEnvelope& envelope) {
    if (beats.size() < 2) return beats;
    const double period = (beats.back() - beats.front()) / double(beats.size() - 1);
    const double radius = std::min(0.04, 0.2 * period);
    std::vector<double> index, offset, strength;
    for (std::size_t k = 0; k < beats.size(); ++k) {
        if (auto o = envelope.locate(beats[k], radius)) {
            index.push_back(double(k));
            offset.push_back(o->time_s - beats[k]);
            strength.push_back(o->strength);
        }
    }
    if (index.size() < 4) return beats;
    auto sorted = strength;
    std::sort(sorted.begin(), sorted.end());
    const double strong = 0.25 * sorted[sorted.size() / 2];
    std::vector<double> kept;
    for (std::size_t i = 0; i < offset.size(); ++i) {
        if (strength[i] >= strong) kept.push_back(offset[i]);
    }
    if (kept.size() < 4) return beats;
    std::sort(kept.begin(), kept.end());
    const double median = kept[kept.size() / 2];
    // Least squares offset = c0 + c1 k over the strong onsets within 8 ms of the median.
    double n = 0, sk = 0, so = 0, skk = 0, sko = 0;
    for (std::size_t i = 0; i < offset.size(); ++i) {
        if (strength[i] < strong || std::abs(offset[i] - median) > 0.008) continue;
        n += 1, sk += index[i], so += offset[i], skk += index[i] * index[i],
            sko += index[i] * offset[i];
    }
    if (n < 4) return beats;
    const double det = n * skk - sk * sk;
    const double c1 = std::abs(det) > 1e-9 ? (n * sko - sk * so) / det : 0.0;
    const double c0 = (so - c1 * sk) / n;
    std::vector<double> out(beats.size());
    for (std::size_t k = 0; k < beats.size(); ++k) out[k] = beats[k] + c0 + c1 * double(k);
    return out;
}

}  // namespace minidj::render
