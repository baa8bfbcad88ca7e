// render(): plan the song, write its notes, synthesise them and normalise to -1 dBFS.
#include <algorithm>
#include <cassert>
#include <cmath>

#include "minidj/generator.h"
#include "patterns.h"
#include "production.h"
#include "rng.h"
#include "song_plan.h"
#include "style.h"

namespace minidj::gen {
namespace {

constexpr double kTailS = 1.5;                       // room for the last notes' release
constexpr double kPeakTarget = 0.89125093813374556;  // -1 dBFS

void append(std::vector<Event>& to, std::vector<Event> from) {
    to.insert(to.end(), from.begin(), from.end());
}

// Consecutive pitched events with the same voice, time and length form a chord, rendered in
// one pass (several times faster than note by note).
std::size_t chord_size(const std::vector<Event>& events, std::size_t first) {
    const Event& e = events[first];
    if (e.voice != Voice::kPad && e.voice != Voice::kStab) return 1;
    std::size_t n = 1;
    while (first + n < events.size() && n < kMaxChordNotes && events[first + n].voice == e.voice &&
           events[first + n].time_s == e.time_s && events[first + n].length_s == e.length_s) {
        ++n;
    }
    return n;
}

void normalise(std::vector<float>& samples) {
    float peak = 0.0f;
    for (float x : samples) peak = std::max(peak, std::fabs(x));
    if (peak <= 0.0f) return;
    const double gain = kPeakTarget / peak;
    for (float& x : samples) x = static_cast<float>(x * gain);
}

SongPlan make_plan(const SongSpec& spec, const StylePreset& style) {
    assert(spec.validate().ok());
    // A 6/8 bar is two beats long; its chords change every bar, as jigs' and 6/8 ballads' do.
    // Chords held for two such bars would make the music 12/8 to the ear.
    const int chord_bars = spec.compound && spec.meter == 2 ? 1 : style.chord_bars;
    if (spec.arrangement != 0) {
        return SongPlan(spec, spec.song_form ? draw_song_arrangement(spec.arrangement) : draw_arrangement(spec.arrangement),
                        chord_bars);
    }
    return SongPlan(spec, spec.bars > 0 ? plan_for_bars(spec.bars) : style.default_plan, chord_bars);
}

Production production_of(const SongSpec& spec) {
    return spec.plain_production ? Production{} : draw_production(spec.seed);
}

PartGains part_gains(const Production& p) {
    const auto db = [](double gain) { return 20.0 * std::log10(gain); };
    return {db(p.bass_gain), db(p.pad_gain), db(p.stab_gain), db(p.lead_gain)};
}

}  // namespace

GroundTruth make_truth(const SongSpec& spec) {
    GroundTruth truth = make_plan(spec, preset(spec.style)).truth(spec, kTailS);
    truth.mix = part_gains(production_of(spec));
    return truth;
}

Song render(const SongSpec& spec) {
    const Production production = production_of(spec);
    const StylePreset style = produced(preset(spec.style), production, spec.key);
    const SongPlan plan = make_plan(spec, style);
    Song song;
    song.sample_rate = spec.sample_rate;
    song.truth = plan.truth(spec, kTailS);
    song.truth.mix = part_gains(production);

    std::vector<Event> events = drum_events(plan, style);
    append(events, bass_events(plan, style));
    append(events, chord_events(plan, style, spec.key, production.tonic_pedal));
    append(events, lead_events(plan, spec, production.lead_opens_on_tonic));

    StereoBuffer mix;
    mix.sample_rate = spec.sample_rate;
    mix.samples.assign(2 * static_cast<std::size_t>(std::ceil(song.truth.duration_s * spec.sample_rate)), 0.0f);
    for (std::size_t i = 0; i < events.size();) {
        const std::size_t n = chord_size(events, i);
        if (n > 1) {
            render_chord(&events[i], n, style, mix);
        } else {
            render_event(events[i], style, stream(spec.seed, 1000 + i).next(), mix);
        }
        i += n;
    }
    normalise(mix.samples);
    song.samples = std::move(mix.samples);
    return song;
}

}  // namespace minidj::gen
