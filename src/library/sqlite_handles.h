#pragma once
// Owning wrappers for the SQLite C API (STYLE.md #9) and the one-line error form of the library.
// Internal to src/library.

#include <sqlite3.h>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "minidj/result.h"

namespace minidj::library_detail {

struct SqliteCloser {
    // close_v2 defers the close until every statement is finalised, so member order in the
    // owners cannot turn into a leaked connection.
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct StatementFinalizer {
    void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
};
using DbPtr = std::unique_ptr<sqlite3, SqliteCloser>;
using StmtPtr = std::unique_ptr<sqlite3_stmt, StatementFinalizer>;

/// One open database file plus the name errors show.
class Connection {
  public:
    /// Opens (creating when allowed by `flags`) and sets the busy timeout.
    static Result<Connection> open(const std::string& file, int flags,
                                   std::chrono::milliseconds busy_timeout);

    sqlite3* get() const { return db_.get(); }
    const std::string& file() const { return file_; }

    /// "library: <file>: <what>: <sqlite message>", or the "locked by another process" line
    /// when `rc` says the database was busy.
    Error error(std::string_view what, int rc) const;
    /// Same, for the last failure on this connection.
    Error error(std::string_view what) const;
    /// "library: <file>: <reason>".
    Error plain_error(std::string_view reason) const;

    Status exec(const char* sql, std::string_view what);
    Result<StmtPtr> prepare(const char* sql);
    /// Runs a query returning one integer (PRAGMA user_version, count(*)).
    Result<long long> query_int(const char* sql, std::string_view what);

  private:
    Connection(DbPtr db, std::string file) : db_(std::move(db)), file_(std::move(file)) {}
    DbPtr db_;
    std::string file_;
};

/// Resets a cached statement and clears its bindings when the scope ends, so that a statement
/// left mid-result never keeps a read transaction (and its snapshot) open.
class StatementScope {
  public:
    explicit StatementScope(sqlite3_stmt* statement) : statement_(statement) {}
    ~StatementScope() {
        sqlite3_reset(statement_);
        sqlite3_clear_bindings(statement_);
    }
    StatementScope(const StatementScope&) = delete;
    StatementScope& operator=(const StatementScope&) = delete;
    sqlite3_stmt* get() const { return statement_; }

  private:
    sqlite3_stmt* statement_;
};

/// BEGIN IMMEDIATE ... COMMIT, rolled back by the destructor unless committed (mixxx
/// util/db/sqltransaction.h). IMMEDIATE takes the write lock up front, so a concurrent writer
/// waits in the busy handler instead of failing later on a stale WAL snapshot.
class Transaction {
  public:
    static Result<Transaction> begin(Connection& db);
    Transaction(Transaction&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}
    Transaction& operator=(Transaction&&) = delete;
    Transaction(const Transaction&) = delete;
    ~Transaction();

    Status commit();

  private:
    explicit Transaction(Connection& db) : db_(&db) {}
    Connection* db_;  // null once committed, rolled back or moved from
};

}  // namespace minidj::library_detail
