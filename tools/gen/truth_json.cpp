// The ground truth as JSON, for the CLI, the demo and evaluation scripts.
#include "minidj/generator.h"

namespace minidj::gen {

nlohmann::json to_json(const GroundTruth& truth) {
    const SongSpec& spec = truth.spec;
    nlohmann::json chords = nlohmann::json::array();
    for (const Chord& c : truth.chords) chords.push_back({{"start", c.start_s}, {"chord", chord_label(c)}});
    nlohmann::json sections = nlohmann::json::array();
    for (const Section& s : truth.sections) {
        sections.push_back({{"name", s.name}, {"start", s.start_s}, {"end", s.end_s}, {"bars", s.bars}});
    }
    return {{"bpm", spec.bpm},
            {"mean_bpm", truth.mean_bpm()},
            {"meter", spec.meter},
            {"time_signature", time_signature(spec)},
            {"key", spec.key.name()},
            {"camelot", spec.key.camelot()},
            {"style", style_name(spec.style)},
            {"drift", spec.drift},
            {"swing", spec.swing},
            {"seed", spec.seed},
            {"arrangement", spec.arrangement},
            {"song_form", spec.song_form},
            {"sample_rate", spec.sample_rate},
            {"lead_in", spec.lead_in_s},
            {"duration", truth.duration_s},
            {"beats", truth.beats},
            {"downbeats", truth.downbeats},
            {"chords", std::move(chords)},
            {"sections", std::move(sections)},
            {"mix", {{"bass_db", truth.mix.bass_db}, {"pad_db", truth.mix.pad_db},
                     {"stab_db", truth.mix.stab_db}, {"lead_db", truth.mix.lead_db}}}};
}

}  // namespace minidj::gen
