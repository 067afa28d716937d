#include "store/sqlite/sqlite_store.hpp"

#include <algorithm>
#include <chrono>
#include <thread>

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/SQLite/Utility.h>
#include <Poco/Data/Session.h>

#include "store/sqlite/database_copy.hpp"
#include "store/sqlite/prepared_statements.hpp"
#include "store/sqlite/sqlite_invoice_index.hpp"
#include "store/sqlite/sqlite_mirror_references.hpp"
#include "store/sqlite/sqlite_migrations.hpp"
#include "store/sql_transaction.hpp"

namespace ledgersync::store::sqlite {

namespace {

std::int64_t wall_clock_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}
const sql::SqlDialect kSqliteDialect{
    LS_LEASE_JOBS_SQL("SELECT value FROM json_each(?5)", ""),
    LS_INDEX_INVOICE_SQL(LS_SQLITE_INVOICE_ROWS(" AND m.connection = ?1 AND m.object_id = ?2")),
    LS_INDEX_REFERENCES_SQL(LS_SQLITE_REFERENCE_ROWS(LS_ONE_MIRROR_OBJECT)),
    LS_MIRROR_REFERRING_SQL("SELECT value FROM json_each(?3)"),
};

void rollback_quietly(PreparedStatements& db) {
    try {
        db.execute("ROLLBACK");
    } catch (...) {
        // Nothing to roll back (the failure was BEGIN itself) or the connection is gone.
    }
}

}  // namespace

SqliteStore::SqliteStore(const std::filesystem::path& file, SqliteOptions options)
    : file_(file), options_(std::move(options)) {
    if (options_.synchronous != "full" && options_.synchronous != "normal") {
        throw StoreError("store.sqlite.synchronous must be \"full\" or \"normal\", not \"" + options_.synchronous + "\"");
    }
    std::error_code ec;
    if (file_.has_parent_path()) std::filesystem::create_directories(file_.parent_path(), ec);
    Poco::Data::SQLite::Connector::registerConnector();
    try {
        session_ = std::make_unique<Poco::Data::Session>("SQLite", file_.string());
        statements_ = std::make_unique<PreparedStatements>(Poco::Data::SQLite::Utility::dbHandle(*session_));
        statements_->execute("PRAGMA busy_timeout = " + std::to_string(options_.busy_timeout_ms));
        statements_->execute("PRAGMA journal_mode = WAL");
        statements_->execute("PRAGMA synchronous = " + options_.synchronous);
        statements_->execute("PRAGMA foreign_keys = ON");
        // A larger page cache keeps the indexes of busy tables in memory (32 MiB).
        statements_->execute("PRAGMA cache_size = -32768");
        // Checkpoint the WAL every 16 MiB instead of 4: pages changed again and again between two
        // checkpoints (indexes of busy tables) are copied to the database once.
        statements_->execute("PRAGMA wal_autocheckpoint = 4096");
        // Reads come straight from the mapped file instead of being copied in (256 MiB of address space).
        statements_->execute("PRAGMA mmap_size = 268435456");
    } catch (const std::exception& e) {
        throw StoreError("cannot open the database " + file_.string() + ": " + e.what() +
                         "; check that data_dir exists and is writable by the ledgersync user");
    }
    migrate();
    // From here on the store waits for other processes itself, without its mutex (run()).
    statements_->execute("PRAGMA busy_timeout = 0");
}

SqliteStore::~SqliteStore() {
    statements_.reset();  // finalize every statement before Poco closes the connection
    session_.reset();
}

