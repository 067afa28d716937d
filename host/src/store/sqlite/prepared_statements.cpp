#include "store/sqlite/prepared_statements.hpp"

#include <sqlite3.h>

namespace ledgersync::store::sqlite {

namespace {

[[noreturn]] void fail(sqlite3* db, int code, const std::string& what) {
    const std::string message = what + ": " + sqlite3_errmsg(db) + " (SQLite error " + std::to_string(code) + ")";
    const int primary = code & 0xff;
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) throw DatabaseBusy(message);
    throw SqliteError(message);
}

}  // namespace

Query::~Query() {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
}

Query& Query::bind(std::int64_t value) {
    const int rc = sqlite3_bind_int64(statement_, next_parameter_++, value);
    if (rc != SQLITE_OK) fail(db_, rc, "binding a parameter");
    return *this;
}

Query& Query::bind(std::string_view text) {
    const int rc = sqlite3_bind_text64(statement_, next_parameter_++, text.data(), text.size(), SQLITE_TRANSIENT,
                                       SQLITE_UTF8);
    if (rc != SQLITE_OK) fail(db_, rc, "binding a parameter");
    return *this;
}

bool Query::step() {
    const int rc = sqlite3_step(statement_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail(db_, rc, std::string("executing ") + sqlite3_sql(statement_));
}

std::int64_t Query::run() {
    while (step()) {
    }
    return sqlite3_changes64(db_);
}

std::int64_t Query::integer(int column) const { return sqlite3_column_int64(statement_, column); }

std::string Query::text(int column) const {
    const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(statement_, column));
    if (data == nullptr) return {};
    return std::string(data, static_cast<std::size_t>(sqlite3_column_bytes(statement_, column)));
}

PreparedStatements::~PreparedStatements() {
    for (auto& [sql, statement] : cache_) sqlite3_finalize(statement);
}

Query PreparedStatements::query(const char* sql) {
    auto it = cache_.find(sql);
    if (it == cache_.end()) {
        sqlite3_stmt* statement = nullptr;
        const int rc = sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement, nullptr);
        if (rc != SQLITE_OK) fail(db_, rc, std::string("preparing \"") + sql + "\"");
        it = cache_.emplace(sql, statement).first;
    }
    return Query(db_, it->second);
}

void PreparedStatements::execute(const std::string& sql) {
    char* error = nullptr;
    const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error);
    if (rc != SQLITE_OK) {
        const std::string message = error != nullptr ? error : "unknown error";
        sqlite3_free(error);
        const int primary = rc & 0xff;
        if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) throw DatabaseBusy(sql + ": " + message);
        throw SqliteError(sql + ": " + message);
    }
}

}  // namespace ledgersync::store::sqlite
