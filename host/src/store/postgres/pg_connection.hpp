#pragma once
/// One libpq connection and the statements prepared on it, with the query interface of
/// sql_transaction.hpp. libpq rather than Poco::Data PostgreSQL: the store must tell a
/// serialization failure (SQLSTATE 40001, retried) from any other error, and Poco 1.11 reports
/// PostgreSQL errors as message text only (docs/architecture.md).
/// Not thread-safe: the store serialises access to its connection.

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct pg_conn;
struct pg_result;

namespace ledgersync::store::postgres {

/// An error PostgreSQL or libpq reported; the message names the statement and the server's
/// explanation.
class PgError : public std::runtime_error {
public:
    PgError(const std::string& message, std::string sqlstate)
        : std::runtime_error(message), sqlstate_(std::move(sqlstate)) {}
    /// The SQLSTATE code ("" when the connection failed before the server answered).
    const std::string& sqlstate() const noexcept { return sqlstate_; }

private:
    std::string sqlstate_;
};

/// The transaction lost a conflict with a concurrent one (serialization failure, deadlock) or
/// the connection broke: running the transaction again may succeed.
class PgRetryable : public PgError {
public:
    using PgError::PgError;
};

class PgConnection;

/// One execution of a prepared statement: bind parameters in order, step through rows, read
/// columns. The statement runs at the first step() or run().
class PgQuery {
public:
    PgQuery(PgConnection& connection, const char* sql) : connection_(connection), sql_(sql) {}
    ~PgQuery();
    PgQuery(const PgQuery&) = delete;
    PgQuery& operator=(const PgQuery&) = delete;

    PgQuery& bind(std::int64_t value);
    PgQuery& bind(std::string_view text);
    PgQuery& bind(const std::string& text) { return bind(std::string_view(text)); }
    PgQuery& bind(const char* text) { return bind(std::string_view(text)); }
    PgQuery& bind(bool value) { return bind(static_cast<std::int64_t>(value ? 1 : 0)); }
    /// Bytes that need not be valid UTF-8 (a BYTEA parameter).
    PgQuery& bind_bytes(std::string_view bytes);

    /// Advances to the next row; false when there is none. Throws PgRetryable or PgError.
    bool step();
    /// Runs a statement that returns no rows; returns the number of rows it changed.
    std::int64_t run();

    std::int64_t integer(int column) const;
    std::string text(int column) const;
    /// A BYTEA column's bytes.
    std::string bytes(int column) const;

private:
    friend class PgConnection;
    void execute();

    PgConnection& connection_;
    const char* sql_;
    std::vector<std::string> values_;
    std::vector<unsigned> types_;  // parameter type OIDs
    std::vector<int> formats_;     // 0 text, 1 binary
    pg_result* result_ = nullptr;
    int rows_ = 0;
    int row_ = -1;
};

class PgConnection {
public:
    /// Connects with a libpq connection string ("host=... dbname=..." or "postgresql://...").
    /// Throws PgError; the message never contains the connection string (it may hold a password).
    explicit PgConnection(const std::string& dsn);
    ~PgConnection();
    PgConnection(const PgConnection&) = delete;
    PgConnection& operator=(const PgConnection&) = delete;

    /// The statement for `sql` (SQLite placeholders, `?` and `?N`), prepared on first use.
    /// `sql` must be a string literal: statements are cached by the literal's address.
    PgQuery query(const char* sql) { return PgQuery(*this, sql); }
    /// Runs statements with no parameters (BEGIN, COMMIT, DDL...). Throws PgRetryable or PgError.
    void execute(const std::string& sql);

    /// Commits the open transaction. Throws when PostgreSQL rolled it back instead, which it does
    /// when a statement of it failed and the error was caught: as PgRetryable when that error
    /// was a lost conflict, else as PgError.
    void commit();

    /// True when the connection is usable; else reconnect() before the next transaction.
    bool healthy() const;
    /// Opens the connection again (statements are prepared again on first use).
    void reconnect();

    /// "postgresql://user@host:port/dbname", without the password, for messages.
    std::string location() const;

private:
    friend class PgQuery;
    struct Prepared {
        std::string name;
        std::vector<unsigned> types;
    };
    /// The name `sql` is prepared under with parameters of `types`, preparing it if needed.
    const std::string& prepared(const char* sql, const std::vector<unsigned>& types);
    [[noreturn]] void fail(pg_result* result, const std::string& what);

    pg_conn* connection_ = nullptr;
    /// The last error's SQLSTATE and message (for a COMMIT that turns out to be a rollback).
    std::string last_sqlstate_;
    std::string last_error_;
    std::unordered_map<const char*, Prepared> cache_;
    int next_statement_ = 0;
};

/// `sql` with SQLite's placeholders (`?` numbered one above the highest so far, `?N`) written
/// as PostgreSQL's (`$N`); text inside quotes is left alone.
std::string postgres_placeholders(std::string_view sql);

}  // namespace ledgersync::store::postgres
