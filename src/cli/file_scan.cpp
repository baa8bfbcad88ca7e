#include "cli/file_scan.h"

#include <fmt/format.h>

#include <algorithm>

#include "minidj/audio.h"

namespace minidj::cli {
namespace {

namespace fs = std::filesystem;

// Audio files under `root`, folder by folder. A folder that cannot be read (permissions, a
// path too long, an I/O error) is reported in `errors` and the walk goes on with the others.
// Symbolic links to folders are not followed (no loops); links to files are.
std::vector<fs::path> walk(const fs::path& root, std::vector<std::string>& errors) {
    std::vector<fs::path> found, folders{root};
    while (!folders.empty()) {
        const fs::path folder = std::move(folders.back());
        folders.pop_back();
        std::error_code ec;
        fs::directory_iterator it(folder, ec), end;
        for (; !ec && it != end; it.increment(ec)) {
            std::error_code type_ec;
            if (!it->is_symlink(type_ec) && it->is_directory(type_ec)) {
                folders.push_back(it->path());
            } else if (it->is_regular_file(type_ec) && is_audio_extension(it->path())) {
                found.push_back(it->path());
            }
        }
        if (ec) errors.push_back(fmt::format("{}: {}", printable_path(folder), ec.message()));
    }
    std::sort(found.begin(), found.end());
    return found;
}

}  // namespace

ScanResult scan_paths(const std::vector<std::string>& arguments) {
    ScanResult out;
    for (const auto& argument : arguments) {
        const fs::path path(argument);
        std::error_code ec;
        const auto status = fs::status(path, ec);
        if (ec || !fs::exists(status)) {
            out.errors.push_back(fmt::format("{}: no such file or folder", printable_path(path)));
            continue;
        }
        if (!fs::is_directory(status)) {
            out.files.push_back(path);  // named explicitly: try it whatever its extension
            continue;
        }
        const auto found = walk(path, out.errors);
        out.files.insert(out.files.end(), found.begin(), found.end());
    }
    return out;
}

}  // namespace minidj::cli
