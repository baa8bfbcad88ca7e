#pragma once
// The --db option shared by every verb that uses the library, and opening what it names.

#include <CLI/CLI.hpp>

#include <filesystem>
#include <memory>
#include <string>

#include "minidj/library.h"

namespace minidj::cli {

/// Declares --db FILE on `command`, stored into `db` (empty: the default library).
void add_db_option(CLI::App& command, std::string& db);

/// Opens the library --db names (or the default one) and reports where it is in `file`.
/// `create` false: a library that does not exist is refused, not created (verbs that only
/// read). On failure prints the one-line reason to stderr and returns null.
std::unique_ptr<Library> open_library(const std::string& db, std::filesystem::path& file, bool create = true);

}  // namespace minidj::cli
