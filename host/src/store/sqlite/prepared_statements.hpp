#pragma once
/// Prepared statements kept for the life of the SQLite connection Poco::Data opened.
///
/// Poco::Data's SQLite binding compiles a statement again on every execution (measured here at
/// 5-8 µs per statement, most of it in SQLite's parser), which capped ingest at a few thousand
/// records per second. The store's statements are fixed texts, so each is prepared once on the
/// connection (Poco::Data::SQLite::Utility::dbHandle) and only reset and re-bound per use.
/// Not thread-safe: the store serialises access to its connection.

#include <cstdint>
#include <unordered_map>
#include <stdexcept>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace ledgersync::store::sqlite {

/// An error SQLite reported; the message names the statement and SQLite's explanation.
class SqliteError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// SQLite reported that another connection holds the database (SQLITE_BUSY / SQLITE_LOCKED):
/// the transaction may be retried.
class DatabaseBusy : public SqliteError {
public:
    using SqliteError::SqliteError;
};

/// One execution of a prepared statement: bind parameters in order, step through rows, read
/// columns. Resets the statement when it goes out of scope.
class Query {
public:
    Query(sqlite3* db, sqlite3_stmt* statement) : db_(db), statement_(statement) {}
    ~Query();
    Query(const Query&) = delete;
    Query& operator=(const Query&) = delete;

    Query& bind(std::int64_t value);
    Query& bind(std::string_view text);
    Query& bind(const std::string& text) { return bind(std::string_view(text)); }
    Query& bind(const char* text) { return bind(std::string_view(text)); }
    Query& bind(bool value) { return bind(static_cast<std::int64_t>(value ? 1 : 0)); }
    /// Bytes that need not be text (SQLite keeps any bytes a text value is given).
    Query& bind_bytes(std::string_view bytes) { return bind(bytes); }

    /// Advances to the next row; false when there is none. Throws DatabaseBusy or SqliteError.
    bool step();
    /// Runs a statement that returns no rows; returns the number of rows it changed.
    std::int64_t run();

    std::int64_t integer(int column) const;
    std::string text(int column) const;
    std::string bytes(int column) const { return text(column); }

private:
    sqlite3* db_;
    sqlite3_stmt* statement_;
    int next_parameter_ = 1;
};

class PreparedStatements {
public:
    explicit PreparedStatements(sqlite3* db) : db_(db) {}
    ~PreparedStatements();
    PreparedStatements(const PreparedStatements&) = delete;
    PreparedStatements& operator=(const PreparedStatements&) = delete;

    /// The statement for `sql`, prepared on first use. `sql` must be a string literal: statements
    /// are cached by the literal's address, which is stable and cheap to look up.
    Query query(const char* sql);

    /// Runs statements with no parameters and no results (BEGIN, COMMIT, PRAGMA...).
    void execute(const std::string& sql);

private:
    sqlite3* db_;
    std::unordered_map<const char*, sqlite3_stmt*> cache_;
};

}  // namespace ledgersync::store::sqlite
