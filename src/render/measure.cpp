#include "render/measure.h"

#include <ebur128.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <numeric>

#include "analysis/true_peak.h"
#include "minidj/audio.h"
#include "render/onsets.h"

namespace minidj::render {
namespace {

struct Ebur128Deleter {
    void operator()(ebur128_state* s) const { ebur128_destroy(&s); }
};

double median(std::vector<double> v) {
    if (v.empty()) return 0.0;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

// Index of the master beat nearest t, if within half a beat.
std::optional<int> nearest_beat(const std::vector<double>& beats, double t) {
    const auto it = std::lower_bound(beats.begin(), beats.end(), t);
    std::size_t i = std::size_t(it - beats.begin());
    if (i == beats.size() || (i > 0 && t - beats[i - 1] < beats[i] - t)) i = i ? i - 1 : 0;
    const double period = beats.size() > 1 ? (beats.back() - beats.front()) / double(beats.size() - 1) : 0.5;
    if (std::abs(beats[i] - t) > 0.5 * period) return std::nullopt;
    return int(i);
}

}  // namespace

std::optional<double> median_difference(const std::vector<std::optional<double>>& landing_a,
                                        const std::vector<std::optional<double>>& landing_b) {
    std::vector<double> differences;
    for (std::size_t k = 0; k < landing_a.size() && k < landing_b.size(); ++k) {
        if (landing_a[k] && landing_b[k]) differences.push_back(*landing_b[k] - *landing_a[k]);
    }
    if (differences.empty() || differences.size() * 4 < landing_a.size()) return std::nullopt;
    return median(differences);
}

std::vector<std::optional<double>> landing_errors(const DeckStem& stem, const DeckStem& source,
                                                  const std::vector<double>& source_beats,
                                                  const std::vector<double>& master_beats, int rate) {
    std::vector<std::optional<double>> out(master_beats.size());
    if (master_beats.size() < 2 || source_beats.size() != master_beats.size()) return out;
    const render::OnsetEnvelope env_out(stem.audio->data(), stem.audio->size() / 2, rate, stem.start_s);
    const render::OnsetEnvelope env_src(source.audio->data(), source.audio->size() / 2, rate, source.start_s);
    // OUT time -> source time through the beat map.
    const auto to_source = [&](double t) {
        const auto& m = master_beats;
        const auto& s = source_beats;
        if (t <= m.front()) return s.front() + (t - m.front());
        if (t >= m.back()) return s.back() + (t - m.back());
        const auto i = std::size_t(std::upper_bound(m.begin(), m.end(), t) - m.begin()) - 1;
        return s[i] + (t - m[i]) * (s[i + 1] - s[i]) / (m[i + 1] - m[i]);
    };
    for (std::size_t k = 0; k < master_beats.size(); ++k) {
        const double period = k + 1 < master_beats.size() ? master_beats[k + 1] - master_beats[k]
                                                          : master_beats[k] - master_beats[k - 1];
        const double reach = std::min(0.06, 0.25 * period);
        const auto narrow = render::landing_lag(env_src, to_source, env_out, master_beats[k], 0.5 * period, reach);
        const auto wide = render::landing_lag(env_src, to_source, env_out, master_beats[k], period, reach);
        const bool agree = narrow.weight >= 0.5 && wide.weight >= 0.5 && std::abs(narrow.seconds - wide.seconds) <= 0.005;
        if (agree) out[k] = narrow.seconds;
    }
    return out;
}

void measure_sync(const std::vector<std::optional<double>>& landing_a,
                  const std::vector<std::optional<double>>& landing_b, const std::vector<double>& master_beats,
                  const std::vector<double>& downbeats_a, const std::vector<double>& downbeats_b, int meter,
                  MixReport& report) {
    if (master_beats.size() < 2) return;
    std::vector<std::optional<double>> lags(master_beats.size());
    std::vector<double> errors;
    for (std::size_t k = 0; k < master_beats.size() && k < landing_a.size() && k < landing_b.size(); ++k) {
        if (!landing_a[k] || !landing_b[k]) continue;
        lags[k] = *landing_b[k] - *landing_a[k];
        errors.push_back(1000.0 * std::abs(*lags[k]));
    }
    report.beats_measured = int(errors.size());
    report.phase_error_median_ms = median(errors);
    report.phase_error_max_ms = errors.empty() ? 0.0 : *std::max_element(errors.begin(), errors.end());

    // Downbeats: each deck's own downbeats (from the analysis of the whole track, where bars
    // can be heard) carried to OUT through the beat map; a bar counts when both decks have one
    // in it, and agrees when both sit on the bar's first master beat and the two decks' beats
    // landed there within 15 ms of each other.
    const int bars = int(master_beats.size() - 1) / meter;
    std::vector<std::vector<int>> in_a(static_cast<std::size_t>(bars)), in_b(static_cast<std::size_t>(bars));
    for (auto [times, target] : {std::pair{&downbeats_a, &in_a}, std::pair{&downbeats_b, &in_b}}) {
        for (double t : *times) {
            if (auto k = nearest_beat(master_beats, t); k && *k / meter < bars) {
                (*target)[std::size_t(*k / meter)].push_back(*k);
            }
        }
    }
    int checked = 0, agreeing = 0;
    for (int j = 0; j < bars; ++j) {
        const auto& da = in_a[std::size_t(j)];
        const auto& db = in_b[std::size_t(j)];
        if (da.empty() || db.empty()) continue;
        ++checked;
        const std::size_t first = std::size_t(j * meter);
        const bool on_one = std::find(da.begin(), da.end(), int(first)) != da.end() &&
                            std::find(db.begin(), db.end(), int(first)) != db.end();
        const bool heard = !lags[first] || std::abs(*lags[first]) <= 0.015;
        agreeing += on_one && heard;
    }
    report.bars_checked = checked;
    report.downbeats_aligned = checked > 0 && checked >= (bars + 1) / 2 && agreeing == checked;
}

struct StreamMeasurer::State {
    std::unique_ptr<ebur128_state, Ebur128Deleter> meter;
    analysis::TruePeakMeter peak;
    int rate, channels;
    std::size_t step;                   // frames per short-term reading: 0.1 s
    std::vector<float> pending;         // samples not yet handed to the meter
    std::size_t frames = 0;
    // K-weighted mean square of the last 30 steps (3 s), a ring: the short-term loudness kept
    // up to date from one 0.1 s reading per step. Asking libebur128 for the
    // short-term value instead re-sums the whole 3 s window every 0.1 s, 30 times the work.
    std::vector<double> energies = std::vector<double>(30, 0.0);
    std::size_t ring = 0;
    FileMeasures out;

