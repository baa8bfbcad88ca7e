// SQLite connection, statements and transactions with errors as one-line values.
#include "library/sqlite_handles.h"

#include <fmt/format.h>

namespace minidj::library_detail {

Result<Connection> Connection::open(const std::string& file, int flags,
                                    std::chrono::milliseconds busy_timeout) {
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(file.c_str(), &raw, flags, nullptr);
    DbPtr db(raw);  // owned even when open failed: the handle still needs closing
    if (rc != SQLITE_OK) {
        return Error{fmt::format("library: {}: cannot open: {}", file,
                                 db ? sqlite3_errmsg(db.get()) : sqlite3_errstr(rc))};
    }
    sqlite3_extended_result_codes(db.get(), 1);
    sqlite3_busy_timeout(db.get(), static_cast<int>(busy_timeout.count()));
    return Connection(std::move(db), file);
}

Error Connection::error(std::string_view what, int rc) const {
    const int primary = rc & 0xff;
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
        return plain_error("database is locked by another process (another minidj run?)");
    }
    return Error{fmt::format("library: {}: {}: {}", file_, what,
                             db_ ? sqlite3_errmsg(db_.get()) : sqlite3_errstr(rc))};
}

Error Connection::error(std::string_view what) const {
    return error(what, sqlite3_extended_errcode(db_.get()));
}

Error Connection::plain_error(std::string_view reason) const {
    return Error{fmt::format("library: {}: {}", file_, reason)};
}

Status Connection::exec(const char* sql, std::string_view what) {
    const int rc = sqlite3_exec(db_.get(), sql, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) return error(what, rc);
    return Ok{};
}

Result<StmtPtr> Connection::prepare(const char* sql) {
    sqlite3_stmt* raw = nullptr;
    const int rc = sqlite3_prepare_v3(db_.get(), sql, -1, SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
    StmtPtr statement(raw);
    if (rc != SQLITE_OK) return error("prepare", rc);
    return statement;
}

Result<long long> Connection::query_int(const char* sql, std::string_view what) {
    auto statement = prepare(sql);
    if (!statement) return statement.error();
    const int rc = sqlite3_step(statement->get());
    if (rc != SQLITE_ROW) return error(what, rc);
    return static_cast<long long>(sqlite3_column_int64(statement->get(), 0));
}

Result<Transaction> Transaction::begin(Connection& db) {
    if (auto s = db.exec("BEGIN IMMEDIATE", "begin transaction"); !s) return s.error();
    return Transaction(db);
}

Transaction::~Transaction() {
    // Nothing useful can be done with a failed rollback here: SQLite rolls back by itself when
    // the connection closes, and the caller already has the error that got us here.
    if (db_) sqlite3_exec(db_->get(), "ROLLBACK", nullptr, nullptr, nullptr);
}

Status Transaction::commit() {
    Connection* db = std::exchange(db_, nullptr);
    if (auto s = db->exec("COMMIT", "commit"); !s) {
        sqlite3_exec(db->get(), "ROLLBACK", nullptr, nullptr, nullptr);
        return s;
    }
    return Ok{};
}

}  // namespace minidj::library_detail
