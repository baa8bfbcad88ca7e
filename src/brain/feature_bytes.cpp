// A feature row as bytes, for the library's track_rows table (docs/library.md, "Track rows").
#include <bit>
#include <cstring>
#include <string>

#include "minidj/brain.h"

namespace minidj::brain {
namespace {

static_assert(std::endian::native == std::endian::little, "feature rows are stored little-endian");

// The scalars, then the float arrays, in this order; the size names the layout.
constexpr std::size_t kScalarBytes = 5 * sizeof(double) + sizeof(std::int32_t) + 4;
constexpr std::size_t kArrayBytes = (13 + 2 * kSeamDims) * sizeof(float);
constexpr std::size_t kRowBytes = kScalarBytes + kArrayBytes;

template <typename T>
void put(std::string& out, const T& value) {
    out.append(reinterpret_cast<const char*>(&value), sizeof(T));
}

template <typename T>
void take(std::string_view& in, T& value) {
    std::memcpy(&value, in.data(), sizeof(T));
    in.remove_prefix(sizeof(T));
}

}  // namespace

std::string encode_features(const TrackFeatures& f) {
    std::string out;
    out.reserve(kRowBytes);
    for (double v : {f.bpm, f.loudness_lufs, f.energy_db, f.brightness_hz, f.onset_density}) put(out, v);
    put(out, std::int32_t(f.camelot_number));
    for (bool b : {f.minor, f.outgoing.present, f.incoming.present, false}) put(out, std::uint8_t(b));
    put(out, f.mfcc);
    put(out, f.outgoing.values);
    put(out, f.incoming.values);
    return out;
}

std::optional<TrackFeatures> decode_features(std::string_view in) {
    if (in.size() != kRowBytes) return std::nullopt;
    TrackFeatures f;
    for (double* v : {&f.bpm, &f.loudness_lufs, &f.energy_db, &f.brightness_hz, &f.onset_density}) take(in, *v);
    std::int32_t camelot = 0;
    take(in, camelot);
    if (camelot < 0 || camelot > 12) return std::nullopt;
    f.camelot_number = camelot;
    std::uint8_t flags[4];
    take(in, flags);
    f.minor = flags[0] != 0;
    f.outgoing.present = flags[1] != 0;
    f.incoming.present = flags[2] != 0;
    take(in, f.mfcc);
    take(in, f.outgoing.values);
    take(in, f.incoming.values);
    return f;
}

}  // namespace minidj::brain
