#pragma once
// The library's schema: numbered, described migrations (mixxx res/schema.xml), applied once
// each, in order, each in its own transaction. PRAGMA user_version holds the number of the last
// applied migration; the schema_migrations table records when each one ran.

#include <span>

#include "library/sqlite_handles.h"

namespace minidj::library_detail {

struct Migration {
    int version;              ///< 1, 2, ... without gaps
    const char* description;  ///< one line, for people reading schema_migrations
    const char* sql;          ///< statements run inside the migration's transaction
};

std::span<const Migration> migrations();
int latest_schema_version();

/// Checks, before anything writes to the file, that it is a SQLite database (not another
/// program's, not from a newer minidj). Returns the current schema version.
Result<int> check_schema(Connection& db);

/// Applies the migrations newer than the database's version. Safe when another process
/// migrates at the same time: the version is re-read inside the write transaction.
Status migrate(Connection& db);

}  // namespace minidj::library_detail
