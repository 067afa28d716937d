#include "store/postgres/pg_connection.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include <libpq-fe.h>

namespace ledgersync::store::postgres {

namespace {

// Parameter type OIDs (pg_type.h), given when preparing so that the server never has to guess
// a parameter's type from its context.
constexpr unsigned kInt8Oid = 20;
constexpr unsigned kTextOid = 25;
constexpr unsigned kByteaOid = 17;

/// Errors after which the same transaction may succeed when run again: serialization failure,
/// deadlock, and the connection exception class (08).
bool retryable(const std::string& sqlstate) {
    return sqlstate == "40001" || sqlstate == "40P01" || sqlstate.rfind("08", 0) == 0;
}

std::string trimmed(const char* message) {
    std::string text = message != nullptr ? message : "";
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
    return text;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

std::string postgres_placeholders(std::string_view sql) {
    std::string out;
    out.reserve(sql.size() + 16);
    int highest = 0;
    char quote = 0;
    for (std::size_t i = 0; i < sql.size(); ++i) {
        const char c = sql[i];
        if (quote != 0) {
            if (c == quote) quote = 0;
            out += c;
        } else if (c == '\'' || c == '"') {
            quote = c;
            out += c;
        } else if (c == '?') {
            std::size_t digits = i + 1;
            while (digits < sql.size() && std::isdigit(static_cast<unsigned char>(sql[digits]))) ++digits;
            int number = highest + 1;
            if (digits > i + 1) std::from_chars(sql.data() + i + 1, sql.data() + digits, number);
            highest = std::max(highest, number);
            out += '$' + std::to_string(number);
            i = digits - 1;
        } else {
            out += c;
        }
    }
    return out;
}

PgQuery::~PgQuery() {
    if (result_ != nullptr) PQclear(result_);
}

PgQuery& PgQuery::bind(std::int64_t value) {
    values_.push_back(std::to_string(value));
    types_.push_back(kInt8Oid);
    formats_.push_back(0);
    return *this;
}

PgQuery& PgQuery::bind(std::string_view text) {
    values_.emplace_back(text);
    types_.push_back(kTextOid);
    formats_.push_back(0);
    return *this;
}

PgQuery& PgQuery::bind_bytes(std::string_view bytes) {
    values_.emplace_back(bytes);
    types_.push_back(kByteaOid);
    formats_.push_back(1);
    return *this;
}

void PgQuery::execute() {
    const std::string& name = connection_.prepared(sql_, types_);
    std::vector<const char*> values;
    std::vector<int> lengths;
    for (const auto& value : values_) {
        values.push_back(value.data());
        lengths.push_back(static_cast<int>(value.size()));
    }
    PGresult* result = PQexecPrepared(connection_.connection_, name.c_str(), static_cast<int>(values.size()),
                                      values.data(), lengths.data(), formats_.data(), 0);
    const auto status = PQresultStatus(result);
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
        connection_.fail(result, std::string("executing \"") + sql_ + "\"");
    }
    result_ = result;
    rows_ = PQntuples(result);
}

bool PgQuery::step() {
    if (result_ == nullptr) execute();
    return ++row_ < rows_;
}

std::int64_t PgQuery::run() {
    if (result_ == nullptr) execute();
    std::int64_t changed = 0;
    const char* tuples = PQcmdTuples(result_);
    std::from_chars(tuples, tuples + std::char_traits<char>::length(tuples), changed);
    return changed;
}

std::int64_t PgQuery::integer(int column) const {
    if (PQgetisnull(result_, row_, column) != 0) return 0;
    const char* value = PQgetvalue(result_, row_, column);
    std::int64_t number = 0;
    std::from_chars(value, value + PQgetlength(result_, row_, column), number);
    return number;
}

std::string PgQuery::text(int column) const {
    return std::string(PQgetvalue(result_, row_, column), static_cast<std::size_t>(PQgetlength(result_, row_, column)));
}

std::string PgQuery::bytes(int column) const {
    // Results come in text format: BYTEA as "\x" and two hex digits per byte.
    const std::string hex = text(column);
    std::string out;
    if (hex.rfind("\\x", 0) != 0) return out;
    out.reserve((hex.size() - 2) / 2);
    for (std::size_t i = 2; i + 1 < hex.size(); i += 2) {
        out += static_cast<char>(hex_value(hex[i]) * 16 + hex_value(hex[i + 1]));
    }
    return out;
}

PgConnection::PgConnection(const std::string& dsn) {
    connection_ = PQconnectdb(dsn.c_str());
    if (PQstatus(connection_) != CONNECTION_OK) {
        const std::string message = trimmed(PQerrorMessage(connection_));
        PQfinish(connection_);
        connection_ = nullptr;
        throw PgError("cannot connect to PostgreSQL: " + message, "");
    }
}

PgConnection::~PgConnection() {
    if (connection_ != nullptr) PQfinish(connection_);
}

bool PgConnection::healthy() const { return PQstatus(connection_) == CONNECTION_OK; }

void PgConnection::reconnect() {
    cache_.clear();  // a new session knows none of the old one's statements
    PQreset(connection_);
    if (PQstatus(connection_) != CONNECTION_OK) {
        throw PgRetryable("cannot reconnect to PostgreSQL at " + location() + ": " + trimmed(PQerrorMessage(connection_)),
                          "08006");
    }
}

std::string PgConnection::location() const {
    const char* host = PQhost(connection_);
    const std::string where = host == nullptr || *host == '\0' ? "localhost" : std::string(host);
    return std::string("postgresql://") + PQuser(connection_) + "@" + (where.front() == '/' ? "[" + where + "]" : where) +
           ":" + PQport(connection_) + "/" + PQdb(connection_);
}

void PgConnection::execute(const std::string& sql) {
    PGresult* result = PQexec(connection_, sql.c_str());
    const auto status = PQresultStatus(result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail(result, "\"" + sql + "\"");
    PQclear(result);
}

void PgConnection::commit() {
    PGresult* result = PQexec(connection_, "COMMIT");
    const auto status = PQresultStatus(result);
    if (status != PGRES_COMMAND_OK) fail(result, "\"COMMIT\"");
    const std::string outcome = PQcmdStatus(result);
    PQclear(result);
    if (outcome == "ROLLBACK") {
        const std::string message = "the transaction was rolled back, not committed: one of its statements failed (" +
                                    last_error_ + ")";
        if (retryable(last_sqlstate_)) throw PgRetryable(message, last_sqlstate_);
        throw PgError(message, last_sqlstate_);
    }
}

const std::string& PgConnection::prepared(const char* sql, const std::vector<unsigned>& types) {
    auto it = cache_.find(sql);
    if (it != cache_.end()) {
        if (it->second.types == types) return it->second.name;
        // The same text bound with other types (never in the store's code): prepare it again.
        execute("DEALLOCATE " + it->second.name);
        cache_.erase(it);
    }
    std::string name = "ls" + std::to_string(++next_statement_);
    PGresult* result = PQprepare(connection_, name.c_str(), postgres_placeholders(sql).c_str(),
                                 static_cast<int>(types.size()), types.data());
    if (PQresultStatus(result) != PGRES_COMMAND_OK) fail(result, std::string("preparing \"") + sql + "\"");
    PQclear(result);
    return cache_.emplace(sql, Prepared{std::move(name), types}).first->second.name;
}

void PgConnection::fail(PGresult* result, const std::string& what) {
    const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    const std::string sqlstate = state != nullptr ? state : (healthy() ? "" : "08006");
    std::string message = trimmed(result != nullptr ? PQresultErrorMessage(result) : nullptr);
    if (message.empty()) message = trimmed(PQerrorMessage(connection_));
    if (result != nullptr) PQclear(result);
    message = what + ": " + message + (sqlstate.empty() ? "" : " (SQLSTATE " + sqlstate + ")");
    last_sqlstate_ = sqlstate;
    last_error_ = message;
    if (retryable(sqlstate)) throw PgRetryable(message, sqlstate);
    throw PgError(message, sqlstate);
}

}  // namespace ledgersync::store::postgres
