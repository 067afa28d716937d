// Records that cannot get through are failures, never dropped: an object its connector cannot
// translate, a record that is not a valid canonical record (from a read, a webhook or a
// mapper), and a write the target made but disputes. Each is visible in the failures list,
// with the JSON path of a bad field, and a retry after the fix lands it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "bus/operator_actions.hpp"
#include "bus_scenario.hpp"
#include "http_request.hpp"

namespace ledgersync {
namespace {

using ::testing::HasSubstr;
using nlohmann::json;
using testing::BusScenario;
using testing::canonical_invoice;
using testing::envelope;
using testing::untranslatable;

bool has_event(const std::vector<store::TimelineEntry>& timeline, const std::string& event) {
    return std::any_of(timeline.begin(), timeline.end(), [&](const auto& t) { return t.event == event; });
}

class ReadFailureTest : public ::testing::Test {
protected:
    void SetUp() override {
        s_.add_ledger("dst");
        s_.add_route({{"name", "invoices"}, {"from", "src.invoice"}, {"to", "dst.invoice"}});
    }
    void add_source(json extra = json::object()) {
        extra["objects_by_id"] = objects_by_id();
        s_.add_ledger("src", extra);
    }
    std::string objects_by_id() const { return s_.path("src.objects.jsonl").string(); }
    /// The object as the source system has it now: what a read by id returns.
    void fix_at_source(const json& line) const {
        std::ofstream out(objects_by_id(), std::ios::app);
        out << line.dump() << "\n";
    }
    store::Failure only_failure() {
        const auto failures = s_.failures();
        EXPECT_EQ(failures.size(), 1u);
        return failures.empty() ? store::Failure{} : failures[0];
    }

