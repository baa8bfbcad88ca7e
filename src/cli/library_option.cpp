#include "cli/library_option.h"

#include <iostream>

namespace minidj::cli {

void add_db_option(CLI::App& command, std::string& db) {
    command.add_option("--db", db, "Library file (default: $XDG_DATA_HOME/minidj/library.sqlite)");
}

std::unique_ptr<Library> open_library(const std::string& db, std::filesystem::path& file, bool create) {
    file = db.empty() ? Library::default_path() : std::filesystem::path(db);
    LibraryOptions options;
    options.create = create;
    auto library = Library::open(file, options);
    if (!library) {
        std::cerr << library.error().message << '\n';
        return nullptr;
    }
    return std::move(library.value());
}

}  // namespace minidj::cli
