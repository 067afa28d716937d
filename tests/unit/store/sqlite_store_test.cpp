// What only the SQLite store does: its own migrations from old schema versions, and waiting for
// another process without holding up the host's other threads. The interface's behaviour is
// tested on both engines in store_test.cpp.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>

#include "store/sqlite/sqlite_migrations.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "temp_dir.hpp"

namespace ledgersync::store {
namespace {

TEST(SqliteStoreMigrationTest, migration_3_keeps_the_failures_of_a_version_2_database_with_their_stage) {
    testing::TempDir dir;
    {
        // A database as ledgersync left it at schema version 2, with a write failure and a
        // mapping failure (whose job has no payload).
        Poco::Data::SQLite::Connector::registerConnector();
        Poco::Data::Session session("SQLite", (dir / "db.sqlite").string());
        using Poco::Data::Keywords::now;
        session << "CREATE TABLE schema_migrations (version BIGINT PRIMARY KEY, description TEXT NOT NULL, "
                   "applied_at_ms BIGINT NOT NULL)", now;
        for (const auto& migration : sqlite::migrations()) {
            if (migration.version > 2) break;
            for (const auto statement : migration.statements) session << std::string(statement), now;
            session << "INSERT INTO schema_migrations VALUES (" + std::to_string(migration.version) + ", 'v', 0)", now;
        }
        for (const char* job : {"1, 'written', 'v3', '{}'", "2, 'mapped', 'v4', ''"}) {
            session << std::string("INSERT INTO jobs (id, idempotency_key, source_version, payload_json, route, "
                                   "source_connection, source_type, source_id, event_id, target_connection, target_type, "
                                   "object_key, operation, state, next_attempt_at_ms, created_at_ms) VALUES (") +
                           job + ", 'r', 'hs', 'invoice', 'A', 1, 'qbo', 'invoice', 'k', 'upsert', 'failed', 0, 0)",
                now;
        }
        session << "INSERT INTO failures (id, job_id, route, connection, type, object_id, target_connection, "
                   "outcome_class, reason, attempts, first_failed_at_ms, last_failed_at_ms, state) VALUES "
                   "(10, 1, 'r', 'hs', 'invoice', 'A', 'qbo', 'data', 'refused', 1, 1, 1, 'open'), "
                   "(11, 2, 'r', 'hs', 'invoice', 'A', 'qbo', 'data', 'unmappable', 0, 1, 1, 'open')", now;
    }
    sqlite::SqliteStore store(dir / "db.sqlite");
    EXPECT_EQ(store.schema_version(), sqlite::latest_schema_version());
    store.read([](StoreTransaction& t) {
        ASSERT_EQ(t.failures({}).size(), 2u);
        EXPECT_EQ(t.failure(10)->stage, FailureStage::write);
        EXPECT_EQ(t.failure(10)->source_version, "v3");
        EXPECT_EQ(t.failure(11)->stage, FailureStage::map);
        EXPECT_EQ(t.failure(11)->reason, "unmappable");
    });
}

TEST(SqliteStoreBusyTest, a_transaction_waiting_for_another_process_holds_up_no_other_thread) {
    testing::TempDir dir;
    sqlite::SqliteStore store(dir / "db.sqlite", {60'000, "normal"});
    sqlite::SqliteStore other_process(dir / "db.sqlite");  // its own connection, as the CLI has

    // The "other process" holds the write lock until released.
    std::mutex mutex;
    std::condition_variable changed;
    bool holding = false;
    bool release = false;
    std::thread holder([&] {
        other_process.write([&](StoreTransaction& t) {
            t.set_cursor("cli", "s", "held", 1);
            std::unique_lock lock(mutex);
            holding = true;
            changed.notify_all();
            changed.wait(lock, [&] { return release; });
        });
    });
    {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return holding; });
    }
    // This process wants to write: it must wait for the lock...
    std::atomic<bool> written{false};
    std::thread writer([&] {
        store.write([](StoreTransaction& t) { t.set_cursor("host", "s", "after", 2); });
        written = true;
    });
    // ...and while it waits, its other threads still read (no wait with the store's mutex held).
    std::atomic<int> reads{0};
    std::thread reader([&] {
        for (int i = 0; i < 3; ++i) {
            store.read([](StoreTransaction& t) { (void)t.cursor("host", "s"); });
            ++reads;
        }
    });
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (reads < 3 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    EXPECT_EQ(reads.load(), 3) << "reads were held up by a write waiting for another process";
    EXPECT_FALSE(written.load());  // the lock is still the other process's
    {
        std::lock_guard lock(mutex);
        release = true;
    }
    changed.notify_all();
    holder.join();
    writer.join();
    reader.join();
    EXPECT_TRUE(written.load());
    store.read([](StoreTransaction& t) { EXPECT_EQ(t.cursor("host", "s"), "after"); });
}

}  // namespace
}  // namespace ledgersync::store
