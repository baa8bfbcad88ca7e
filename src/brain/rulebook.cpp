// The DJ rulebook: tempo and key relations (docs/brain.md, "The rulebook").
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>

#include "minidj/brain.h"

namespace minidj::brain {

std::string to_string(TempoRelation relation) {
    switch (relation) {
        case TempoRelation::kSame: return "same";
        case TempoRelation::kDouble: return "double";
        case TempoRelation::kHalf: return "half";
        case TempoRelation::kOff: return "off";
        case TempoRelation::kUnknown: break;
    }
    return "unknown";
}

std::string to_string(KeyRelation relation) {
    switch (relation) {
        case KeyRelation::kSame: return "same";
        case KeyRelation::kUp: return "+1";
        case KeyRelation::kDown: return "-1";
        case KeyRelation::kRelative: return "relative";
        case KeyRelation::kBoostSemitone: return "boost +7";
        case KeyRelation::kBoostTone: return "boost +2";
        case KeyRelation::kClash: return "clash";
        case KeyRelation::kUnknown: break;
    }
    return "unknown";
}

Tempo tempo_relation(double bpm_a, double bpm_b) {
    Tempo t;
    if (!(bpm_a > 0) || !(bpm_b > 0)) return t;
    t.ratio = bpm_b / bpm_a;
    static constexpr std::array<std::pair<double, TempoRelation>, 3> kRatios = {
        {{1.0, TempoRelation::kSame}, {2.0, TempoRelation::kDouble}, {0.5, TempoRelation::kHalf}}};
    t.deviation = 1e9;
    for (const auto& [r, relation] : kRatios) {
        const double d = std::abs(t.ratio / r - 1.0);
        if (d < t.deviation) {
            t.deviation = d;
            t.relation = relation;
        }
    }
    if (t.deviation > kTempoTolerance) t.relation = TempoRelation::kOff;
    return t;
}

namespace {

// Camelot numbers 1..12 (0: no key) and letters.
KeyRelation camelot_relation(int number_a, bool minor_a, int number_b, bool minor_b) {
    if (number_a == 0 || number_b == 0) return KeyRelation::kUnknown;
    const int step = ((number_b - number_a) % 12 + 12) % 12;  // 0..11 clockwise
    if (minor_a != minor_b) return step == 0 ? KeyRelation::kRelative : KeyRelation::kClash;
    switch (step) {
        case 0: return KeyRelation::kSame;
        case 1: return KeyRelation::kUp;
        case 11: return KeyRelation::kDown;
        case 7: return KeyRelation::kBoostSemitone;
        case 2: return KeyRelation::kBoostTone;
        default: return KeyRelation::kClash;
    }
}

int camelot_number(const std::optional<MusicalKey>& key) { return key ? key->camelot_number() : 0; }

}  // namespace

KeyRelation key_relation(const TrackFeatures& a, const TrackFeatures& b) {
    return camelot_relation(a.camelot_number, a.minor, b.camelot_number, b.minor);
}

KeyRelation key_relation(const std::optional<MusicalKey>& a, const std::optional<MusicalKey>& b) {
    return camelot_relation(camelot_number(a), a && a->minor, camelot_number(b), b && b->minor);
}

int camelot_distance(const TrackFeatures& a, const TrackFeatures& b) {
    if (a.camelot_number == 0 || b.camelot_number == 0) return -1;
    const int step = ((b.camelot_number - a.camelot_number) % 12 + 12) % 12;
    return std::min(step, 12 - step);
}

bool key_move_allowed(KeyRelation key, HarmonicRule rule) {
    switch (key) {
        case KeyRelation::kSame:
        case KeyRelation::kUp:
        case KeyRelation::kDown:
        case KeyRelation::kRelative:
        case KeyRelation::kUnknown: return true;
        case KeyRelation::kBoostSemitone:
        case KeyRelation::kBoostTone: return rule != HarmonicRule::kStrict;
        case KeyRelation::kClash: break;
    }
    return rule == HarmonicRule::kOff;
}

bool rulebook_allows(const Tempo& tempo, KeyRelation key, const Rulebook& rules) {
    if (tempo.relation != TempoRelation::kUnknown && tempo.deviation > rules.max_tempo_change + 1e-12) return false;
    return key_move_allowed(key, rules.harmonic);
}

bool rulebook_compatible(const TrackFeatures& a, const TrackFeatures& b, const Rulebook& rules) {
    return rulebook_allows(tempo_relation(a.bpm, b.bpm), key_relation(a, b), rules);
}

}  // namespace minidj::brain

namespace minidj::brain {

std::vector<std::pair<double, double>> allowed_tempo_ranges(double bpm, const Rulebook& rules) {
    if (!(bpm > 0)) return {};
    // rulebook_allows keeps deviations up to the limit + 1e-12; a relative margin of 1e-9 on
    // both ends keeps every allowed tempo inside (the caller still applies the rulebook).
    const double t = rules.max_tempo_change + 1e-9;
    std::vector<std::pair<double, double>> ranges;
    for (double r : {1.0, 2.0, 0.5}) ranges.emplace_back(r * bpm * (1.0 - t), r * bpm * (1.0 + t));
    return ranges;
}

std::vector<std::string> allowed_camelot_codes(const TrackFeatures& a, const Rulebook& rules) {
    if (a.camelot_number == 0 || rules.harmonic == HarmonicRule::kOff) return {};
    std::vector<std::string> codes;
    for (int number = 1; number <= 12; ++number) {
        for (bool minor : {true, false}) {
            if (key_move_allowed(camelot_relation(a.camelot_number, a.minor, number, minor), rules.harmonic)) {
                codes.push_back(std::to_string(number) + (minor ? "A" : "B"));
            }
        }
    }
    return codes;
}

}  // namespace minidj::brain