void SqliteStore::migrate() {
    std::lock_guard lock(mutex_);
    PreparedStatements& db = *statements_;
    db.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, description TEXT NOT NULL, "
        "applied_at_ms BIGINT NOT NULL)");
    std::int64_t current = 0;
    {
        auto q = db.query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
        q.step();
        current = q.integer(0);
    }
    schema_version_found_ = static_cast<int>(current);
    const int latest = latest_schema_version();
    if (current > latest) {
        throw StoreError(newer_schema_message(file_.string(), static_cast<int>(current), latest));
    }
    for (const auto& migration : migrations()) {
        if (migration.version <= current) continue;
        try {
            db.execute("BEGIN IMMEDIATE");
            for (const auto statement : migration.statements) db.execute(std::string(statement));
            auto q = db.query("INSERT INTO schema_migrations (version, description, applied_at_ms) VALUES (?, ?, ?)");
            q.bind(static_cast<std::int64_t>(migration.version)).bind(migration.description).bind(wall_clock_ms());
            q.run();
            db.execute("COMMIT");
        } catch (const std::exception& e) {
            rollback_quietly(db);
            throw StoreError("migrating " + file_.string() + " to schema version " + std::to_string(migration.version) +
                             " failed: " + e.what());
        }
        current = migration.version;
    }
    schema_version_ = static_cast<int>(current);
}

void SqliteStore::write(const Body& body) { run(body, true); }
void SqliteStore::read(const Body& body) { run(body, false); }

void SqliteStore::run(const Body& body, bool writing) {
    retry_while_busy([&] { run_once(body, writing); });
}

void SqliteStore::retry_while_busy(const std::function<void()>& attempt) {
    // Another process (the CLI, a backup) may hold the database. SQLite's busy handler would
    // wait for it inside the call, with this store's mutex held, and every other thread of the
    // host would wait too; so that handler is off once the store is open (busy_timeout 0) and
    // the waiting happens here, between attempts, with the mutex released.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(options_.busy_timeout_ms);
    auto pause = std::chrono::milliseconds(1);
    for (;;) {
        try {
            attempt();
            return;
        } catch (const DatabaseBusy& e) {
            if (std::chrono::steady_clock::now() >= deadline) {
                throw StoreError("database " + file_.string() + " stayed locked by another process for " +
                                 std::to_string(options_.busy_timeout_ms) + " ms: " + e.what());
            }
        }
        std::this_thread::sleep_for(pause);
        pause = std::min(pause * 2, std::chrono::milliseconds(50));
    }
}

void SqliteStore::run_once(const Body& body, bool writing) {
    std::lock_guard lock(mutex_);
    PreparedStatements& db = *statements_;
    bool begun = false;
    try {
        db.execute(writing ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
        begun = true;
        sql::SqlTransaction<PreparedStatements> transaction(db, kSqliteDialect);
        body(transaction);
        db.execute("COMMIT");
    } catch (const DatabaseBusy&) {
        if (begun) rollback_quietly(db);
        throw;
    } catch (const SqliteError& e) {
        if (begun) rollback_quietly(db);
        throw StoreError("database " + file_.string() + ": " + e.what());
    } catch (...) {
        if (begun) rollback_quietly(db);
        throw;
    }
}

std::int64_t SqliteStore::size_bytes() {
    std::int64_t bytes = 0;
    retry_while_busy([&] {
        std::lock_guard lock(mutex_);
        auto pages = statements_->query("PRAGMA page_count");
        pages.step();
        const std::int64_t page_count = pages.integer(0);
        auto size = statements_->query("PRAGMA page_size");
        size.step();
        bytes = page_count * size.integer(0);
    });
    return bytes;
}

void SqliteStore::compact() {
    retry_while_busy([&] {
        std::lock_guard lock(mutex_);
        try {
            statements_->execute("VACUUM");
            // The rewritten pages sit in the WAL until a checkpoint: move them into the file,
            // which then shrinks, and empty the WAL.
            statements_->execute("PRAGMA wal_checkpoint(TRUNCATE)");
        } catch (const DatabaseBusy&) {
            throw;
        } catch (const SqliteError& e) {
            throw StoreError("vacuuming " + file_.string() + " failed: " + e.what() +
                             " (VACUUM needs free disk space about the size of the database)");
        }
    });
}

void SqliteStore::backup(const std::filesystem::path& file) { copy_database(file_, file); }

}  // namespace ledgersync::store::sqlite
