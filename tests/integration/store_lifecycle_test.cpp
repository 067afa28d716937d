// The store over a host's life (docs/operations.md): retention prunes settled history while the
// host runs and keeps what the bus needs; `ledgersync store backup` copies a running host's
// database, `restore` puts it into an empty data dir, and a host started on it carries on
// without writing anything twice; `vacuum` gives pruned space back.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <set>

#include "bus_scenario.hpp"
#include "child_process.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace ledgersync {
namespace {

using ::testing::HasSubstr;
using nlohmann::json;
using testing::BusScenario;
using testing::canonical_invoice;
using testing::envelope;
using testing::run_command;

const std::string kBinary = LEDGERSYNC_BINARY;
constexpr std::int64_t kStartMs = 1'795'000'000'000;  // 2026-11-18
constexpr std::int64_t kDayMs = 86'400'000;

std::vector<json> invoices(int from, int to) {
    std::vector<json> records;
    for (int i = from; i < to; ++i) {
        records.push_back(envelope("invoice", "I" + std::to_string(i), "1", canonical_invoice("N" + std::to_string(i))));
    }
    return records;
}

TEST(RetentionTest, a_running_host_prunes_settled_history_and_a_replayed_current_version_is_still_a_duplicate) {
    BusScenario s;
    services::ManualClock& clock = s.use_manual_clock(kStartMs);
    s.add_ledger("src");
    s.add_ledger("dst");
    s.add_route({{"name", "invoices"}, {"from", "src.invoice"}, {"to", "dst.invoice"}});
    // Small batches: a pass takes several steps.
    s.config()["retention"] = {{"events", "30d"}, {"done_jobs", "7d"}, {"timeline", "30d"}, {"batch", 2}, {"every", "1s"}};
    auto records = invoices(0, 5);
    records.push_back(envelope("invoice", "I0", "2", canonical_invoice("N0", "250.00")));  // supersedes I0 version 1
    s.append("src", records);
    s.start();
    ASSERT_TRUE(BusScenario::eventually([&] { return s.job_counts().done == 6; })) << s.log();
    const auto receipts_before = s.receipts("dst").size();

    clock.advance_ms(31 * kDayMs);
    const auto pruned = [&](const std::string& kind) {
        return s.runtime().metrics().value("ledgersync_retention_pruned_rows_total", {{"kind", kind}});
    };
    ASSERT_TRUE(BusScenario::eventually([&] { return pruned("done_jobs") == 6 && pruned("events") == 1; }))
        << "done jobs pruned: " << pruned("done_jobs") << ", events pruned: " << pruned("events") << "\n" << s.log();
    EXPECT_EQ(s.job_counts().done, 0);
    s.store().read([](store::StoreTransaction& tx) {
        // Each object's current copy and its links stay.
        const auto mirrored = tx.mirror({"src", "invoice", "I0"});
        ASSERT_TRUE(mirrored.has_value());
        EXPECT_EQ(mirrored->version, "2");
        EXPECT_THAT(mirrored->record_json, HasSubstr("250.00"));
        for (int i = 0; i < 5; ++i) {
            EXPECT_TRUE(tx.link_member({"src", "invoice", "I" + std::to_string(i)}).has_value()) << i;
        }
    });

    // The current version delivered again is recognised as a duplicate: nothing is written.
    s.append("src", {envelope("invoice", "I1", "1", canonical_invoice("N1"))});
    clock.advance_ms(2'000);  // the next poll is due
    ASSERT_TRUE(BusScenario::eventually([&] {
        return s.counter("ledgersync_records_duplicate_total", "src") >= 1 && s.deliveries_settled();
    })) << s.log();
    EXPECT_EQ(s.receipts("dst").size(), receipts_before);
}

/// Every applied receipt of `ledger`, counted by idempotency key.
std::map<std::string, int> applied_by_key(const BusScenario& s, const std::string& ledger) {
    std::map<std::string, int> counts;
    for (const auto& r : s.applied(ledger)) ++counts[r["key"].get<std::string>()];
    return counts;
}

TEST(StoreBackupTest, a_backup_taken_during_a_sync_restores_into_a_host_that_carries_on_without_writing_twice) {
    BusScenario s;
    s.add_ledger("src");
    s.add_ledger("dst");
    s.add_route({{"name", "invoices"}, {"from", "src.invoice"}, {"to", "dst.invoice"}});
    s.append("src", invoices(0, 150));
    s.start();
    ASSERT_TRUE(BusScenario::eventually([&] { return !s.applied("dst").empty(); }));
    const auto backup_file = s.path("backup.db");
    const auto backup = run_command(kBinary, {"store", "backup", backup_file.string(), "--config", s.config_file()});
    ASSERT_EQ(backup.exit_code, 0) << backup.err;
    EXPECT_THAT(backup.out, HasSubstr("the secrets key is not in the backup"));
    s.append("src", invoices(150, 300));
    ASSERT_TRUE(BusScenario::eventually([&] { return s.job_counts().done == 300; })) << s.log();
    s.stop();

    // A new host on the same systems, its data dir restored from the backup: it reads again what
    // came after the backup and redoes what was in flight, with the same idempotency keys.
    BusScenario restored;
    restored.add_ledger("src", {{"inbox", s.inbox("src")}, {"journal", s.journal("src")}});
    restored.add_ledger("dst", {{"inbox", s.inbox("dst")}, {"journal", s.journal("dst")}});
    restored.add_route({{"name", "invoices"}, {"from", "src.invoice"}, {"to", "dst.invoice"}});
    const auto config_file = restored.path("ledgersync.json");
    testing::write_file(config_file, restored.config().dump());
    const auto restore = run_command(kBinary, {"store", "restore", backup_file.string(), "--config", config_file.string()});
    ASSERT_EQ(restore.exit_code, 0) << restore.err;
    EXPECT_THAT(restore.out, HasSubstr("secrets key"));
    restored.start();
    ASSERT_TRUE(BusScenario::eventually([&] { return restored.job_counts().done == 300; })) << restored.log();

    const auto counts = applied_by_key(s, "dst");
    EXPECT_EQ(counts.size(), 300u);
    for (const auto& [key, count] : counts) EXPECT_EQ(count, 1) << key << " was applied " << count << " times";
    std::set<std::string> sources;
    for (const auto& r : s.applied("dst")) sources.insert(r["source_id"].get<std::string>());
    EXPECT_EQ(sources.size(), 300u);
}

class StoreCommandTest : public ::testing::Test {
protected:
    StoreCommandTest() {
        write_config(config_, "data");
        write_config(other_config_, "restored");
    }

    void write_config(const std::filesystem::path& file, const std::string& data_dir) {
        testing::write_file(file, json{{"data_dir", (dir_ / data_dir).string()}}.dump());
    }

    testing::TempDir dir_;
    std::filesystem::path config_ = dir_ / "ledgersync.json";
    std::filesystem::path other_config_ = dir_ / "restored.json";
};

TEST_F(StoreCommandTest, backup_then_restore_gives_the_same_rows_and_a_second_restore_is_refused) {
    {
        store::sqlite::SqliteStore original(dir_ / "data" / "ledgersync.db");
        original.write([](store::StoreTransaction& tx) {
            for (int i = 0; i < 20; ++i) {
                tx.add_event({0, {"src", "invoice", "I" + std::to_string(i)}, "ledger", "1", "{\"i\":" + std::to_string(i) + "}", 1});
            }
            tx.set_cursor("src", "invoice", "42:0", 1);
            tx.put_link_member({"e1", {"src", "invoice", "I1"}, "", "", 1});
        });
    }
    const auto backup_file = dir_ / "backup.db";
    const auto backup = run_command(kBinary, {"store", "backup", backup_file.string(), "--config", config_.string()});
    ASSERT_EQ(backup.exit_code, 0) << backup.err;

    const auto restore = run_command(kBinary, {"store", "restore", backup_file.string(), "--config", other_config_.string()});
    ASSERT_EQ(restore.exit_code, 0) << restore.err;
    {
        store::sqlite::SqliteStore copy(dir_ / "restored" / "ledgersync.db");
        copy.read([](store::StoreTransaction& tx) {
            for (int i = 0; i < 20; ++i) {
                const auto event = tx.event(i + 1);
                ASSERT_TRUE(event.has_value()) << i;
                EXPECT_EQ(event->record_json, "{\"i\":" + std::to_string(i) + "}");
            }
            EXPECT_FALSE(tx.event(21).has_value());
            EXPECT_EQ(tx.cursor("src", "invoice"), "42:0");
            EXPECT_TRUE(tx.link_member({"src", "invoice", "I1"}).has_value());
        });
    }

    const auto again = run_command(kBinary, {"store", "restore", backup_file.string(), "--config", other_config_.string()});
    EXPECT_EQ(again.exit_code, 1);
    EXPECT_THAT(again.err, HasSubstr("is not empty"));
    EXPECT_THAT(again.err, HasSubstr("move the directory aside"));

    // A backup never overwrites a file.
    const auto overwrite = run_command(kBinary, {"store", "backup", backup_file.string(), "--config", config_.string()});
    EXPECT_EQ(overwrite.exit_code, 1);
    EXPECT_THAT(overwrite.err, HasSubstr("exists already"));
}

TEST_F(StoreCommandTest, restore_refuses_a_file_that_is_not_a_database_and_leaves_the_data_dir_empty) {
    const auto not_a_backup = dir_.write("notes.txt", "not a database, just some text that is long enough to look like a header\n");
    const auto r = run_command(kBinary, {"store", "restore", not_a_backup.string(), "--config", other_config_.string()});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_THAT(r.err, HasSubstr("is not a readable SQLite database"));
    EXPECT_FALSE(std::filesystem::exists(dir_ / "restored" / "ledgersync.db"));
}

TEST_F(StoreCommandTest, vacuum_after_pruning_shrinks_the_database_and_prints_both_sizes) {
    {
        store::sqlite::SqliteStore store(dir_ / "data" / "ledgersync.db");
        const std::string record(4000, 'x');
        store.write([&](store::StoreTransaction& tx) {
            for (int i = 0; i < 500; ++i) tx.add_event({0, {"src", "invoice", std::to_string(i)}, "ledger", "1", record, 1});
        });
        store.write([](store::StoreTransaction& tx) { tx.prune_events(2, 0, 1'000'000); });
    }
    const auto r = run_command(kBinary, {"store", "vacuum", "--config", config_.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    std::smatch sizes;
    ASSERT_TRUE(std::regex_search(r.out, sizes, std::regex("([0-9]+) bytes before, ([0-9]+) bytes after"))) << r.out;
    const std::int64_t before = std::stoll(sizes[1]);
    const std::int64_t after = std::stoll(sizes[2]);
    EXPECT_GT(before, 2'000'000);
    EXPECT_LT(after * 10, before);
}

TEST_F(StoreCommandTest, a_store_subcommand_without_its_file_is_a_usage_error) {
    EXPECT_EQ(run_command(kBinary, {"store", "backup", "--config", config_.string()}).exit_code, 2);
    EXPECT_EQ(run_command(kBinary, {"store", "vacuum", "extra", "--config", config_.string()}).exit_code, 2);
    EXPECT_EQ(run_command(kBinary, {"store", "shrink", "--config", config_.string()}).exit_code, 2);
    const auto help = run_command(kBinary, {"store", "--help"});
    EXPECT_EQ(help.exit_code, 0);
    EXPECT_THAT(help.out, HasSubstr("usage: ledgersync store"));
}

}  // namespace
}  // namespace ledgersync