    State(int r, int c) : peak(r, c), rate(r), channels(c), step(std::size_t(r) / 10) {}
};

StreamMeasurer::StreamMeasurer(std::unique_ptr<State> state) : state_(std::move(state)) {}
StreamMeasurer::~StreamMeasurer() = default;

Result<std::unique_ptr<StreamMeasurer>> StreamMeasurer::create(int sample_rate, int channels) {
    auto state = std::make_unique<State>(sample_rate, channels);
    state->meter.reset(ebur128_init(unsigned(channels), unsigned(sample_rate), EBUR128_MODE_M | EBUR128_MODE_I));
    if (!state->meter) return Error{"mix: loudness meter failed to start"};
    return std::unique_ptr<StreamMeasurer>(new StreamMeasurer(std::move(state)));
}

void StreamMeasurer::add(const float* block, std::size_t frames) {
    auto& s = *state_;
    const std::size_t n = frames * std::size_t(s.channels);
    s.peak.process(block, frames);
    for (std::size_t i = 0; i < n; ++i) s.out.clipped_samples += std::abs(block[i]) >= 0.99997f;
    s.frames += frames;
    s.pending.insert(s.pending.end(), block, block + n);
    const std::size_t step = s.step * std::size_t(s.channels);
    std::size_t used = 0;
    for (; s.pending.size() - used >= step; used += step) {
        ebur128_add_frames_float(s.meter.get(), s.pending.data() + used, s.step);
        double step_lufs = -HUGE_VAL;
        const bool read = ebur128_loudness_window(s.meter.get(), 100, &step_lufs) == EBUR128_SUCCESS;
        const double energy = read && std::isfinite(step_lufs) ? std::pow(10.0, (step_lufs + 0.691) / 10.0) : 0.0;
        s.energies[s.ring] = energy;
        s.ring = (s.ring + 1) % s.energies.size();
        const double mean = std::accumulate(s.energies.begin(), s.energies.end(), 0.0) / double(s.energies.size());
        const double st = mean > 0.0 ? -0.691 + 10.0 * std::log10(mean) : -70.0;
        s.out.short_term_curve.push_back(float(std::max(st, -70.0)));
    }
    s.pending.erase(s.pending.begin(), s.pending.begin() + std::ptrdiff_t(used));
}

FileMeasures StreamMeasurer::finish() {
    auto& s = *state_;
    s.peak.finish();
    s.out.duration_s = double(s.frames) / s.rate;
    s.out.true_peak_dbtp = s.peak.true_peak() > 0 ? 20.0 * std::log10(s.peak.true_peak()) : -120.0;
    double integrated = -70.0;
    if (ebur128_loudness_global(s.meter.get(), &integrated) == EBUR128_SUCCESS && std::isfinite(integrated)) {
        s.out.integrated_lufs = std::max(integrated, -70.0);
    }
    return std::move(s.out);
}

Result<FileMeasures> measure_audio(const std::filesystem::path& path) {
    auto decoder = AudioDecoder::open(path);
    if (!decoder) return decoder.error();
    auto& dec = *decoder.value();
    auto measurer = StreamMeasurer::create(dec.output_rate(), dec.output_channels());
    if (!measurer) return measurer.error();
    std::vector<float> block;
    for (;;) {
        auto got = dec.read(block);
        if (!got) return got.error();
        if (got.value() == 0) break;
        measurer.value()->add(block.data(), got.value());
    }
    return measurer.value()->finish();
}

void assess_transition_loudness(const std::vector<float>& curve, MixReport& report) {
    // Window i ends at (i + 1) * 0.1 s; its centre is 1.5 s earlier.
    auto centre = [](std::size_t i) { return double(i + 1) * 0.1 - 1.5; };
    std::vector<std::size_t> inside;
    for (std::size_t i = 0; i < curve.size(); ++i) {
        if (centre(i) >= report.transition_start_s && centre(i) <= report.transition_end_s) inside.push_back(i);
    }
    if (inside.empty()) return;
    const double c0 = centre(inside.front()), c1 = centre(inside.back());
    const double l0 = curve[inside.front()], l1 = curve[inside.back()];
    report.short_term_lufs_min = 1e9;
    report.short_term_lufs_max = -1e9;
    report.loudness_dip_lu = report.loudness_bump_lu = 0.0;
    for (std::size_t i : inside) {
        const double l = curve[i];
        const double line = c1 > c0 ? l0 + (l1 - l0) * (centre(i) - c0) / (c1 - c0) : l0;
        report.short_term_lufs_min = std::min(report.short_term_lufs_min, l);
        report.short_term_lufs_max = std::max(report.short_term_lufs_max, l);
        report.loudness_dip_lu = std::max(report.loudness_dip_lu, line - l);
        report.loudness_bump_lu = std::max(report.loudness_bump_lu, l - line);
    }
}

Status measure_file(const std::filesystem::path& path, MixReport& report) {
    auto measured = measure_audio(path);
    if (!measured) return measured.error();
    auto& m = measured.value();
    report.duration_s = m.duration_s;
    report.true_peak_dbtp = m.true_peak_dbtp;
    report.clipped_samples = m.clipped_samples;
    report.short_term_curve = std::move(m.short_term_curve);
    assess_transition_loudness(report.short_term_curve, report);
    return Ok{};
}

}  // namespace minidj::render
