#pragma once
// Binding and reading SQLite values as the library stores them: paths as BLOBs of their bytes
// (file names need not be UTF-8), text as UTF-8.

#include <sqlite3.h>

#include <filesystem>
#include <string>
#include <string_view>

namespace minidj::library_detail {

// Tracks are keyed by absolute, lexically normal path bytes, however the caller spelled them.
inline std::string key_path(const std::filesystem::path& path) {
    std::error_code ec;
    const auto absolute = std::filesystem::absolute(path, ec);
    return (ec ? path : absolute).lexically_normal().native();
}

inline void bind_bytes(sqlite3_stmt* s, int index, std::string_view bytes) {
    sqlite3_bind_blob64(s, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
}

inline void bind_text(sqlite3_stmt* s, int index, std::string_view text) {
    sqlite3_bind_text64(s, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
}

inline std::string column_bytes(sqlite3_stmt* s, int column) {
    const void* data = sqlite3_column_blob(s, column);
    const int size = sqlite3_column_bytes(s, column);
    return data ? std::string(static_cast<const char*>(data), static_cast<std::size_t>(size))
                : std::string();
}

inline std::string column_text(sqlite3_stmt* s, int column) {
    const unsigned char* text = sqlite3_column_text(s, column);
    return text ? std::string(reinterpret_cast<const char*>(text)) : std::string();
}

}  // namespace minidj::library_detail
