// The stream poller records the progress of a stream's first read (backfills) with each page it
// reads, and stops writing it once the first read is over: the polls that follow, every poll
// interval for as long as the host runs, cost no UPDATE of backfills. PostgreSQL counts the
// UPDATE statements (a statement-level trigger fires for each, even one that changes no row).
#include <gtest/gtest.h>

#include "bus_scenario.hpp"
#include "scratch_store.hpp"
#include "store/postgres/pg_connection.hpp"
#include "store/postgres/postgres_store.hpp"

namespace ledgersync {
namespace {

using testing::BusScenario;

class StreamPollerTest : public ::testing::Test {
protected:
    StreamPollerTest() {
        store::postgres::PostgresStore migrated(database_.dsn());  // backfills exists for the trigger
        database_.execute(
            "CREATE TABLE backfill_updates (statements BIGINT NOT NULL); INSERT INTO backfill_updates VALUES (0); "
            "CREATE FUNCTION count_backfill_update() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN UPDATE backfill_updates SET statements = statements + 1; RETURN NULL; END $$; "
            "CREATE TRIGGER backfill_update_statements AFTER UPDATE ON backfills "
            "FOR EACH STATEMENT EXECUTE FUNCTION count_backfill_update()");
    }

    /// The UPDATE statements run on backfills so far (of committed transactions).
    std::int64_t backfill_updates() const {
        store::postgres::PgConnection pg(database_.dsn());
        auto q = pg.query("SELECT statements FROM backfill_updates");
        q.step();
        return q.integer(0);
    }

    testing::ScratchPostgresDatabase database_;
};

TEST_F(StreamPollerTest, records_first_read_progress_page_by_page_and_no_more_once_it_is_over) {
    BusScenario s;
    s.config()["store"] = {{"postgresql", {{"dsn", database_.dsn()}}}};
    // 25 records in pages of 10: the first read takes three pages. (Echo's records are no
    // complete invoices: they become read failures, which the first read counts all the same.)
    s.config()["connections"]["src"] = {
        {"plugin", "echo"}, {"poll_interval_seconds", 1}, {"config", {{"records", 25}, {"page_size", 10}}}};
    s.config()["connections"]["dst"] = {{"plugin", "echo"}, {"poll_interval_seconds", 1}, {"config", {{"records", 0}}}};
    s.add_route({{"name", "invoices"}, {"from", "src.invoice"}, {"to", "dst.invoice"}});
    s.start();

    const auto first_read = [&] {
        std::vector<store::BackfillRecord> walks;
        s.store().read([&](store::StoreTransaction& tx) { walks = tx.backfills(); });
        return walks.size() == 1 ? walks.front() : store::BackfillRecord{};
    };
    ASSERT_TRUE(BusScenario::eventually([&] { return first_read().ended_at_ms != 0; })) << s.log();
    EXPECT_EQ(first_read().route, "invoices");
    EXPECT_EQ(first_read().reason, store::BackfillRecord::kFirstRead);
    EXPECT_EQ(first_read().records_read, 25);
    // One UPDATE with each page of the first read (progress while it runs, then its end).
    EXPECT_EQ(backfill_updates(), 3);

    // Polls after the first read store the cursor again (and would have updated backfills).
    const auto read_at = [&] {
        std::optional<std::int64_t> at;
        s.store().read([&](store::StoreTransaction& tx) { at = tx.cursor_read_at("src", "invoice"); });
        return at.value_or(0);
    };
    for (int poll = 0; poll < 2; ++poll) {
        const std::int64_t before = read_at();
        ASSERT_TRUE(BusScenario::eventually([&] { return read_at() > before; })) << s.log();
    }
    EXPECT_EQ(backfill_updates(), 3);
    EXPECT_EQ(first_read().records_read, 25);
}

}  // namespace
}  // namespace ledgersync
