#include "render/deck_stretch.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "render/deck_source.h"
#include "render/measure.h"
#include "render/onsets.h"
#include "render/stretch.h"

namespace minidj::render {
namespace {

std::int64_t to_frames(double seconds, int rate) { return std::int64_t(std::llround(seconds * rate)); }

// Stretches a fitted segment so that its beat k lands on master beat k (t0_frames = output frame
// of master beat 0), each key frame moved `correction[k]` seconds earlier (empty: none).
Segment stretch_fitted(const FittedSegment& fit, std::int64_t t0_frames, const std::vector<double>& master, int rate,
                       StretchEngine engine, const std::vector<double>& correction = {}) {
    Segment seg;
    seg.beats = fit.beats;
    // Margins run at native speed: the segment starts `pre` frames before beat 0 in both clocks.
    const std::int64_t b0 = to_frames(seg.beats.front(), rate);
    const std::int64_t pre = b0 - fit.src_first;
    const std::int64_t post = fit.src_last - to_frames(seg.beats.back(), rate);
    seg.out_start = t0_frames - pre;
    std::map<std::size_t, std::size_t> keys;
    for (std::size_t k = 0; k < seg.beats.size(); ++k) {
        const std::int64_t in = to_frames(seg.beats[k], rate) - fit.src_first;
        const double late = k < correction.size() ? correction[k] : 0.0;
        const std::int64_t out = pre + to_frames(master[k] - late, rate);
        if (in > 0 && out > 0) keys[std::size_t(in)] = std::size_t(out);
    }
    const std::int64_t out_frames = pre + to_frames(master.back(), rate) + post;
    seg.audio = render::stretch_segment(fit.audio, rate, std::size_t(std::max<std::int64_t>(out_frames, 1)), keys, engine);
    return seg;
}

// How far the landed beats stray from their median on average (a steady offset is the nudge's
// job).
double landing_spread(const std::vector<std::optional<double>>& landing) {
    std::vector<double> v;
    for (const auto& l : landing) {
        if (l) v.push_back(*l);
    }
    if (v.empty()) return 0.0;
    auto sorted = v;
    std::sort(sorted.begin(), sorted.end());
    const double median = sorted[sorted.size() / 2];
    double spread = 0.0;
    for (double x : v) spread += std::abs(x - median);
    return spread / double(v.size());
}

// Each beat's lateness; where it could not be measured, the last measured one's (R2 drifts late
// up to the beat where it resets onto its key frame, and that beat rarely correlates).
std::vector<double> lateness(const std::vector<std::optional<double>>& landing) {
    std::vector<double> out(landing.size(), 0.0);
    double last = 0.0;
    for (std::size_t k = 0; k < landing.size(); ++k) out[k] = last = landing[k].value_or(last);
    return out;
}

}  // namespace

Result<FittedSegment> fit_deck(const std::string& path, const std::vector<double>& beats, int rate) {
    const double period = beats[1] - beats[0];
    FittedSegment fit;
    fit.src_first = to_frames(beats.front() - period, rate);
    fit.src_last = to_frames(beats.back() + period, rate);
    auto audio = render::read_segment(path, rate, fit.src_first, std::size_t(fit.src_last - fit.src_first));
    if (!audio) return audio.error();
    fit.audio = std::move(audio.value());
    fit.beats = render::fit_beats_to_attacks(beats, {&fit.audio, double(fit.src_first) / rate}, rate);
    return fit;
}

// Stretches a deck onto the clock and measures where its beats landed. R2 places attacks off its
// key frames, drifting late by about 0.5 ms a beat and resetting every 8 or 16 beats, so when its
// beats stray more than kStraySeconds on average, every key frame is moved once by its beat's
// lateness and the deck stretched again (up to kPasses times); the steadiest is kept.
LandedSegment stretch_onto_clock(const FittedSegment& fit, std::int64_t t0_f, const std::vector<double>& master,
                                 int rate, StretchEngine engine) {
    constexpr double kStraySeconds = 0.0005;
    constexpr int kPasses = 3;
    std::vector<double> master_out(master.size());
    for (std::size_t k = 0; k < master.size(); ++k) master_out[k] = double(t0_f) / rate + master[k];
    const render::DeckStem source{&fit.audio, double(fit.src_first) / rate};
    auto landed = [&](const std::vector<double>& correction) {
        LandedSegment l;
        l.seg = stretch_fitted(fit, t0_f, master, rate, engine, correction);
        l.landing = render::landing_errors({&l.seg.audio, double(l.seg.out_start) / rate}, source, l.seg.beats,
                                           master_out, rate);
        return l;
    };
    auto first = landed({});
    // R3 lands within a millisecond; moving its key frames by what the stem measurement reads
    // there only adds that measurement's own noise (the marker test showed it).
    if (engine != StretchEngine::kFaster || landing_spread(first.landing) <= kStraySeconds) return first;
    // Each pass moves the key frames by the lateness left after the last one.
    auto best = std::move(first);
    std::vector<double> correction(master.size(), 0.0);
    auto current_landing = best.landing;
    for (int pass = 0; pass < kPasses; ++pass) {
        const auto late = lateness(current_landing);
        for (std::size_t k = 0; k < correction.size(); ++k) correction[k] += late[k];
        auto next = landed(correction);
        current_landing = next.landing;
        if (landing_spread(next.landing) < landing_spread(best.landing)) best = std::move(next);
        if (landing_spread(best.landing) <= kStraySeconds) break;
    }
    return best;
}

}  // namespace minidj::render
