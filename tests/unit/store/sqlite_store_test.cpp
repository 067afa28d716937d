#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>

#include "store/sqlite/sqlite_migrations.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "temp_dir.hpp"

namespace ledgersync::store {
namespace {

using ::testing::HasSubstr;

Job make_job(const std::string& object, const std::string& key, const std::string& target = "qbo") {
    Job j;
    j.route = "r";
    j.source = {"hs", "invoice", object};
    j.source_version = "1";
    j.event_id = 1;
    j.target_connection = target;
    j.target_type = "invoice";
    j.object_key = target + "|hs/invoice/" + object;
    j.idempotency_key = key;
    j.operation = "upsert";
    j.payload_json = "{}";
    j.next_attempt_at_ms = 0;
    j.created_at_ms = 0;
    return j;
}

class SqliteStoreTest : public ::testing::Test {
protected:
    SqliteStoreTest() : store_(dir_ / "ledgersync.db") {
        store_.write([](StoreTransaction& t) {
            t.add_event({0, {"hs", "invoice", "1"}, "hubspot", "1", "{}", 0});
        });
    }
    testing::TempDir dir_;
    sqlite::SqliteStore store_;
};

TEST_F(SqliteStoreTest, deduplicates_events_by_object_and_version) {
    store_.write([](StoreTransaction& t) {
        EXPECT_FALSE(t.add_event({0, {"hs", "invoice", "1"}, "hubspot", "1", "{\"again\":1}", 5}).has_value());
        const auto id = t.add_event({0, {"hs", "invoice", "1"}, "hubspot", "2", "{}", 5});
        ASSERT_TRUE(id.has_value());
        EXPECT_EQ(t.event(*id)->version, "2");
    });
}

TEST_F(SqliteStoreTest, an_idempotency_key_creates_one_job_however_often_it_is_added) {
    store_.write([](StoreTransaction& t) {
        const auto first = t.add_job(make_job("1", "k1"));
        const auto again = t.add_job(make_job("1", "k1"));
        EXPECT_EQ(first, again);
        EXPECT_EQ(t.job_counts().pending, 1);
    });
}

TEST_F(SqliteStoreTest, leases_only_the_oldest_unfinished_job_of_each_object) {
    store_.write([](StoreTransaction& t) {
        t.add_job(make_job("A", "a1"));
        t.add_job(make_job("A", "a2"));
        t.add_job(make_job("B", "b1"));
        t.add_job(make_job("C", "c1", "other"));
        const auto leased = t.lease_jobs("qbo", 10, 100, "w1", 1000, {});
        ASSERT_EQ(leased.size(), 2u);
        EXPECT_EQ(leased[0].idempotency_key, "a1");
        EXPECT_EQ(leased[1].idempotency_key, "b1");
        EXPECT_EQ(leased[0].attempts, 1);
        EXPECT_EQ(leased[0].first_attempt_at_ms, 100);
        EXPECT_EQ(leased[0].state, JobState::leased);
        // a2 stays behind a1 while a1 is leased
        EXPECT_TRUE(t.lease_jobs("qbo", 10, 100, "w2", 1000, {}).empty());

        Job done = leased[0];
        done.state = JobState::done;
        EXPECT_TRUE(t.update_leased_job(done, leased[0].lease_token));
        const auto next = t.lease_jobs("qbo", 10, 100, "w2", 1000, {});
        ASSERT_EQ(next.size(), 1u);
        EXPECT_EQ(next[0].idempotency_key, "a2");
    });
}

TEST_F(SqliteStoreTest, a_stale_lease_cannot_overwrite_a_newer_one) {
    store_.write([](StoreTransaction& t) {
        t.add_job(make_job("A", "a1"));
        const auto first = t.lease_jobs("qbo", 1, 0, "w1", 10, {}).at(0);
        EXPECT_EQ(t.release_leases("", true, 50), 1);  // expired: back to pending
        const auto second = t.lease_jobs("qbo", 1, 50, "w2", 100, {}).at(0);
        EXPECT_EQ(second.attempts, 2);
        Job stale = first;
        stale.state = JobState::done;
        EXPECT_FALSE(t.update_leased_job(stale, first.lease_token));
        Job current = second;
        current.state = JobState::done;
        EXPECT_TRUE(t.update_leased_job(current, second.lease_token));
    });
}

TEST_F(SqliteStoreTest, skips_paused_routes_and_jobs_not_yet_due) {
    store_.write([](StoreTransaction& t) {
        Job later = make_job("A", "a1");
        later.next_attempt_at_ms = 500;
        t.add_job(later);
        Job paused = make_job("B", "b1");
        paused.route = "stopped";
        t.add_job(paused);
        EXPECT_TRUE(t.lease_jobs("qbo", 10, 100, "w", 1000, {"stopped"}).empty());
        EXPECT_EQ(t.lease_jobs("qbo", 10, 600, "w", 1000, {"stopped"}).size(), 1u);
    });
}

TEST_F(SqliteStoreTest, waiting_jobs_wake_when_their_reference_is_linked) {
    store_.write([](StoreTransaction& t) {
        t.add_job(make_job("A", "a1"));
        Job j = t.lease_jobs("qbo", 1, 0, "w", 10, {}).at(0);
        const auto token = j.lease_token;
        j.state = JobState::waiting;
        j.waiting_for = "hs/customer/9";
        ASSERT_TRUE(t.update_leased_job(j, token));
        EXPECT_EQ(t.job_counts().waiting, 1);
        EXPECT_EQ(t.release_waiting("hs/customer/8", 5), 0);
        EXPECT_EQ(t.release_waiting("hs/customer/9", 5), 1);
        EXPECT_EQ(t.job(j.id)->state, JobState::pending);
    });
}

TEST_F(SqliteStoreTest, links_group_the_same_object_across_connections) {
    store_.write([](StoreTransaction& t) {
        t.put_link_member({"e1", {"hs", "customer", "9"}, "", "", 1});
        t.put_link_member({"e1", {"qbo", "customer", "58"}, "3", "fp", 1});
        const auto member = t.link_member({"hs", "customer", "9"});
        ASSERT_TRUE(member.has_value());
        const auto other = t.linked_member(member->entity_id, "qbo", "customer");
        ASSERT_TRUE(other.has_value());
        EXPECT_EQ(other->object.id, "58");
        EXPECT_EQ(other->last_written_version, "3");
        EXPECT_FALSE(t.linked_member("e1", "stripe", "customer").has_value());
    });
}

TEST_F(SqliteStoreTest, one_open_failure_per_job_updated_until_resolved) {
    store_.write([](StoreTransaction& t) {
        const auto job = t.add_job(make_job("A", "a1"));
        Failure f;
        f.job_id = job;
        f.route = "r";
        f.object = {"hs", "invoice", "A"};
        f.target_connection = "qbo";
        f.outcome_class = "data";
        f.reason = "first";
        f.attempts = 1;
        const auto id = t.put_failure(f);
        f.reason = "second";
        f.attempts = 2;
        EXPECT_EQ(t.put_failure(f), id);
        EXPECT_EQ(t.failure(id)->reason, "second");
        EXPECT_EQ(t.failures({}).size(), 1u);
        t.resolve_failure_of_job(job, 9);
        EXPECT_TRUE(t.failures({}).empty());
        EXPECT_EQ(t.failure(id)->state, FailureState::resolved);
    });
}

TEST_F(SqliteStoreTest, a_throwing_body_rolls_everything_back) {
    EXPECT_THROW(store_.write([](StoreTransaction& t) {
        t.set_cursor("hs", "invoice", "c1", 1);
        throw std::runtime_error("boom");
    }),
                 std::runtime_error);
    store_.read([](StoreTransaction& t) { EXPECT_FALSE(t.cursor("hs", "invoice").has_value()); });
}

TEST_F(SqliteStoreTest, keeps_state_pauses_and_timeline) {
    store_.write([](StoreTransaction& t) {
        t.put_state_value("qbo", "refresh_token", {"v1:abc", true, 3});
        t.set_pause({"connection", "qbo", "token revoked", 4});
        t.add_timeline({{"hs", "invoice", "1"}, 5, "routed", "r", 0, "to qbo.invoice"});
    });
    sqlite::SqliteStore reopened(dir_ / "ledgersync.db");
    reopened.read([](StoreTransaction& t) {
        EXPECT_EQ(t.state_value("qbo", "refresh_token")->value, "v1:abc");
        EXPECT_TRUE(t.state_value("qbo", "refresh_token")->secret);
        ASSERT_EQ(t.pauses().size(), 1u);
        EXPECT_EQ(t.pauses()[0].reason, "token revoked");
        const auto timeline = t.timeline({"hs", "invoice", "1"}, 10);
        ASSERT_EQ(timeline.size(), 2u);  // the receipt (from the events) and the routing
        EXPECT_EQ(timeline[0].event, "received");
        EXPECT_EQ(timeline[1].event, "routed");
    });
}

TEST_F(SqliteStoreTest, an_object_is_pending_while_a_job_for_it_is_to_run_then_shows_its_last_outcome) {
    store_.write([](StoreTransaction& t) {
        const ObjectKey invoice{"hs", "invoice", "A"};
        t.put_sync_status({invoice, "r", "qbo", SyncState::failed, "", "refused", 1, 5});
        EXPECT_EQ(t.sync_statuses(invoice).at(0).state, SyncState::failed);
        const auto job = t.add_job(make_job("A", "a2"));
        auto statuses = t.sync_statuses(invoice);
        ASSERT_EQ(statuses.size(), 1u);
        EXPECT_EQ(statuses[0].state, SyncState::pending);
        EXPECT_EQ(statuses[0].job_id, job);
        Job leased = t.lease_jobs("qbo", 1, 0, "w", 10, {}).at(0);
        leased.state = JobState::done;
        ASSERT_TRUE(t.update_leased_job(leased, leased.lease_token));
        t.put_sync_status({invoice, "r", "qbo", SyncState::synced, "58", "", job, 9});
        statuses = t.sync_statuses(invoice);
        EXPECT_EQ(statuses.at(0).state, SyncState::synced);
        EXPECT_EQ(statuses.at(0).target_id, "58");
    });
}

TEST_F(SqliteStoreTest, the_mirror_keeps_the_newest_copy_when_versions_arrive_out_of_order) {
    store_.write([](StoreTransaction& t) {
        const ObjectKey key{"hs", "invoice", "1"};
        EXPECT_TRUE(t.put_mirror({key, "hubspot", "2", "2026-11-26T10:00:00Z", 1, "", 1, false}));
        EXPECT_FALSE(t.put_mirror({key, "hubspot", "1", "2026-11-26T09:00:00Z", 1, "", 2, false}));  // older
        EXPECT_TRUE(t.put_mirror({key, "hubspot", "3", "2026-11-26T11:00:00Z", 1, "", 3, false}));
        EXPECT_EQ(t.mirror(key)->version, "3");
        EXPECT_EQ(t.mirror(key)->record_json, "{}");  // the event's text
    });
}

TEST_F(SqliteStoreTest, the_stale_check_compares_updated_at_as_instants_not_as_text) {
    store_.write([](StoreTransaction& t) {
        const ObjectKey key{"hs", "invoice", "1"};
        EXPECT_TRUE(t.put_mirror({key, "hubspot", "1", "2026-01-01T00:00:00Z", 1, "", 1, false}));
        // Half a second later, though it sorts before as text ('.' < 'Z'): newer, so it wins.
        EXPECT_TRUE(t.put_mirror({key, "hubspot", "2", "2026-01-01T00:00:00.5Z", 1, "", 2, false}));
        EXPECT_EQ(t.mirror(key)->version, "2");
        // The same instant as "00:00:00Z" written at +01:00: older than 00:00:00.5Z, so stale.
        EXPECT_FALSE(t.put_mirror({key, "hubspot", "3", "2026-01-01T01:00:00+01:00", 1, "", 3, false}));
        // Later as an instant although it sorts before as text.
        EXPECT_TRUE(t.put_mirror({key, "hubspot", "4", "2025-12-31T19:00:01-05:00", 1, "", 4, false}));
        EXPECT_EQ(t.mirror(key)->version, "4");
    });
}

TEST(SqliteStoreMigrationTest, refuses_a_database_from_a_newer_ledgersync) {
    testing::TempDir dir;
    { sqlite::SqliteStore store(dir / "db.sqlite"); }
    {
        Poco::Data::Session session("SQLite", (dir / "db.sqlite").string());
        session << "INSERT INTO schema_migrations VALUES (999, 'from the future', 0)", Poco::Data::Keywords::now;
    }
    try {
        sqlite::SqliteStore store(dir / "db.sqlite");
        FAIL() << "a newer schema was accepted";
    } catch (const StoreError& e) {
        EXPECT_THAT(e.what(), HasSubstr("has schema version 999 but this ledgersync knows versions up to " +
                                        std::to_string(sqlite::latest_schema_version())));
    }
}

TEST(SqliteStoreMigrationTest, applies_migrations_once) {
    testing::TempDir dir;
    { sqlite::SqliteStore store(dir / "db.sqlite"); }
    sqlite::SqliteStore again(dir / "db.sqlite");
    EXPECT_EQ(again.schema_version(), sqlite::latest_schema_version());
}

}  // namespace
}  // namespace ledgersync::store
