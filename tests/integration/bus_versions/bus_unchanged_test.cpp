// A new version of an object whose mapped content a route already carried is not written again
// (docs/bus.md, "Unchanged content is not written again"), and a retried failure of a superseded version settles or
// moves to the newest version. The host runs in this process with the ledger test connectors,
// on each store engine.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "bus/operator_actions.hpp"
#include "bus_scenario.hpp"
#include "scratch_store.hpp"

namespace ledgersync {
namespace {

using ::testing::HasSubstr;
using nlohmann::json;
using testing::BusScenario;
using testing::envelope;

const store::ObjectKey kInvoice{"src", "invoice", "I1"};

json invoice(const std::string& changed_at, const std::string& memo = "invoice N1") {
    json body = testing::canonical_invoice("N1");
    body["updated_at"] = changed_at;
    body["memo"] = memo;
    return body;
}

class BusUnchangedTest : public ::testing::TestWithParam<testing::StoreEngine> {
protected:
    BusUnchangedTest() {
        s_.add_ledger("src");
        s_.add_ledger("dst");
        s_.add_route({{"name", "invoices"}, {"from", "src.invoice"}, {"to", "dst.invoice"}});
        s_.config()["store"] = database_.store_config();
    }

    std::vector<store::TimelineEntry> entries(const std::string& event) {
        std::vector<store::TimelineEntry> found;
        for (auto& t : s_.timeline(kInvoice)) {
            if (t.event == event) found.push_back(std::move(t));
        }
        return found;
    }
    std::int64_t jobs() {
        const auto c = s_.job_counts();
        return c.pending + c.leased + c.waiting + c.done + c.failed + c.dismissed;
    }

