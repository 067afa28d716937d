#pragma once
/// The store on a PostgreSQL server (libpq, see pg_connection.hpp for why not Poco::Data).
/// Write transactions are SERIALIZABLE, so they behave as SQLite's single writer does, also
/// when other processes (the CLI, later other hosts) write to the same database; a transaction
/// that loses a conflict is run again. Leasing skips jobs another transaction is leasing
/// (FOR UPDATE SKIP LOCKED) instead of waiting for it.

#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "store/store.hpp"

namespace ledgersync::store::postgres {

class PgConnection;

struct PostgresOptions {
    /// How long a transaction is tried again after serialization failures, deadlocks or a lost
    /// connection before the store gives up. The waiting happens without the store's mutex.
    int retry_timeout_ms = 10'000;
};

class PostgresStore final : public Store {
public:
    /// Connects with the libpq connection string `dsn`, applies pending migrations (one process
    /// at a time, under an advisory lock) and refuses a database whose schema is newer than this
    /// binary knows. Throws StoreError; messages never contain `dsn` (it may hold a password).
    explicit PostgresStore(const std::string& dsn, PostgresOptions options = {});
    ~PostgresStore() override;

    void write(const Body& body) override;
    void read(const Body& body) override;
    int schema_version() const override { return schema_version_; }
    int schema_version_found() const override { return schema_version_found_; }
    std::string location() const override { return location_; }
    /// pg_database_size of the database.
    std::int64_t size_bytes() override;
    /// VACUUM: space of deleted rows becomes reusable (PostgreSQL's autovacuum does the same).
    void compact() override;
    /// Throws StoreError naming pg_dump, PostgreSQL's own consistent online backup.
    void backup(const std::filesystem::path& file) override;

private:
    /// Runs `attempt` under the mutex until it does not throw PgRetryable, waiting between
    /// attempts without the mutex, up to retry_timeout_ms.
    void retry(const std::function<void()>& attempt);
    void run_once(const Body& body, bool writing);
    void migrate();

    PostgresOptions options_;
    // One connection, one transaction at a time, as the SQLite store has.
    std::mutex mutex_;
    std::unique_ptr<PgConnection> db_;
    std::string location_;
    int schema_version_ = 0;
    int schema_version_found_ = 0;
};

}  // namespace ledgersync::store::postgres
