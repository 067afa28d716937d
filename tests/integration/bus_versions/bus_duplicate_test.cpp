// One payment, two invoices: an invoice whose payment was made through another invoice (an
// automation made it for a payment that invoice already bills) is never created in the target;
// the refusal is recorded with its reason and how to override it, and an invoice already in the
// target is updated as usual (docs/bus.md, "Duplicates"). The host runs in this process with the
// ledger test connectors, on each store engine.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <thread>

#include "bus_scenario.hpp"
#include "scratch_store.hpp"

namespace ledgersync {
namespace {

using ::testing::HasSubstr;
using nlohmann::json;
using testing::BusScenario;
using testing::envelope;

const store::ObjectKey kPaid{"src", "invoice", "I1"};
const store::ObjectKey kDuplicate{"src", "invoice", "I2"};

/// A paid invoice whose payment `payment` was made through invoice `through` ("" for no payment).
json invoice(const std::string& number, const std::string& payment, const std::string& through,
             const std::string& changed_at = "2026-11-20T10:00:00Z") {
    json body = testing::canonical_invoice(number);
    body["updated_at"] = changed_at;
    if (payment.empty()) return body;
    body["status"] = "paid";
    body["totals"]["amount_paid"] = "100.00";
    body["totals"]["balance_due"] = "0.00";
    body["payments"] = json::array({{{"payment", payment}, {"made_through", "invoice"}, {"source_invoice", through}}});
    return body;
}

class BusDuplicateTest : public ::testing::TestWithParam<testing::StoreEngine> {
protected:
    BusDuplicateTest() {
        s_.add_ledger("src");
        s_.add_ledger("dst", {{"transient_while_file_exists", s_.path("dst-down").string()}});
        // A write that failed waits a minute for its next attempt: long enough for a test to
        // route the next version meanwhile.
        s_.add_route({{"name", "out"},
                      {"from", "src.invoice"},
                      {"to", "dst.invoice"},
                      {"retry", {{"base_delay_ms", 60000}, {"max_delay_ms", 60000}}}});
        s_.config()["store"] = database_.store_config();
    }

    std::vector<store::TimelineEntry> entries(const store::ObjectKey& object, const std::string& event) {
        std::vector<store::TimelineEntry> found;
        for (auto& t : s_.timeline(object)) {
            if (t.event == event) found.push_back(std::move(t));
        }
        return found;
    }
    std::optional<store::SyncStatus> status(const store::ObjectKey& object) {
        std::vector<store::SyncStatus> all;
        s_.store().read([&](store::StoreTransaction& tx) { all = tx.sync_statuses(object); });
        if (all.empty()) return std::nullopt;
        return all.front();
    }
    std::size_t written(const std::string& source_id) {
        std::size_t n = 0;
        for (const auto& r : s_.applied("dst")) n += r["record"]["identity"]["id"] == source_id ? 1 : 0;
        return n;
    }
    std::int64_t refused() {
        return s_.runtime().metrics().value("ledgersync_duplicates_refused_total", {{"route", "out"}});
    }

