#pragma once
/// @file json_text.h
/// The one way minidj writes JSON (files and stdout) and the one way file names go into it.
///
/// JSON text must be UTF-8, while a POSIX file name is any bytes. A path field is therefore
/// written as its text with each invalid byte replaced by U+FFFD under `key` and, only when that
/// changed something, the exact bytes in lower-case hex under `key`_bytes_hex (for "path":
/// "path_bytes_hex"), which readers prefer. dump_json() never throws: any other invalid byte
/// left in a string is written as U+FFFD.
///
/// Thread safety: every function is reentrant.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "minidj/result.h"

namespace minidj {

/// `text` as valid UTF-8: each byte that is not part of a valid sequence becomes U+FFFD.
std::string valid_utf8(std::string_view text);

/// Sets object[key] to the path (and object[key + "_bytes_hex"] when it is not UTF-8).
void put_path(nlohmann::json& object, const std::string& key, const std::string& path);
/// Sets object[key] to an array of paths; when any is not UTF-8, object[key + "_bytes_hex"]
/// is an array as long, holding the hex bytes of those and null for the others.
void put_paths(nlohmann::json& object, const std::string& key, const std::vector<std::string>& paths);

/// Reads what put_path() wrote (a plain string written by hand works too). Errors read
/// "<key>: <reason>"; the caller adds its component.
Result<std::string> get_path(const nlohmann::json& object, const std::string& key);
/// Reads what put_paths() wrote. Errors read "<key>[<i>]: <reason>".
Result<std::vector<std::string>> get_paths(const nlohmann::json& object, const std::string& key);

/// The JSON text of `value`: compact on one line when indent < 0, else pretty-printed with
/// that many spaces. Never throws.
std::string dump_json(const nlohmann::json& value, int indent = -1);

}  // namespace minidj
