// ConnectionLeases in one process, on a scratch store: fair shares as hosts come and go, and
// fencing, a page read under a lease another host took meanwhile commits nothing, cursor
// included (the three-process run with kills is MultiHostTest).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "bus/connection_leases.hpp"
#include "bus/ingestor.hpp"
#include "scratch_store.hpp"

namespace ledgersync::bus {
namespace {

class ConnectionLeasesTest : public ::testing::Test {
protected:
    ConnectionLeases& host(const std::string& id) {
        hosts_.push_back(std::make_unique<ConnectionLeases>(context_, std::vector<std::string>{"c1", "c2", "c3", "c4"},
                                                            ConnectionLeaseOptions{id, 60'000, false}));
        return *hosts_.back();
    }

    testing::ScratchDatabase database_{testing::StoreEngine::sqlite};
    std::unique_ptr<store::Store> store_ = database_.open();
    std::vector<RouteRuntime> routes_;
    services::SystemClock clock_;
    services::MetricsRegistry metrics_;
    std::ostringstream log_;
    services::Logger logger_{log_};
    BusContext context_{*store_, routes_, clock_, metrics_, logger_};
    std::vector<std::unique_ptr<ConnectionLeases>> hosts_;
};

TEST_F(ConnectionLeasesTest, a_host_takes_at_most_its_fair_share_and_hands_the_surplus_to_a_new_host) {
    ConnectionLeases& a = host("host-a");
    a.start();
    EXPECT_EQ(a.held().size(), 4u) << "alone, a host runs every connection";
    ConnectionLeases& b = host("host-b");
    b.start();
    EXPECT_TRUE(b.held().empty()) << "b took leases a holds and keeps renewing";
    a.keep();  // two live hosts: a keeps two and releases the two it has held longest
    b.keep();
    EXPECT_EQ(a.held().size(), 2u);
    EXPECT_EQ(b.held().size(), 2u);
    b.stop();  // released at once: a takes them at its next round
    a.keep();
    EXPECT_EQ(a.held().size(), 4u);
}

TEST_F(ConnectionLeasesTest, a_page_read_under_a_lease_another_host_took_commits_nothing) {
    ConnectionLeases& a = host("host-a");
    a.start();
    const auto token = a.token("c1");
    ASSERT_TRUE(token.has_value());
    Ingestor ingestor(context_);
    const store::Store::Body fence = [&](store::StoreTransaction& tx) { a.check(tx, "c1", *token); };
    const auto page_of = [](const std::string& id) {
        sdk::Record record;
        record.identity = {"ledger", "c1", "invoice", id};
        record.version = "v1";
        record.schema = "ledgersync.invoice";
        record.body = {{"number", id}};
        return std::vector<sdk::Record>{record};
    };
    // Whatever the bus makes of the record (a mirror entry, or a read failure when it is not a
    // valid invoice), something of it is stored.
    const auto stored = [&](const std::string& id) {
        bool found = false;
        store::FailureFilter all;
        all.state.reset();
        store_->read([&](store::StoreTransaction& tx) {
            found = tx.mirror({"c1", "invoice", id}).has_value();
            for (const auto& f : tx.failures(all)) found = found || f.object.id == id;
        });
        return found;
    };
    const auto cursor = [&] {
        std::optional<std::string> at;
        store_->read([&](store::StoreTransaction& tx) { at = tx.cursor("c1", "invoice"); });
        return at;
    };

    ingestor.ingest_page("c1", "ledger", "invoice", page_of("I1"), std::string("page-1"), {}, fence);
    EXPECT_TRUE(stored("I1"));
    EXPECT_EQ(cursor(), "page-1");

    // Host a hangs past the timeout; host b takes the lease over.
    const std::int64_t now = clock_.now_ms();
    store_->write([&](store::StoreTransaction& tx) { ASSERT_TRUE(tx.acquire_connection_lease("c1", "host-b", now, now + 60'000, true)); });
    EXPECT_THROW(ingestor.ingest_page("c1", "ledger", "invoice", page_of("I2"), std::string("page-2"), {}, fence), LeaseLost);
    EXPECT_FALSE(stored("I2")) << "a record was stored under a lost lease";
    EXPECT_EQ(cursor(), "page-1") << "the cursor moved under a lost lease";

    a.keep();  // its renewal fails: a stops running c1
    EXPECT_FALSE(a.token("c1").has_value());
    EXPECT_THAT(log_.str(), ::testing::HasSubstr("lost the lease of c1"));
}

}  // namespace
}  // namespace ledgersync::bus
