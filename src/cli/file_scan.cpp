#include "cli/file_scan.h"

#include <fmt/format.h>

#include <algorithm>

#include "minidj/audio.h"

namespace minidj::cli {

ScanResult scan_paths(const std::vector<std::string>& arguments) {
    namespace fs = std::filesystem;
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
        std::vector<fs::path> found;
        fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec), end;
        for (; !ec && it != end; it.increment(ec)) {
            std::error_code type_ec;
            if (it->is_regular_file(type_ec) && is_audio_extension(it->path())) found.push_back(it->path());
        }
        if (ec) out.errors.push_back(fmt::format("{}: {}", printable_path(path), ec.message()));
        std::sort(found.begin(), found.end());
        out.files.insert(out.files.end(), found.begin(), found.end());
    }
    return out;
}

}  // namespace minidj::cli
