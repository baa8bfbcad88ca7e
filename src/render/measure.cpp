#include "render/measure.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <numeric>

#include "analysis/bs1770_meter.h"
#include "analysis/true_peak.h"
#include "minidj/audio.h"
#include "render/onsets.h"

namespace minidj::render {
namespace {

constexpr double kFloorLufs = -70.0;  // silence reads as the absolute gate, not -inf

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

void measure_sync(const std::vector<std::optional<double>>& differences, const std::vector<double>& master_beats,
                  const std::vector<double>& downbeats_a, const std::vector<double>& downbeats_b, int meter,
                  MixReport& report) {
    if (master_beats.size() < 2) return;
    std::vector<double> errors, signed_errors;
    for (const auto& d : differences) {
        if (d) errors.push_back(1000.0 * std::abs(*d)), signed_errors.push_back(1000.0 * *d);
    }
    report.beats_measured = int(errors.size());
    report.phase_offset_ms = median(signed_errors);
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
        const bool heard = first >= differences.size() || !differences[first] || std::abs(*differences[first]) <= 0.015;
        agreeing += on_one && heard;
    }
    report.bars_checked = checked;
    report.downbeats_aligned = checked > 0 && checked >= (bars + 1) / 2 && agreeing == checked;
}

struct StreamMeasurer::State {
    analysis::Bs1770Meter loudness;
    analysis::TruePeakMeter peak;
    int rate;
    std::size_t frames = 0;
    std::size_t clipped_samples = 0;

    State(int r, int c) : loudness(r, c), peak(r, c), rate(r) {}
};

StreamMeasurer::StreamMeasurer(std::unique_ptr<State> state) : state_(std::move(state)) {}
StreamMeasurer::~StreamMeasurer() = default;

Result<std::unique_ptr<StreamMeasurer>> StreamMeasurer::create(int sample_rate, int channels) {
    if (channels < 1 || channels > 2) return Error{fmt::format("mix: cannot meter {} channels", channels)};
    return std::unique_ptr<StreamMeasurer>(new StreamMeasurer(std::make_unique<State>(sample_rate, channels)));
}

void StreamMeasurer::add(const float* block, std::size_t frames) {
    auto& s = *state_;
    s.peak.process(block, frames);
    s.loudness.process(block, frames);
    const std::size_t n = frames * std::size_t(s.loudness.channels());
    for (std::size_t i = 0; i < n; ++i) s.clipped_samples += std::abs(block[i]) >= 0.99997f;
    s.frames += frames;
}

FileMeasures StreamMeasurer::finish() {
    auto& s = *state_;
    FileMeasures out;
    s.peak.finish();
    out.duration_s = double(s.frames) / s.rate;
    out.true_peak_dbtp = s.peak.true_peak() > 0 ? 20.0 * std::log10(s.peak.true_peak()) : -120.0;
    out.clipped_samples = s.clipped_samples;
    const double integrated = s.loudness.integrated_lufs();
    if (std::isfinite(integrated)) out.integrated_lufs = std::max(integrated, kFloorLufs);
    for (double st : s.loudness.short_term_per_block()) {
        out.short_term_curve.push_back(float(std::isfinite(st) ? std::max(st, kFloorLufs) : kFloorLufs));
    }
    return out;
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