    BusScenario s_;
    const services::SystemClock clock_;
};

TEST_F(ReadFailureTest, an_object_its_connector_cannot_translate_is_a_failure_and_a_retry_reads_it_again) {
    add_source();
    s_.append("src", {envelope("invoice", "I1", "1", canonical_invoice("N1")),
                      untranslatable("invoice", "I2", "line 2: DetailType \"GroupLineDetail\" has no canonical form",
                                     {{"Id", "I2"}, {"DocNumber", "N2"}}),
                      envelope("invoice", "I3", "1", canonical_invoice("N3"))});
    s_.start();
    // The cursor moved past it: the records around it are written...
    ASSERT_TRUE(BusScenario::eventually([&] { return s_.applied("dst").size() == 2; }));
    // ...and it is a failure an operator sees, of the read stage, with what the connector said.
    ASSERT_TRUE(BusScenario::eventually([&] { return s_.failures().size() == 1; }));
    const store::Failure f = only_failure();
    EXPECT_EQ(f.object.str(), "src/invoice/I2");
    EXPECT_EQ(f.stage, store::FailureStage::read);
    EXPECT_EQ(f.outcome_class, "data");
    EXPECT_EQ(f.job_id, 0);
    EXPECT_THAT(f.reason, HasSubstr("src could not translate invoice I2: line 2: DetailType \"GroupLineDetail\""));
    EXPECT_FALSE(f.fix_hint.empty());
    EXPECT_EQ(json::parse(f.payload_json)["raw"]["DocNumber"], "N2");
    EXPECT_TRUE(has_event(s_.timeline(f.object), "read_failed"));

    // Fixed at the source; the retry reads it again by id, and this time it is written.
    fix_at_source(envelope("invoice", "I2", "2", canonical_invoice("N2")));
    bus::OperatorActions actions(s_.store(), clock_);
    ASSERT_TRUE(actions.retry(f.id));
    ASSERT_TRUE(BusScenario::eventually([&] { return s_.applied("dst").size() == 3; })) << s_.log();
    EXPECT_EQ(s_.applied("dst")[2]["source_id"], "I2");
    ASSERT_TRUE(BusScenario::eventually([&] { return s_.failures(store::FailureState::resolved).size() == 1; }));
    EXPECT_TRUE(s_.failures().empty());
    EXPECT_TRUE(has_event(s_.timeline(f.object), "read_resolved"));
}

TEST_F(ReadFailureTest, a_retried_object_that_still_cannot_be_translated_is_open_again_with_one_more_attempt) {
    add_source();
    s_.append("src", {untranslatable("invoice", "I9", "no TxnDate")});
    s_.start();
    ASSERT_TRUE(BusScenario::eventually([&] { return s_.failures().size() == 1; }));
    const store::Failure f = only_failure();
    EXPECT_EQ(f.attempts, 1);
    fix_at_source(untranslatable("invoice", "I9", "still no TxnDate"));
    bus::OperatorActions actions(s_.store(), clock_);
    ASSERT_TRUE(actions.retry(f.id));
    ASSERT_TRUE(BusScenario::eventually([&] {
        const auto open = s_.failures();
        return open.size() == 1 && open[0].attempts == 2;
    }));
    const store::Failure again = only_failure();
    EXPECT_EQ(again.id, f.id);
    EXPECT_THAT(again.reason, HasSubstr("still no TxnDate"));
    EXPECT_TRUE(s_.applied("dst").empty());
}

TEST_F(ReadFailureTest, a_connector_that_cannot_read_by_id_keeps_the_failure_open_and_says_why) {
    add_source({{"reads_by_id", false}});
    s_.append("src", {untranslatable("invoice", "I5", "unreadable")});
    s_.start();
    ASSERT_TRUE(BusScenario::eventually([&] { return s_.failures().size() == 1; }));
    const store::Failure f = only_failure();
    bus::OperatorActions actions(s_.store(), clock_);
    ASSERT_TRUE(actions.retry(f.id));
    ASSERT_TRUE(BusScenario::eventually([&] { return has_event(s_.timeline(f.object), "retry_failed"); }));
    ASSERT_TRUE(BusScenario::eventually([&] { return s_.failures().size() == 1; }));
    EXPECT_EQ(only_failure().id, f.id);
    const auto timeline = s_.timeline(f.object);
    const auto refused = std::find_if(timeline.begin(), timeline.end(), [](const auto& t) { return t.event == "retry_failed"; });
    EXPECT_THAT(refused->detail, HasSubstr("cannot read objects by id"));
}

TEST_F(ReadFailureTest, a_record_that_is_not_a_valid_canonical_record_is_a_failure_naming_the_bad_field) {
    add_source();
    json bad = canonical_invoice("N2");
    bad["totals"]["total"] = "one hundred";
    s_.append("src", {envelope("invoice", "I1", "1", canonical_invoice("N1")), envelope("invoice", "I2", "1", bad)});
    s_.start();
    ASSERT_TRUE(BusScenario::eventually([&] { return s_.failures().size() == 1 && s_.applied("dst").size() == 1; }));
    const store::Failure f = only_failure();
    EXPECT_EQ(f.object.str(), "src/invoice/I2");
    EXPECT_EQ(f.stage, store::FailureStage::read);
    EXPECT_THAT(f.reason, HasSubstr("is not a valid ledgersync.invoice record"));
    EXPECT_THAT(f.reason, HasSubstr("/body/totals/total"));
    EXPECT_EQ(json::parse(f.payload_json)["body"]["totals"]["total"], "one hundred");
    // Neither stored as a copy of the object nor routed.
    s_.store().read([&](store::StoreTransaction& tx) { EXPECT_FALSE(tx.mirror(f.object).has_value()); });
    EXPECT_EQ(s_.applied("dst")[0]["source_id"], "I1");
}

TEST_F(ReadFailureTest, an_invalid_record_in_a_webhook_is_acknowledged_and_kept_as_a_failure) {
    add_source();
    s_.config()["connections"]["src"]["webhooks"] = {{"allow_unsigned", true}};  // the ledger signs nothing
    s_.start();
    json bad = canonical_invoice("W-2");
    bad.erase("lines");
    const auto r = testing::http_request("POST", s_.url() + "/webhooks/src", envelope("invoice", "W2", "1", bad).dump(),
                                         {{"Content-Type", "application/json"}});
    EXPECT_EQ(r.status, 200) << r.body;
    // The delivery was stored before the answer; its record becomes a failure when processed.
    ASSERT_TRUE(BusScenario::eventually([&] { return s_.failures().size() == 1; }));
    const auto failures = s_.failures();
    EXPECT_EQ(failures[0].object.str(), "src/invoice/W2");
    EXPECT_THAT(failures[0].reason, HasSubstr("/body/lines: is required"));
}

TEST_F(ReadFailureTest, a_mapper_output_that_is_not_a_valid_record_is_a_failure_naming_the_bad_field) {
    BusScenario s;
    s.add_ledger("src");
    s.add_ledger("dst");
    // Upper-casing the status makes "OPEN", which no invoice status is.
    s.add_route({{"name", "shouting"}, {"from", "src.invoice"}, {"to", "dst.invoice"},
                 {"via", json::array({{{"mapper", "uppercase"}, {"config", {{"fields", {"status"}}}}}})}});
    s.append("src", {envelope("invoice", "I1", "1", canonical_invoice("N1"))});
    s.start();
    ASSERT_TRUE(BusScenario::eventually([&] { return s.failures().size() == 1; }));
    const store::Failure f = s.failures()[0];
    EXPECT_EQ(f.stage, store::FailureStage::map);
    EXPECT_EQ(f.route, "shouting");
    EXPECT_THAT(f.reason, HasSubstr("the mapper chain turned src/invoice/I1 into invoice I1"));
    EXPECT_THAT(f.reason, HasSubstr("/body/status"));
    EXPECT_EQ(json::parse(f.payload_json)["body"]["status"], "OPEN");  // what the mapper made
    EXPECT_TRUE(s.receipts("dst").empty());  // never handed to write()
}

TEST_F(ReadFailureTest, a_write_the_target_made_but_disputes_keeps_its_link_so_the_retry_updates_it) {
    BusScenario s;
    s.add_ledger("src");
    s.add_ledger("dst", {{"refuse_after_apply_field", "terms"},
                         {"accept_rejected_when_file_exists", s.path("agreed").string()}});
    s.add_route({{"name", "invoices"}, {"from", "src.invoice"}, {"to", "dst.invoice"}});
    json body = canonical_invoice("N1");
    body["terms"] = "Net 30";
    s.append("src", {envelope("invoice", "I1", "1", body)});
    s.start();
    ASSERT_TRUE(BusScenario::eventually([&] { return s.failures().size() == 1; }));
    const store::Failure f = s.failures()[0];
    EXPECT_EQ(f.outcome_class, "data");
    EXPECT_EQ(f.stage, store::FailureStage::write);
    ASSERT_EQ(s.applied("dst").size(), 1u);
    const std::string target = s.applied("dst")[0]["target_id"];
    std::vector<store::SyncStatus> status;
    s.store().read([&](store::StoreTransaction& tx) { status = tx.sync_statuses(f.object); });
    ASSERT_EQ(status.size(), 1u);
    EXPECT_EQ(status[0].state, store::SyncState::failed);
    EXPECT_EQ(status[0].target_id, target);  // the failed invoice still shows where it is

    testing::write_file(s.path("agreed"), "fixed");
    bus::OperatorActions actions(s.store(), clock_);
    ASSERT_TRUE(actions.retry(f.id));
    ASSERT_TRUE(BusScenario::eventually([&] { return s.applied("dst").size() == 2; }));
    const json retried = s.applied("dst")[1];
    EXPECT_EQ(retried["operation"], "update");  // not a second invoice
    EXPECT_EQ(retried["target_id"], target);
    ASSERT_TRUE(BusScenario::eventually([&] {
        s.store().read([&](store::StoreTransaction& tx) { status = tx.sync_statuses(f.object); });
        return status.at(0).state == store::SyncState::synced;
    }));
}

}  // namespace
}  // namespace ledgersync
