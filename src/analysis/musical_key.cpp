// Names of the 24 keys and their Camelot codes.
#include <array>

#include "minidj/analysis.h"

namespace minidj {
namespace {

// Spellings as in the evaluation labels: flats for major keys, C# / G# for minor keys.
constexpr std::array<const char*, 12> kMajorNames = {"C",  "Db", "D",  "Eb", "E",  "F",
                                                     "F#", "G",  "Ab", "A",  "Bb", "B"};
constexpr std::array<const char*, 12> kMinorNames = {"C",  "C#", "D",  "Eb", "E",  "F",
                                                     "F#", "G",  "G#", "A",  "Bb", "B"};

// Camelot number of each major tonic (C major = 8B, G major = 9B); a minor key shares the
// number of its relative major (A minor = 8A).
int camelot_number_of_major(int tonic) { return (tonic * 7 % 12 + 7) % 12 + 1; }

std::optional<int> parse_pitch_class(const std::string& name) {
    static constexpr std::array<int, 7> kNatural = {9, 11, 0, 2, 4, 5, 7};  // A..G
    if (name.empty() || name[0] < 'A' || name[0] > 'G') return std::nullopt;
    int pc = kNatural[name[0] - 'A'];
    for (std::size_t i = 1; i < name.size(); ++i) {
        if (name[i] == '#') {
            ++pc;
        } else if (name[i] == 'b') {
            --pc;
        } else {
            return std::nullopt;
        }
    }
    return ((pc % 12) + 12) % 12;
}

}  // namespace

std::string MusicalKey::name() const {
    return std::string(minor ? kMinorNames[tonic] : kMajorNames[tonic]) +
           (minor ? " minor" : " major");
}

int MusicalKey::camelot_number() const { return camelot_number_of_major(minor ? (tonic + 3) % 12 : tonic); }

std::string MusicalKey::camelot() const { return std::to_string(camelot_number()) + (minor ? "A" : "B"); }

std::optional<MusicalKey> MusicalKey::parse(const std::string& name) {
    const auto space = name.find(' ');
    if (space == std::string::npos) return std::nullopt;
    const std::string mode = name.substr(space + 1);
    if (mode != "major" && mode != "minor") return std::nullopt;
    const auto pc = parse_pitch_class(name.substr(0, space));
    if (!pc) return std::nullopt;
    return MusicalKey{*pc, mode == "minor"};
}

}  // namespace minidj
