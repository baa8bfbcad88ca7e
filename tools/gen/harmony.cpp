// Progressions per mode and the scale the lead draws from.
#include "harmony.h"

namespace minidj::gen {
namespace {

// A chord as a degree of the key: semitones above the tonic, and its quality.
struct Degree {
    int offset;
    bool minor;
};

constexpr Degree kI{0, false}, kIV{5, false}, kV{7, false}, kvi{9, true};
constexpr Degree ki{0, true}, kiv{5, true}, kIII{3, false}, kVI{8, false}, kVII{10, false};

using Phrase4 = std::array<Degree, 4>;  // two bars per chord
using Phrase8 = std::array<Degree, 8>;  // one bar per chord

// Every phrase starts on the tonic, which also occurs most often; minor ones use the major V
// (leading tone) and iv / VI (minor sixth), the degrees that tell minor from major.
constexpr std::array<Phrase4, 3> kMinor4 = {{{ki, kVI, ki, kV}, {ki, kiv, ki, kV}, {ki, kVI, kiv, ki}}};
constexpr std::array<Phrase8, 3> kMinor8 = {{{ki, kVI, kIII, kVII, ki, kiv, kV, ki},
                                             {ki, kiv, kV, ki, ki, kVI, kiv, kV},
                                             {ki, ki, kVI, kVII, ki, kiv, kV, kV}}};
constexpr std::array<Phrase4, 3> kMajor4 = {{{kI, kIV, kI, kV}, {kI, kvi, kI, kV}, {kI, kV, kI, kIV}}};
constexpr std::array<Phrase8, 3> kMajor8 = {{{kI, kV, kvi, kIV, kI, kIV, kV, kI},
                                             {kI, kIV, kI, kV, kI, kvi, kIV, kV},
                                             {kI, kvi, kIV, kV, kI, kIV, kV, kI}}};

ChordSymbol resolve(const MusicalKey& key, Degree degree) {
    return {(key.tonic + degree.offset) % 12, degree.minor};
}

}  // namespace

std::vector<ChordSymbol> phrase_progression(const MusicalKey& key, int chord_bars, int variant) {
    std::vector<ChordSymbol> bars;
    if (chord_bars == 2) {
        const Phrase4& phrase = key.minor ? kMinor4[variant % 3] : kMajor4[variant % 3];
        for (Degree d : phrase) bars.insert(bars.end(), 2, resolve(key, d));
    } else {
        const Phrase8& phrase = key.minor ? kMinor8[variant % 3] : kMajor8[variant % 3];
        for (Degree d : phrase) bars.push_back(resolve(key, d));
    }
    return bars;
}

std::array<int, 3> chord_tones(const ChordSymbol& chord) {
    return {chord.root, (chord.root + (chord.minor ? 3 : 4)) % 12, (chord.root + 7) % 12};
}

bool in_scale(int pc, const MusicalKey& key, const ChordSymbol& chord) {
    static constexpr std::array<bool, 12> kMajor = {1, 0, 1, 0, 1, 1, 0, 1, 0, 1, 0, 1};
    static constexpr std::array<bool, 12> kMinor = {1, 0, 1, 1, 0, 1, 0, 1, 1, 0, 1, 0};
    const int degree = ((pc - key.tonic) % 12 + 12) % 12;
    if (!key.minor) return kMajor[degree];
    const bool over_dominant = chord == ChordSymbol{(key.tonic + 7) % 12, false};
    if (over_dominant && (degree == 10 || degree == 11)) return degree == 11;
    return kMinor[degree];
}

int note_in_range(int pc, int low) { return low + ((pc - low) % 12 + 12) % 12; }

}  // namespace minidj::gen
