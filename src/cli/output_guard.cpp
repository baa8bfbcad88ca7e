#include "cli/output_guard.h"

#include <fmt/format.h>

#include <iostream>

namespace minidj::cli {

NamedFile option_output(std::string_view option, const std::filesystem::path& file) {
    return {file, fmt::format("{} {}", option, printable_path(file))};
}

std::vector<NamedFile> input_tracks(const std::vector<std::string>& paths) {
    std::vector<NamedFile> out;
    for (const auto& path : paths) out.push_back({path, "the input track " + printable_path(path)});
    return out;
}

std::unique_ptr<Library> open_existing_library(const std::string& db, std::filesystem::path& file,
                                               bool& failed) {
    failed = false;
    file = db.empty() ? Library::default_path() : std::filesystem::path(db);
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) return nullptr;
    auto library = Library::open(file);
    if (!library) {
        std::cerr << library.error().message << '\n';
        failed = true;
        return nullptr;
    }
    return std::move(library.value());
}

bool outputs_are_safe(std::string_view component, const std::vector<NamedFile>& outputs,
                      std::vector<NamedFile> inputs, Library* library,
                      const std::filesystem::path& db) {
    if (library) {
        auto tracks = library->paths();
        if (!tracks) {
            std::cerr << tracks.error().message << '\n';
            return false;
        }
        inputs.push_back({db, "the library " + printable_path(db)});
        const std::string role = "a track in the library " + printable_path(db);
        for (auto& path : tracks.value()) inputs.push_back({std::move(path), role});
    }
    if (auto s = check_outputs(component, outputs, inputs); !s) {
        std::cerr << s.error().message << '\n';
        return false;
    }
    return true;
}

}  // namespace minidj::cli
