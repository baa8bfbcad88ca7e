// SongSpec validation, style names and truth helpers.
#include <array>
#include <cmath>

#include <fmt/format.h>

#include "minidj/generator.h"

namespace minidj::gen {
namespace {

constexpr std::array<const char*, 5> kStyleNames = {"house", "techno", "dnb", "hiphop", "ambient"};

}  // namespace

std::string style_name(Style style) { return kStyleNames[static_cast<int>(style)]; }

std::optional<Style> parse_style(const std::string& name) {
    for (std::size_t i = 0; i < kStyleNames.size(); ++i) {
        if (name == kStyleNames[i]) return static_cast<Style>(i);
    }
    return std::nullopt;
}

Status SongSpec::validate() const {
    auto fail = [](std::string message) { return Status(Error{"gen: " + std::move(message)}); };
    if (!(bpm >= kMinBpm && bpm <= kMaxBpm)) {
        return fail(fmt::format("bpm {} outside {}..{}", bpm, kMinBpm, kMaxBpm));
    }
    if (!compound && meter != 3 && meter != 4) return fail(fmt::format("meter {} is not 3 or 4", meter));
    if (compound && meter != 2 && meter != 4) {
        return fail(fmt::format("compound meter {} is not 2 (6/8) or 4 (12/8)", meter));
    }
    if (compound && swing != 0.0) return fail("a compound meter has no swing (its eighths are already three)");
    if (key.tonic < 0 || key.tonic > 11) return fail(fmt::format("key tonic {} outside 0..11", key.tonic));
    if (static_cast<int>(style) < 0 || static_cast<int>(style) >= static_cast<int>(kStyleNames.size())) {
        return fail(fmt::format("unknown style {}", static_cast<int>(style)));
    }
    if (!(std::fabs(drift) <= kMaxDrift)) return fail(fmt::format("drift {} outside -0.02..0.02", drift));
    if (!(swing >= 0.0 && swing <= 0.5)) return fail(fmt::format("swing {} outside 0..0.5", swing));
    if (bars < 0 || bars % 8 != 0 || bars > kMaxBars) {
        return fail(fmt::format("bars {} is not 0 or a multiple of 8 up to {}", bars, kMaxBars));
    }
    if (arrangement != 0 && bars != 0) return fail("bars and arrangement exclude each other");
    if (song_form && arrangement == 0) return fail("a song form is drawn from an arrangement seed");
    if (sample_rate < 8000 || sample_rate > 192000) {
        return fail(fmt::format("sample rate {} outside 8000..192000", sample_rate));
    }
    if (!(lead_in_s >= 0.0 && lead_in_s <= 60.0)) {
        return fail(fmt::format("lead-in {} s outside 0..60", lead_in_s));
    }
    return Ok{};
}

std::string time_signature(const SongSpec& spec) {
    return spec.compound ? fmt::format("{}/8", 3 * spec.meter) : fmt::format("{}/4", spec.meter);
}

bool parse_time_signature(const std::string& text, SongSpec& spec) {
    struct Signature {
        const char* text;
        int meter;
        bool compound;
    };
    static constexpr Signature kKnown[] = {{"4", 4, false},   {"3", 3, false},   {"4/4", 4, false},
                                           {"3/4", 3, false}, {"6/8", 2, true}, {"12/8", 4, true}};
    for (const Signature& s : kKnown) {
        if (text == s.text) {
            spec.meter = s.meter;
            spec.compound = s.compound;
            return true;
        }
    }
    return false;
}

double GroundTruth::mean_bpm() const {
    if (beats.size() < 2) return 0.0;
    return 60.0 * static_cast<double>(beats.size() - 1) / (beats.back() - beats.front());
}

std::string chord_label(const Chord& chord) {
    const std::string name = MusicalKey{chord.root, chord.minor}.name();  // "C# minor"
    return name.substr(0, name.find(' ')) + (chord.minor ? ":min" : ":maj");
}

}  // namespace minidj::gen
