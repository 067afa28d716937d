#include "store/store_export.hpp"

#include <algorithm>
#include <memory>

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include "store/postgres/pg_connection.hpp"
#include "store/postgres/postgres_invoice_index.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace ledgersync::store {

namespace {

// Rows travel as JSON arrays of objects keyed by column name, which PostgreSQL turns into rows
// of the table's own types (json_populate_recordset): integers stay exact, TEXT stays text, and
// BYTEA columns receive "\x" hex.
#define LS_COPY_TABLE(table, has_id)                                                                      \
    Table {                                                                                                \
        table, "INSERT INTO " table " SELECT * FROM json_populate_recordset(NULL::" table ", CAST(? AS json))", \
            "SELECT COUNT(*) FROM " table, has_id                                                          \
    }

struct Table {
    const char* name;
    const char* insert_sql;
    const char* count_sql;
    bool has_id;
};

// Referenced tables before those that refer to them (failures.job_id -> jobs). Rows travel with
// every column SQLite has (SELECT *), so the columns a migration adds come along
// (links.earlier_written_versions, links.created_by_write, ...); the StoreExport tests hold both
// engines' columns of these tables equal.
const Table kTables[] = {
    LS_COPY_TABLE("events", true),          LS_COPY_TABLE("mirror", false),        LS_COPY_TABLE("cursors", false),
    LS_COPY_TABLE("jobs", true),            LS_COPY_TABLE("links", false),         LS_COPY_TABLE("sync_status", false),
    LS_COPY_TABLE("failures", true),        LS_COPY_TABLE("timeline", true),       LS_COPY_TABLE("pauses", false),
    LS_COPY_TABLE("connection_state", false), LS_COPY_TABLE("webhook_inbox", true), LS_COPY_TABLE("rate_budget_use", false),
    LS_COPY_TABLE("carried_content", false), LS_COPY_TABLE("backfills", false),  LS_COPY_TABLE("activity_hours", false),
    LS_COPY_TABLE("mirror_references", false),
};

/// A table derived from copied ones: filled in PostgreSQL from them after the copy.
struct RebuiltTable {
    const char* name;
    const char* fill_sql;
    const char* count_sql;
};

// The invoice index is the mirror's invoices read out of their records. Rebuilt rather than
// copied: its rows are then what PostgreSQL's own statement (migration 10's, as put_mirror's)
// makes of each record with PostgreSQL's JSON functions, exactly as if the host had read every
// invoice on PostgreSQL, so a row the host indexes later agrees with the exported ones.
const RebuiltTable kRebuilt[] = {
    {"invoice_index", LS_PG_FILL_INVOICE_INDEX_SQL, "SELECT COUNT(*) FROM invoice_index"},
};

// hosts and connection_leases stay behind: they describe the processes that ran on the source,
// and the hosts on the new database take the leases afresh. schema_migrations records the
// migrations each database went through itself (the export requires both at one version).
const char* const kLeftBehind[] = {"hosts", "connection_leases", "schema_migrations"};

constexpr std::size_t kRowsPerInsert = 500;

std::string hex_bytea(const void* data, int size) {
    static const char digits[] = "0123456789abcdef";
    std::string out = "\\x";
    const auto* bytes = static_cast<const unsigned char*>(data);
    for (int i = 0; i < size; ++i) {
        out += digits[bytes[i] >> 4];
        out += digits[bytes[i] & 0xf];
    }
    return out;
}

/// The SQLite side, read-only, in one read transaction (one snapshot of every table).
class SqliteReader {
public:
    explicit SqliteReader(const std::filesystem::path& file) {
        if (sqlite3_open_v2(file.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) fail("opening");
        exec("BEGIN");
    }
    ~SqliteReader() {
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        sqlite3_close(db_);
    }
    SqliteReader(const SqliteReader&) = delete;
    SqliteReader& operator=(const SqliteReader&) = delete;

    /// Calls `batch` with the rows of `table` as JSON objects, kRowsPerInsert at a time;
    /// `bytea` names the columns PostgreSQL keeps as bytes. Returns the number of rows.
    template <class Batch>
    std::int64_t rows(const std::string& table, const std::vector<std::string>& bytea, Batch&& batch) {
        sqlite3_stmt* statement = nullptr;
        if (sqlite3_prepare_v2(db_, ("SELECT * FROM " + table).c_str(), -1, &statement, nullptr) != SQLITE_OK) {
            fail("reading " + table);
        }
        std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> guard(statement, sqlite3_finalize);
        nlohmann::json rows = nlohmann::json::array();
        std::int64_t count = 0;
        int rc = SQLITE_ROW;
        while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {
            nlohmann::json row = nlohmann::json::object();
            for (int c = 0; c < sqlite3_column_count(statement); ++c) {
                const std::string column = sqlite3_column_name(statement, c);
                const bool bytes = std::find(bytea.begin(), bytea.end(), column) != bytea.end();
                switch (sqlite3_column_type(statement, c)) {
                    case SQLITE_NULL: row[column] = nullptr; break;
                    case SQLITE_INTEGER: row[column] = static_cast<std::int64_t>(sqlite3_column_int64(statement, c)); break;
                    default: {
                        const void* data = sqlite3_column_blob(statement, c);
                        const int size = sqlite3_column_bytes(statement, c);
                        row[column] = bytes ? hex_bytea(data, size)
                                            : std::string(static_cast<const char*>(data), static_cast<std::size_t>(size));
                    }
                }
            }
            rows.push_back(std::move(row));
            ++count;
            if (rows.size() == kRowsPerInsert) {
                batch(rows);
                rows = nlohmann::json::array();
            }
        }
        if (rc != SQLITE_DONE) fail("reading " + table);
        if (!rows.empty()) batch(rows);
        return count;
    }

private:
    void exec(const char* sql) {
        if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK) fail(sql);
    }
    [[noreturn]] void fail(const std::string& what) {
        throw StoreError("export: " + what + " the SQLite database failed: " + sqlite3_errmsg(db_));
    }
    sqlite3* db_ = nullptr;
};

/// Refuses a target that holds rows in `table` (export writes only into an empty database).
void require_empty(postgres::PgConnection& pg, const char* table, const char* count_sql, const std::string& target) {
    auto count = pg.query(count_sql);
    count.step();
    if (count.integer(0) != 0) {
        throw StoreError("export: the PostgreSQL database " + target + " is not empty (table " + table +
                         " has rows); export writes only into a new, empty database, so that nothing is "
                         "mixed: create one (createdb) and run the export again");
    }
}

}  // namespace

