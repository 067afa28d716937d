#include "scratch_store.hpp"

#include <atomic>
#include <fstream>
#include <stdexcept>

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>
#include <libpq-fe.h>
#include <unistd.h>

#include "store/postgres/postgres_migrations.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/sqlite/sqlite_migrations.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace ledgersync::testing {

namespace {

/// Runs `sql` over a connection of its own; throws with the server's message.
void run_sql(const std::string& dsn, const std::string& sql) {
    PGconn* connection = PQconnectdb(dsn.c_str());
    std::string error;
    if (PQstatus(connection) != CONNECTION_OK) {
        error = PQerrorMessage(connection);
    } else {
        PGresult* result = PQexec(connection, sql.c_str());
        if (PQresultStatus(result) != PGRES_COMMAND_OK && PQresultStatus(result) != PGRES_TUPLES_OK) {
            error = PQresultErrorMessage(result);
        }
        PQclear(result);
    }
    PQfinish(connection);
    if (!error.empty()) throw std::runtime_error("PostgreSQL: " + sql + ": " + error);
}

}  // namespace

std::string to_string(StoreEngine engine) { return engine == StoreEngine::sqlite ? "sqlite" : "postgresql"; }

std::string test_postgres_dsn() {
    std::ifstream in(std::string(LEDGERSYNC_TEST_POSTGRES_STATE) + "/dsn");
    std::string dsn;
    if (!in || !std::getline(in, dsn) || dsn.empty()) {
        throw std::runtime_error(std::string("no test PostgreSQL cluster is running (") + LEDGERSYNC_TEST_POSTGRES_STATE +
                                 "/dsn is missing): run the tests through ctest, which starts it (fixture test "
                                 "postgres_cluster_start), or run tests/support/postgres_cluster.sh start " +
                                 LEDGERSYNC_TEST_POSTGRES_STATE);
    }
    return dsn;
}

ScratchPostgresDatabase::ScratchPostgresDatabase() {
    static std::atomic<int> counter{0};
    const std::string cluster = test_postgres_dsn();
    name_ = "ledgersync_test_" + std::to_string(::getpid()) + "_" + std::to_string(++counter);
    run_sql(cluster, "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    run_sql(cluster, "CREATE DATABASE " + name_);
    dsn_ = cluster.substr(0, cluster.rfind("dbname=")) + "dbname=" + name_;
}

ScratchPostgresDatabase::~ScratchPostgresDatabase() {
    try {
        run_sql(test_postgres_dsn(), "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    } catch (...) {
        // The cluster is gone already: its data directory goes with it.
    }
}

void ScratchPostgresDatabase::execute(const std::string& sql) const { run_sql(dsn_, sql); }

ScratchDatabase::ScratchDatabase(StoreEngine engine) : engine_(engine) {
    if (engine_ == StoreEngine::postgresql) postgres_ = std::make_unique<ScratchPostgresDatabase>();
}

ScratchDatabase::~ScratchDatabase() = default;

std::unique_ptr<store::Store> ScratchDatabase::open() const {
    if (postgres_) return std::make_unique<store::postgres::PostgresStore>(postgres_->dsn());
    return std::make_unique<store::sqlite::SqliteStore>(dir_ / "ledgersync.db");
}

nlohmann::json ScratchDatabase::store_config() const {
    if (postgres_) return {{"postgresql", {{"dsn", postgres_->dsn()}}}};
    return {{"sqlite", {{"path", (dir_ / "ledgersync.db").string()}}}};
}

void ScratchDatabase::execute(const std::string& sql) const {
    if (postgres_) return postgres_->execute(sql);
    Poco::Data::SQLite::Connector::registerConnector();
    Poco::Data::Session session("SQLite", (dir_ / "ledgersync.db").string());
    session << sql, Poco::Data::Keywords::now;
}

void ScratchDatabase::migrate_up_to(int version) const {
    execute("CREATE TABLE schema_migrations (version BIGINT PRIMARY KEY, description TEXT NOT NULL, "
            "applied_at_ms BIGINT NOT NULL)");
    const auto& migrations = postgres_ ? store::postgres::migrations() : store::sqlite::migrations();
    for (const auto& migration : migrations) {
        if (migration.version > version) break;
        for (const auto statement : migration.statements) execute(std::string(statement));
        execute("INSERT INTO schema_migrations VALUES (" + std::to_string(migration.version) + ", 'v', 0)");
    }
}

}  // namespace ledgersync::testing
