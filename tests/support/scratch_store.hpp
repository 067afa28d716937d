#pragma once
/// Stores for tests that run once per engine: an empty SQLite file in a temp dir, or an empty
/// database on the PostgreSQL cluster the ctest fixture `postgres` started
/// (tests/support/postgres_cluster.sh).

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "store/store.hpp"
#include "temp_dir.hpp"

namespace ledgersync::testing {

enum class StoreEngine { sqlite, postgresql };

/// "sqlite" or "postgresql" (test names, config keys).
std::string to_string(StoreEngine engine);

/// The connection string of the fixture's PostgreSQL cluster (superuser, database postgres).
/// Throws std::runtime_error saying how to start it when it is not running.
std::string test_postgres_dsn();

/// A new empty database on the fixture's cluster, dropped at scope exit (its connections too).
class ScratchPostgresDatabase {
public:
    ScratchPostgresDatabase();
    ~ScratchPostgresDatabase();
    ScratchPostgresDatabase(const ScratchPostgresDatabase&) = delete;
    ScratchPostgresDatabase& operator=(const ScratchPostgresDatabase&) = delete;

    const std::string& name() const noexcept { return name_; }
    /// A connection string for this database.
    const std::string& dsn() const noexcept { return dsn_; }
    /// Runs `sql` on this database (a test's setup, e.g. a row a newer ledgersync would write).
    void execute(const std::string& sql) const;

private:
    std::string name_;
    std::string dsn_;
};

/// An empty database of one engine for one test, removed afterwards.
class ScratchDatabase {
public:
    explicit ScratchDatabase(StoreEngine engine);
    ~ScratchDatabase();

    StoreEngine engine() const noexcept { return engine_; }
    /// A store on the database (each call opens another connection, as another process would).
    std::unique_ptr<store::Store> open() const;
    /// The host config's "store" section for this database.
    nlohmann::json store_config() const;
    /// Runs `sql` on the database with the engine's own client (setup a store cannot express).
    void execute(const std::string& sql) const;
    /// Applies the engine's migrations up to schema `version` only, as an older host left the
    /// database (a migration's test then writes that version's rows and opens a store).
    void migrate_up_to(int version) const;

private:
    StoreEngine engine_;
    TempDir dir_;
    std::unique_ptr<ScratchPostgresDatabase> postgres_;
};

}  // namespace ledgersync::testing