std::map<std::string, ExportTreatment> export_treatments() {
    std::map<std::string, ExportTreatment> treatments;
    for (const auto& table : kTables) treatments[table.name] = ExportTreatment::copied;
    for (const auto& table : kRebuilt) treatments[table.name] = ExportTreatment::rebuilt;
    for (const char* table : kLeftBehind) treatments[table] = ExportTreatment::left_behind;
    return treatments;
}

std::vector<std::pair<std::string, std::int64_t>> export_sqlite_to_postgresql(const std::filesystem::path& sqlite_file,
                                                                              const std::string& dsn) {
    if (!std::filesystem::exists(sqlite_file)) {
        throw StoreError("export: there is no SQLite database at " + sqlite_file.string() + " (store.sqlite.path)");
    }
    // Opening both brings them to this binary's schema (and refuses a newer one).
    const int source_version = sqlite::SqliteStore(sqlite_file).schema_version();
    const postgres::PostgresStore target_store(dsn);
    if (source_version != target_store.schema_version()) {
        throw StoreError("export: the SQLite database has schema version " + std::to_string(source_version) +
                         " and PostgreSQL " + std::to_string(target_store.schema_version()) + "; they must match");
    }
    const std::string target = target_store.location();

    std::vector<std::pair<std::string, std::int64_t>> copied;
    try {
        postgres::PgConnection pg(dsn);
        pg.execute("BEGIN ISOLATION LEVEL SERIALIZABLE");
        for (const auto& table : kTables) require_empty(pg, table.name, table.count_sql, target);
        for (const auto& table : kRebuilt) require_empty(pg, table.name, table.count_sql, target);
        SqliteReader source(sqlite_file);
        for (const auto& table : kTables) {
            const std::vector<std::string> bytea =
                std::string(table.name) == "webhook_inbox" ? std::vector<std::string>{"headers", "body"}
                                                           : std::vector<std::string>{};
            const std::int64_t rows = source.rows(table.name, bytea, [&](const nlohmann::json& batch) {
                auto insert = pg.query(table.insert_sql);
                insert.bind(batch.dump());
                insert.run();
            });
            if (table.has_id) {
                // New rows continue after the copied ids.
                pg.execute(std::string("SELECT setval(pg_get_serial_sequence('") + table.name + "', 'id'), " +
                           "COALESCE(MAX(id), 0) + 1, false) FROM " + table.name);
            }
            copied.emplace_back(table.name, rows);
        }
        for (const auto& table : kRebuilt) copied.emplace_back(table.name, pg.query(table.fill_sql).run());
        pg.commit();
    } catch (const postgres::PgError& e) {
        throw StoreError("export into " + target + " failed, nothing was written: " + e.what());
    } catch (const nlohmann::json::exception& e) {
        throw StoreError(std::string("export failed, nothing was written: a text value is not UTF-8: ") + e.what());
    }
    return copied;
}

}  // namespace ledgersync::store
