// Connection leases and host heartbeats (schema 11) on both engines: acquisition, renewal,
// expiry and takeover, fencing of a superseded holder, and the recovery of the job leases of a
// host gone silent (docs/bus.md "Several hosts").
#include <gtest/gtest.h>

#include "scratch_store.hpp"

namespace ledgersync::store {
namespace {

class ConnectionLeaseTest : public ::testing::TestWithParam<testing::StoreEngine> {
protected:
    std::optional<ConnectionLease> acquire(const std::string& connection, const std::string& holder, std::int64_t now,
                                           std::int64_t until, bool take_over = false) {
        std::optional<ConnectionLease> lease;
        store_.write([&](StoreTransaction& t) { lease = t.acquire_connection_lease(connection, holder, now, until, take_over); });
        return lease;
    }
    bool holds(const std::string& connection, const std::string& holder, std::int64_t token) {
        bool held = false;
        store_.read([&](StoreTransaction& t) { held = t.holds_connection_lease(connection, holder, token); });
        return held;
    }

    testing::ScratchDatabase database_{GetParam()};
    std::unique_ptr<Store> opened_ = database_.open();
    Store& store_ = *opened_;
};

TEST_P(ConnectionLeaseTest, a_free_lease_is_taken_with_a_token_and_a_held_one_is_refused_until_it_expires) {
    const auto a = acquire("qbo", "host-a", 1000, 2000);
    ASSERT_TRUE(a.has_value());
    EXPECT_EQ(a->holder, "host-a");
    EXPECT_EQ(a->token, 1);
    EXPECT_EQ(a->expires_at_ms, 2000);
    EXPECT_FALSE(acquire("qbo", "host-b", 1500, 2500).has_value()) << "taken from a live holder";
    EXPECT_TRUE(holds("qbo", "host-a", a->token));

    const auto b = acquire("qbo", "host-b", 2001, 3000);  // host-a did not renew in time
    ASSERT_TRUE(b.has_value());
    EXPECT_EQ(b->holder, "host-b");
    EXPECT_GT(b->token, a->token);
    EXPECT_FALSE(holds("qbo", "host-a", a->token)) << "the superseded holder still passes the fencing check";
    EXPECT_TRUE(holds("qbo", "host-b", b->token));
}

TEST_P(ConnectionLeaseTest, renewal_keeps_the_token_and_fails_once_another_host_took_the_lease) {
    const auto a = acquire("qbo", "host-a", 1000, 2000);
    ASSERT_TRUE(a.has_value());
    store_.write([&](StoreTransaction& t) { EXPECT_TRUE(t.renew_connection_lease("qbo", "host-a", a->token, 4000)); });
    EXPECT_FALSE(acquire("qbo", "host-b", 3000, 5000).has_value()) << "the renewal did not extend the lease";
    const auto b = acquire("qbo", "host-b", 4001, 6000);
    ASSERT_TRUE(b.has_value());
    store_.write([&](StoreTransaction& t) {
        EXPECT_FALSE(t.renew_connection_lease("qbo", "host-a", a->token, 7000)) << "a superseded lease was renewed";
        t.release_connection_lease("qbo", "host-a", a->token);  // too late: changes nothing
    });
    std::vector<ConnectionLease> leases;
    store_.read([&](StoreTransaction& t) { leases = t.connection_leases(); });
    ASSERT_EQ(leases.size(), 1u);
    EXPECT_EQ(leases[0].holder, "host-b");
    EXPECT_EQ(leases[0].token, b->token);
    EXPECT_EQ(leases[0].expires_at_ms, 6000);
}

TEST_P(ConnectionLeaseTest, a_released_lease_is_free_at_once_and_the_next_token_is_higher) {
    const auto a = acquire("qbo", "host-a", 1000, 60'000);
    ASSERT_TRUE(a.has_value());
    store_.write([&](StoreTransaction& t) { t.release_connection_lease("qbo", "host-a", a->token); });
    const auto b = acquire("qbo", "host-b", 1001, 60'000);
    ASSERT_TRUE(b.has_value());
    EXPECT_GT(b->token, a->token);
}

TEST_P(ConnectionLeaseTest, a_restarted_host_takes_its_own_lease_back_with_a_new_token_and_a_sole_host_takes_any) {
    const auto first = acquire("qbo", "host-a", 1000, 60'000);
    const auto again = acquire("qbo", "host-a", 2000, 60'000);  // its previous instance died
    ASSERT_TRUE(first && again);
    EXPECT_GT(again->token, first->token);
    EXPECT_FALSE(holds("qbo", "host-a", first->token)) << "the previous instance could still commit";
    const auto sole = acquire("qbo", "host-s", 3000, 60'000, true);
    ASSERT_TRUE(sole.has_value());
    EXPECT_EQ(sole->holder, "host-s");
}

TEST_P(ConnectionLeaseTest, heartbeats_tell_live_hosts_and_a_gone_hosts_jobs_return_to_pending_in_doubt) {
    store_.write([](StoreTransaction& t) {
        t.beat_host({"host-a", "a pid 1", 0, 1000});
        t.beat_host({"host-b", "b pid 2", 0, 9000});
        t.beat_host({"host-a", "a pid 1", 0, 2000});  // a second beat replaces the first
        for (const auto& [id, owner] : {std::pair{"1", "host-a"}, std::pair{"2", "host-b"}}) {
            Job j;
            j.route = "r";
            j.source = {"hs", "invoice", id};
            j.source_version = "1";
            j.target_connection = "qbo";
            j.target_type = "invoice";
            j.object_key = std::string("qbo|") + id;
            j.idempotency_key = std::string("k") + id;
            j.operation = "upsert";
            j.payload_json = "{}";
            t.add_job(j);
            ASSERT_EQ(t.lease_jobs("qbo", 1, 0, owner, 100'000, {}).size(), 1u);
        }
    });
    std::int64_t released = 0;
    std::vector<HostEntry> hosts;
    store_.write([&](StoreTransaction& t) {
        released = t.release_leases_of_gone_hosts(5000);  // host-a last beat at 2000
        hosts = t.hosts();
    });
    EXPECT_EQ(released, 1);
    ASSERT_EQ(hosts.size(), 2u);
    EXPECT_EQ(hosts[0].host_id, "host-a");
    EXPECT_EQ(hosts[0].heartbeat_at_ms, 2000);
    store_.read([](StoreTransaction& t) {
        const auto gone = t.job_by_idempotency_key("k1");
        const auto live = t.job_by_idempotency_key("k2");
        ASSERT_TRUE(gone && live);
        EXPECT_EQ(gone->state, JobState::pending);
        EXPECT_TRUE(gone->in_doubt);
        EXPECT_EQ(live->state, JobState::leased) << "a live host's job was taken from it";
    });
    store_.write([&](StoreTransaction& t) {
        EXPECT_EQ(t.forget_hosts("", 5000), 1);  // host-a, silent since 2000
        EXPECT_EQ(t.forget_hosts("host-b", 0), 1);
        EXPECT_TRUE(t.hosts().empty());
    });
}

INSTANTIATE_TEST_SUITE_P(Engines, ConnectionLeaseTest,
                         ::testing::Values(testing::StoreEngine::sqlite, testing::StoreEngine::postgresql),
                         [](const auto& engine) { return testing::to_string(engine.param); });

}  // namespace
}  // namespace ledgersync::store