    testing::ScratchDatabase database_{GetParam()};
    BusScenario s_;
};

TEST_P(BusDuplicateTest, an_invoice_paid_through_another_invoice_is_not_created_and_the_refusal_says_why) {
    // I1 was paid through itself (a buyer paid it): synced as usual.
    s_.append("src", {envelope("invoice", "I1", "v1", invoice("N1", "P1", "I1"))});
    s_.start();
    ASSERT_TRUE(BusScenario::eventually([&] { return s_.applied("dst").size() == 1u && s_.deliveries_settled(); }))
        << s_.log();
    EXPECT_TRUE(entries(kPaid, "duplicate_refused").empty());

    // An automation made I2 for the same payment: refused, and nothing is written.
    s_.append("src", {envelope("invoice", "I2", "v1", invoice("N2", "P1", "I1"))});
    ASSERT_TRUE(BusScenario::eventually([&] { return !entries(kDuplicate, "duplicate_refused").empty(); })) << s_.log();
    const auto refusal = entries(kDuplicate, "duplicate_refused");
    ASSERT_EQ(refusal.size(), 1u);
    EXPECT_EQ(refusal[0].route, "out");
    EXPECT_THAT(refusal[0].detail, HasSubstr("version v1 not created in dst: payment P1 of this invoice was made through "
                                             "invoice I1 (src/invoice/I1, synced to dst as invoice dst-invoice-I1)"));
    EXPECT_THAT(refusal[0].detail, HasSubstr("remove payment P1 from this invoice in ledger"));
    const auto refused_status = status(kDuplicate);
    ASSERT_TRUE(refused_status);
    EXPECT_EQ(refused_status->state, store::SyncState::refused);
    EXPECT_EQ(refused_status->target_connection, "dst");
    EXPECT_EQ(refused_status->reason, refusal[0].detail.substr(std::string("version v1 ").size()));
    EXPECT_TRUE(BusScenario::eventually([&] { return refused() == 1; })) << "counted after the commit";
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    EXPECT_EQ(written("I2"), 0u);
    EXPECT_EQ(s_.job_counts().pending + s_.job_counts().waiting, 0);
    EXPECT_TRUE(s_.failures().empty()) << "a refusal is a decision, not a failure";

    // The override: the payment is taken off I2 (it really is a separate sale); its next change is routed.
    s_.append("src", {envelope("invoice", "I2", "v2", invoice("N2", "", "", "2026-11-20T11:00:00Z"))});
    ASSERT_TRUE(BusScenario::eventually([&] { return written("I2") == 1u && s_.deliveries_settled(); })) << s_.log();
    EXPECT_EQ(status(kDuplicate)->state, store::SyncState::synced);
    EXPECT_EQ(refused(), 1);
}

TEST_P(BusDuplicateTest, an_invoice_already_in_the_target_is_updated_whatever_its_payments) {
    s_.append("src", {envelope("invoice", "I2", "v1", invoice("N2", "", ""))});
    s_.start();
    ASSERT_TRUE(BusScenario::eventually([&] { return written("I2") == 1u && s_.deliveries_settled(); })) << s_.log();
    // Only the creation of a counterpart is refused.
    s_.append("src", {envelope("invoice", "I2", "v2", invoice("N2", "P1", "I1", "2026-11-20T11:00:00Z"))});
    ASSERT_TRUE(BusScenario::eventually([&] { return written("I2") == 2u && s_.deliveries_settled(); })) << s_.log();
    EXPECT_TRUE(entries(kDuplicate, "duplicate_refused").empty());
    EXPECT_EQ(status(kDuplicate)->state, store::SyncState::synced);
    EXPECT_EQ(refused(), 0);
}

TEST_P(BusDuplicateTest, an_earlier_version_not_yet_written_is_settled_with_the_refused_one) {
    // The target is down: I2's first version (made open, before the automation linked the
    // payment) waits for its next attempt.
    std::ofstream(s_.path("dst-down")) << "down";
    s_.append("src", {envelope("invoice", "I2", "v1", invoice("N2", "", ""))});
    s_.start();
    ASSERT_TRUE(BusScenario::eventually([&] { return !entries(kDuplicate, "retry_scheduled").empty(); })) << s_.log();
    s_.append("src", {envelope("invoice", "I2", "v2", invoice("N2", "P1", "I1", "2026-11-20T11:00:00Z"))});
    ASSERT_TRUE(BusScenario::eventually([&] { return !entries(kDuplicate, "duplicate_refused").empty(); })) << s_.log();
    const auto superseded = entries(kDuplicate, "superseded");
    ASSERT_EQ(superseded.size(), 1u);
    EXPECT_THAT(superseded[0].detail, HasSubstr("version v1 is not written: version v2 is refused as a duplicate"));
    EXPECT_THAT(entries(kDuplicate, "duplicate_refused")[0].detail, HasSubstr("(src/invoice/I1, not read by ledgersync yet)"));
    // The target comes back: nothing of I2 is written.
    std::filesystem::remove(s_.path("dst-down"));
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    EXPECT_EQ(written("I2"), 0u);
    const auto counts = s_.job_counts();
    EXPECT_EQ(counts.pending + counts.leased + counts.waiting + counts.failed, 0);
    EXPECT_EQ(status(kDuplicate)->state, store::SyncState::refused);
}

INSTANTIATE_TEST_SUITE_P(Engines, BusDuplicateTest,
                         ::testing::Values(testing::StoreEngine::sqlite, testing::StoreEngine::postgresql),
                         [](const auto& engine) { return testing::to_string(engine.param); });

}  // namespace
}  // namespace ledgersync
