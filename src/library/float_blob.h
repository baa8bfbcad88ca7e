#pragma once
// float32 vectors as portable BLOBs: little-endian IEEE 754, 4 bytes per value, no header.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace minidj::library_detail {

std::string floats_to_blob(const std::vector<float>& values);
/// nullopt when the size is not a multiple of 4.
std::optional<std::vector<float>> blob_to_floats(std::string_view blob);

}  // namespace minidj::library_detail
