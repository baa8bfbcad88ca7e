#include "library/float_blob.h"

#include <bit>
#include <cstdint>

namespace minidj::library_detail {

// Byte by byte, so that a library file moves between machines of any endianness.
std::string floats_to_blob(const std::vector<float>& values) {
    std::string blob;
    blob.reserve(values.size() * 4);
    for (const float v : values) {
        const auto bits = std::bit_cast<std::uint32_t>(v);
        for (int shift = 0; shift < 32; shift += 8) blob += static_cast<char>(bits >> shift);
    }
    return blob;
}

std::optional<std::vector<float>> blob_to_floats(std::string_view blob) {
    if (blob.size() % 4 != 0) return std::nullopt;
    std::vector<float> values;
    values.reserve(blob.size() / 4);
    for (std::size_t i = 0; i < blob.size(); i += 4) {
        std::uint32_t bits = 0;
        for (int b = 0; b < 4; ++b) {
            bits |= std::uint32_t(static_cast<unsigned char>(blob[i + b])) << (8 * b);
        }
        values.push_back(std::bit_cast<float>(bits));
    }
    return values;
}

}  // namespace minidj::library_detail
