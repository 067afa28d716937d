#include "store/postgres/postgres_store.hpp"

#include <algorithm>
#include <chrono>
#include <thread>

#include "store/postgres/pg_connection.hpp"
#include "store/postgres/postgres_invoice_index.hpp"
#include "store/postgres/postgres_mirror_references.hpp"
#include "store/postgres/postgres_migrations.hpp"
#include "store/sql_transaction.hpp"

namespace ledgersync::store::postgres {

namespace {

const sql::SqlDialect kPostgresDialect{
    // Another transaction leasing the same rows is skipped, not waited for: two hosts leasing
    // at once get different jobs. The per-object check still sees the other's committed leases.
    LS_LEASE_JOBS_SQL("SELECT json_array_elements_text(CAST(?5 AS json))", " FOR UPDATE OF j SKIP LOCKED"),
    LS_INDEX_INVOICE_SQL(LS_PG_INVOICE_ROWS(" AND m.connection = ?1 AND m.object_id = ?2")),
    LS_INDEX_REFERENCES_SQL(LS_PG_REFERENCE_ROWS(LS_ONE_MIRROR_OBJECT)),
    LS_MIRROR_REFERRING_SQL("SELECT json_array_elements_text(CAST(?3 AS json))"),
};

// Serialises migrations of every process on the database (pg_advisory_xact_lock's key:
// "ledgersync" in ASCII, truncated).
constexpr const char* kMigrationLock = "SELECT pg_advisory_xact_lock(7234315163897933)";

void rollback_quietly(PgConnection& db) {
    try {
        db.execute("ROLLBACK");
    } catch (...) {
        // Nothing to roll back (BEGIN itself failed) or the connection is gone.
    }
}

}  // namespace

PostgresStore::PostgresStore(const std::string& dsn, PostgresOptions options) : options_(options) {
    try {
        db_ = std::make_unique<PgConnection>(dsn);
    } catch (const PgError& e) {
        throw StoreError(std::string(e.what()) +
                         "; check store.postgresql.dsn (host, port, dbname, user and password) and that the server "
                         "accepts connections from this host");
    }
    location_ = db_->location();
    migrate();
}

PostgresStore::~PostgresStore() = default;

void PostgresStore::migrate() {
    const int latest = latest_schema_version();
    retry([&] {
        PgConnection& db = *db_;
        try {
            db.execute("BEGIN ISOLATION LEVEL READ COMMITTED");
            db.execute(kMigrationLock);
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
            if (current > latest) throw StoreError(newer_schema_message(location_, static_cast<int>(current), latest));
            // DDL is transactional in PostgreSQL: every pending migration commits together or not at all.
            for (const auto& migration : migrations()) {
                if (migration.version <= current) continue;
                for (const auto statement : migration.statements) db.execute(std::string(statement));
                auto q = db.query(
                    "INSERT INTO schema_migrations (version, description, applied_at_ms) "
                    "VALUES (?, ?, (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::BIGINT)");
                q.bind(static_cast<std::int64_t>(migration.version)).bind(migration.description);
                q.run();
                current = migration.version;
            }
            db.commit();
            schema_version_ = static_cast<int>(current);
        } catch (const PgRetryable&) {
            rollback_quietly(db);
            throw;
        } catch (const PgError& e) {
            rollback_quietly(db);
            throw StoreError("migrating " + location_ + " to schema version " + std::to_string(latest) +
                             " failed: " + e.what());
        } catch (...) {
            rollback_quietly(db);
            throw;
        }
    });
}

void PostgresStore::write(const Body& body) {
    retry([&] { run_once(body, true); });
}

void PostgresStore::read(const Body& body) {
    retry([&] { run_once(body, false); });
}

void PostgresStore::retry(const std::function<void()>& attempt) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(options_.retry_timeout_ms);
    auto pause = std::chrono::milliseconds(1);
    for (;;) {
        try {
            std::lock_guard lock(mutex_);
            if (!db_->healthy()) db_->reconnect();
            attempt();
            return;
        } catch (const PgRetryable& e) {
            if (std::chrono::steady_clock::now() >= deadline) {
                throw StoreError("database " + location_ + ": a transaction kept failing for " +
                                 std::to_string(options_.retry_timeout_ms) + " ms: " + e.what());
            }
        }
        std::this_thread::sleep_for(pause);
        pause = std::min(pause * 2, std::chrono::milliseconds(100));
    }
}

void PostgresStore::run_once(const Body& body, bool writing) {
    PgConnection& db = *db_;
    bool begun = false;
    try {
        // SERIALIZABLE: the outcome is that of some one-at-a-time order, as with SQLite's
        // single writer. Reads see one snapshot.
        db.execute(writing ? "BEGIN ISOLATION LEVEL SERIALIZABLE"
                           : "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
        begun = true;
        sql::SqlTransaction<PgConnection> transaction(db, kPostgresDialect);
        body(transaction);
        db.commit();
    } catch (const PgRetryable&) {
        if (begun) rollback_quietly(db);
        throw;
    } catch (const PgError& e) {
        if (begun) rollback_quietly(db);
        throw StoreError("database " + location_ + ": " + e.what());
    } catch (...) {
        if (begun) rollback_quietly(db);
        throw;
    }
}

std::int64_t PostgresStore::size_bytes() {
    std::int64_t bytes = 0;
    read([&](StoreTransaction&) {
        auto q = db_->query("SELECT pg_database_size(current_database())");
        q.step();
        bytes = q.integer(0);
    });
    return bytes;
}

void PostgresStore::compact() {
    retry([&] {
        try {
            db_->execute("VACUUM (ANALYZE)");
        } catch (const PgRetryable&) {
            throw;
        } catch (const PgError& e) {
            throw StoreError("vacuuming " + location_ + " failed: " + e.what());
        }
    });
}

void PostgresStore::backup(const std::filesystem::path& file) {
    throw StoreError("the database " + location_ + " is on PostgreSQL, whose own tool makes consistent online "
                     "backups: pg_dump --format=custom --file=" + file.string() +
                     " with the connection string of store.postgresql.dsn (docs/operations.md)");
}

}  // namespace ledgersync::store::postgres