    testing::ScratchDatabase database_{GetParam()};
    BusScenario s_;
};

TEST_P(BusUnchangedTest, a_version_whose_mapped_content_the_route_carried_makes_no_job_and_a_changed_one_does) {
    s_.append("src", {envelope("invoice", "I1", "v1", invoice("2026-11-20T10:00:00Z"))});
    s_.start();
    ASSERT_TRUE(BusScenario::eventually([&] { return s_.applied("dst").size() == 1u && s_.deliveries_settled(); }))
        << s_.log();

    // Only the version and the change time differ, as when the source's own bookkeeping touches it.
    s_.append("src", {envelope("invoice", "I1", "v2", invoice("2026-11-20T11:00:00Z"))});
    ASSERT_TRUE(BusScenario::eventually([&] { return !entries("unchanged").empty(); })) << s_.log();
    const auto unchanged = entries("unchanged");
    ASSERT_EQ(unchanged.size(), 1u);
    EXPECT_EQ(unchanged[0].route, "invoices");
    EXPECT_THAT(unchanged[0].detail, HasSubstr("version v2 maps to what the route last wrote (from version v1)"));
    EXPECT_EQ(jobs(), 1);
    // Counted after the commit that recorded it.
    EXPECT_TRUE(BusScenario::eventually([&] {
        return s_.runtime().metrics().value("ledgersync_records_unchanged_total", {{"route", "invoices"}}) == 1;
    }));

    // A change of content is carried.
    s_.append("src", {envelope("invoice", "I1", "v3", invoice("2026-11-20T12:00:00Z", "corrected memo"))});
    ASSERT_TRUE(BusScenario::eventually([&] { return s_.applied("dst").size() == 2u && s_.deliveries_settled(); }))
        << s_.log();
    EXPECT_EQ(s_.applied("dst").back()["source_version"], "v3");
    EXPECT_EQ(jobs(), 2);
    // Back to content the route wrote before (not the last it wrote): carried again.
    s_.append("src", {envelope("invoice", "I1", "v4", invoice("2026-11-20T13:00:00Z"))});
    ASSERT_TRUE(BusScenario::eventually([&] { return s_.applied("dst").size() == 3u && s_.deliveries_settled(); }))
        << s_.log();
    EXPECT_EQ(entries("unchanged").size(), 1u);
    for (const auto& receipt : s_.applied("dst")) EXPECT_NE(receipt["source_version"], "v2");
}

class BusUnchangedFailureTest : public BusUnchangedTest {
protected:
    // The ledger refuses invoices with terms until the file "fixed" exists.
    BusUnchangedFailureTest() {
        json& config = s_.config()["connections"]["dst"]["config"];
        config["reject_field"] = "terms";
        config["accept_rejected_when_file_exists"] = s_.path("fixed").string();
    }
};

TEST_P(BusUnchangedFailureTest, a_version_with_the_content_of_a_failed_write_waits_on_that_failure) {
    json refused = invoice("2026-11-20T10:00:00Z");
    refused["terms"] = "Net 30";  // valid, but the ledger refuses it
    s_.append("src", {envelope("invoice", "I1", "v1", refused)});
    s_.start();
    ASSERT_TRUE(BusScenario::eventually([&] { return s_.failures().size() == 1u; })) << s_.log();
    refused["updated_at"] = "2026-11-20T11:00:00Z";
    s_.append("src", {envelope("invoice", "I1", "v2", refused)});
    ASSERT_TRUE(BusScenario::eventually([&] { return !entries("unchanged").empty(); })) << s_.log();
    const auto failures = s_.failures();
    ASSERT_EQ(failures.size(), 1u);
    EXPECT_EQ(entries("unchanged")[0].job_id, failures[0].job_id);
    EXPECT_THAT(entries("unchanged")[0].detail, HasSubstr("failed; no new job: retry or dismiss that failure"));
    EXPECT_EQ(jobs(), 1);
    EXPECT_TRUE(s_.applied("dst").empty());
}

TEST_P(BusUnchangedFailureTest, a_retried_failure_of_a_version_superseded_by_a_written_one_settles_without_a_write) {
    json refused = invoice("2026-11-20T10:00:00Z");
    refused["terms"] = "Net 30";
    s_.append("src", {envelope("invoice", "I1", "v1", refused)});
    s_.start();
    ASSERT_TRUE(BusScenario::eventually([&] { return s_.failures().size() == 1u; })) << s_.log();
    // Fixed at the source: the next version is written.
    s_.append("src", {envelope("invoice", "I1", "v2", invoice("2026-11-20T11:00:00Z"))});
    ASSERT_TRUE(BusScenario::eventually([&] { return s_.applied("dst").size() == 1u && s_.deliveries_settled(); }))
        << s_.log();

    bus::OperatorActions actions(s_.store(), s_.clock());
    const auto failure = s_.failures().at(0);
    ASSERT_TRUE(actions.retry(failure.id));
    const auto superseded = entries("superseded");
    ASSERT_EQ(superseded.size(), 1u);
    EXPECT_THAT(superseded[0].detail, HasSubstr("version v2 was already written by the route"));
    EXPECT_TRUE(s_.failures().empty());
    EXPECT_EQ(s_.failures(store::FailureState::resolved).size(), 1u);
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    EXPECT_EQ(s_.applied("dst").size(), 1u);
    std::vector<store::SyncStatus> status;
    s_.store().read([&](store::StoreTransaction& tx) { status = tx.sync_statuses(kInvoice); });
    ASSERT_EQ(status.size(), 1u);
    EXPECT_EQ(status[0].state, store::SyncState::synced);
}

TEST_P(BusUnchangedFailureTest, a_retried_failure_of_a_version_superseded_by_an_unwritten_one_writes_the_newest) {
    json refused = invoice("2026-11-20T10:00:00Z");
    refused["terms"] = "Net 30";
    s_.append("src", {envelope("invoice", "I1", "v1", refused)});
    s_.start();
    ASSERT_TRUE(BusScenario::eventually([&] { return s_.failures().size() == 1u; })) << s_.log();
    // The same content again: it waits on the failure, so the newest version was never written.
    refused["updated_at"] = "2026-11-20T11:00:00Z";
    s_.append("src", {envelope("invoice", "I1", "v2", refused)});
    ASSERT_TRUE(BusScenario::eventually([&] { return !entries("unchanged").empty(); })) << s_.log();

    // The ledger is fixed to accept it; the retry writes the newest version.
    testing::write_file(s_.path("fixed"), "accepted now");
    bus::OperatorActions actions(s_.store(), s_.clock());
    ASSERT_TRUE(actions.retry(s_.failures().at(0).id));
    ASSERT_TRUE(BusScenario::eventually([&] { return s_.applied("dst").size() == 1u && s_.deliveries_settled(); }))
        << s_.log();
    EXPECT_EQ(s_.applied("dst")[0]["source_version"], "v2");
    const auto retried = entries("retried");
    ASSERT_EQ(retried.size(), 1u);
    EXPECT_THAT(retried[0].detail, HasSubstr("retried by an operator with the newest version v2"));
}

const auto kEngines = ::testing::Values(testing::StoreEngine::sqlite, testing::StoreEngine::postgresql);
const auto kEngineName = [](const auto& engine) { return testing::to_string(engine.param); };
INSTANTIATE_TEST_SUITE_P(Engines, BusUnchangedTest, kEngines, kEngineName);
INSTANTIATE_TEST_SUITE_P(Engines, BusUnchangedFailureTest, kEngines, kEngineName);

}  // namespace
}  // namespace ledgersync
