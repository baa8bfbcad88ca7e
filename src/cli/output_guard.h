#pragma once
// What a verb must never write over, for check_outputs() (minidj/files.h): the tracks it reads
// and every track in the library.

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "minidj/files.h"
#include "minidj/library.h"

namespace minidj::cli {

/// "-o mix.flac", "--plot x.png": an output as the user named it, for messages.
NamedFile option_output(std::string_view option, const std::filesystem::path& file);

/// Each path as "the input track <path>".
std::vector<NamedFile> input_tracks(const std::vector<std::string>& paths);

/// The library `db` names (or the default one) when that file exists, to read its track list;
/// null when there is none (nothing is created). On an unreadable library prints the reason and
/// sets `failed`.
std::unique_ptr<Library> open_existing_library(const std::string& db, std::filesystem::path& file, bool& failed);

/// check_outputs() against `inputs` and, when `library` is given, the library file `db` and each
/// of its tracks ("a track in the library <db>"); prints the one-line refusal. True when the outputs are safe to write.
bool outputs_are_safe(std::string_view component, const std::vector<NamedFile>& outputs,
                      std::vector<NamedFile> inputs, Library* library, const std::filesystem::path& db);

}  // namespace minidj::cli
