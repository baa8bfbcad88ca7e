#pragma once
// Expands the PATH arguments of a verb: files as given, folders recursively (audio
// extensions only), in a stable order. Paths that do not exist and folders that cannot be read
// are reported, one line each, and the scan goes on with the rest.

#include <filesystem>
#include <string>
#include <vector>

namespace minidj::cli {

struct ScanResult {
    std::vector<std::filesystem::path> files;
    std::vector<std::string> errors;  ///< one line each: "<path>: <reason>"
};

ScanResult scan_paths(const std::vector<std::string>& arguments);

}  // namespace minidj::cli
