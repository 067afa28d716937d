// The sync bus end to end: real plugins (the ledger test connector), a real SQLite store,
// real worker threads. Each test states one promise of docs/bus.md.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <limits>
#include <map>
#include <set>

#include "bus/operator_actions.hpp"
#include "bus/retry_schedule.hpp"
#include "bus_scenario.hpp"

namespace ledgersync {
namespace {

using ::testing::HasSubstr;
using testing::BusScenario;
using testing::envelope;
using nlohmann::json;

json invoice_body(const std::string& number, const std::string& total = "100.00") {
    return testing::canonical_invoice(number, total);
}

/// The jobs of `route` counted in the hourly activity, summed over every hour.
store::ActivityHour activity_of(BusScenario& s, const std::string& route) {
    store::ActivityHour sum{route};
    s.store().read([&](store::StoreTransaction& tx) {
        for (const auto& hour : tx.activity(0, std::numeric_limits<std::int64_t>::max(), route)) {
            sum.synced += hour.synced;
            sum.failed += hour.failed;
            sum.skipped += hour.skipped;
        }
    });
    return sum;
}

TEST(BusDeliveryTest, transient_and_429_failures_are_retried_until_every_record_lands_within_the_policy) {
    BusScenario s;
    s.add_ledger("src");
    s.add_ledger("dst", {{"transient_per_mille", 300}, {"rate_limited_per_mille", 100}, {"retry_after_ms", 300}, {"seed", 11}});
    const json retry = {{"max_attempts", 40}, {"base_delay_ms", 20}, {"max_delay_ms", 400}};
    s.add_route({{"name", "invoices"}, {"from", "src.invoice"}, {"to", "dst.invoice"}, {"retry", retry}});
    std::vector<json> records;
    for (int i = 0; i < 300; ++i) records.push_back(envelope("invoice", "I" + std::to_string(i), "1", invoice_body("N" + std::to_string(i))));
    s.append("src", records);
    s.start();
    ASSERT_TRUE(BusScenario::eventually([&] { return s.applied("dst").size() == 300; })) << s.applied("dst").size();
    ASSERT_TRUE(BusScenario::eventually([&] { return s.job_counts().done == 300; }));
    s.stop();

    // Group receipts per key, in order, and check each gap against the policy.
    std::map<std::string, std::vector<json>> by_key;
    for (const auto& r : s.receipts("dst")) by_key[r["key"]].push_back(r);
    ASSERT_EQ(by_key.size(), 300u);
    int rate_limited = 0;
    int transient = 0;
    constexpr std::int64_t kSlackMs = 1500;  // scheduling and polling, generous for a loaded CI machine
    bus::RetryPolicy policy;
    policy.base_delay_ms = 20;
    policy.max_delay_ms = 400;
    for (const auto& [key, attempts] : by_key) {
        EXPECT_EQ(attempts.back()["result"], "ok") << key;
        for (std::size_t i = 0; i + 1 < attempts.size(); ++i) {
            const std::int64_t gap = attempts[i + 1]["at_ms"].get<std::int64_t>() - attempts[i]["at_ms"].get<std::int64_t>();
            const auto attempt = attempts[i]["attempt"].get<std::int64_t>();
            EXPECT_EQ(attempts[i + 1]["attempt"].get<std::int64_t>(), attempt + 1) << key;
            if (attempts[i]["result"] == "rate_limited") {
                ++rate_limited;
                EXPECT_GE(gap, 300) << key << ": retried " << gap << " ms after a 429 with Retry-After 300 ms";
            } else {
                ++transient;
                EXPECT_LE(gap, bus::RetrySchedule::backoff_cap(policy, attempt) + kSlackMs) << key << " attempt " << attempt;
            }
        }
    }
    EXPECT_GT(rate_limited, 10);
    EXPECT_GT(transient, 50);
}

TEST(BusDeliveryTest, a_data_error_fails_one_record_of_a_batch_and_a_retry_after_the_fix_lands_it) {
    BusScenario s;
    s.add_ledger("src");
    s.add_ledger("dst", {{"reject_field", "terms"}, {"accept_rejected_when_file_exists", s.path("fixed").string()}});
    s.add_route({{"name", "invoices"}, {"from", "src.invoice"}, {"to", "dst.invoice"}});
    std::vector<json> records;
    for (int i = 0; i < 10; ++i) {
        json body = invoice_body("N" + std::to_string(i));
        if (i == 4) body["terms"] = "Net 30";  // a valid field the ledger refuses
        records.push_back(envelope("invoice", "I" + std::to_string(i), "1", body));
    }
    s.append("src", records);
    s.start();
    ASSERT_TRUE(BusScenario::eventually([&] { return s.job_counts().done == 9 && s.job_counts().failed == 1; }));
    EXPECT_EQ(s.applied("dst").size(), 9u);

    const services::SystemClock clock;
    bus::OperatorActions actions(s.store(), clock);
    const auto failures = actions.list({});
    ASSERT_EQ(failures.size(), 1u);
    const auto& f = failures[0];
    EXPECT_EQ(f.object.str(), "src/invoice/I4");
    EXPECT_EQ(f.outcome_class, "data");
    EXPECT_EQ(f.attempts, 1);  // a data error is not retried blindly
    EXPECT_THAT(f.reason, HasSubstr("field 'terms' is not allowed"));
    EXPECT_EQ(f.stage, store::FailureStage::write);
    EXPECT_THAT(f.fix_hint, HasSubstr("remove the field"));
    EXPECT_EQ(json::parse(f.payload_json)["body"]["number"], "N4");
    std::vector<store::SyncStatus> status;
    s.store().read([&](store::StoreTransaction& tx) { status = tx.sync_statuses(f.object); });
    ASSERT_EQ(status.size(), 1u);
    EXPECT_EQ(status[0].state, store::SyncState::failed);

    testing::write_file(s.path("fixed"), "the ledger now accepts it");
    ASSERT_TRUE(actions.retry(f.id));
    ASSERT_TRUE(BusScenario::eventually([&] { return s.applied("dst").size() == 10; }));
    // The ledger holds the write before the bus records its outcome: wait for the outcome.
    ASSERT_TRUE(BusScenario::eventually(
        [&] { return actions.list({store::FailureState::resolved, "", 10}).size() == 1u; }));
    EXPECT_TRUE(actions.list({}).empty());
    s.store().read([&](store::StoreTransaction& tx) { status = tx.sync_statuses(f.object); });
    EXPECT_EQ(status[0].state, store::SyncState::synced);
}

TEST(BusDeliveryTest, a_two_way_route_writes_each_change_once_and_never_loops) {
    BusScenario s;
    s.add_ledger("a", {{"feed_writes", true}});
    s.add_ledger("b", {{"feed_writes", true}});
    s.add_route({{"name", "a-to-b"}, {"from", "a.invoice"}, {"to", "b.invoice"}});
    s.add_route({{"name", "b-to-a"}, {"from", "b.invoice"}, {"to", "a.invoice"}});
    s.config()["connections"]["a"]["poll_interval_seconds"] = 1;
    s.append("a", {envelope("invoice", "X", "a1", invoice_body("X-1"))});
    s.start();
    ASSERT_TRUE(BusScenario::eventually([&] { return s.applied("b").size() == 1; }));
    // b's change feed reports the object we wrote: once it was read and recognised, nothing
    // may be on its way back to a.
    ASSERT_TRUE(BusScenario::eventually([&] {
        return s.counter("ledgersync_records_echo_suppressed_total", "b") >= 1 && s.deliveries_settled();
    })) << "b's feed never reported our write";
    EXPECT_EQ(s.receipts("b").size(), 1u);
    EXPECT_EQ(s.receipts("a").size(), 0u) << "the echo of our write to b came back to a";

    // A change made in b reaches a once, and its echo in a's feed goes nowhere.
    const std::string b_id = s.applied("b")[0]["target_id"];
    s.append("b", {envelope("invoice", b_id, "b-edit-1", invoice_body("X-1", "120.00"))});
    ASSERT_TRUE(BusScenario::eventually([&] { return s.applied("a").size() == 1; }));
    ASSERT_TRUE(BusScenario::eventually([&] {
        return s.counter("ledgersync_records_echo_suppressed_total", "a") >= 1 && s.deliveries_settled();
    })) << "a's feed never reported our write";
    EXPECT_EQ(s.receipts("a").size(), 1u);
    EXPECT_EQ(s.receipts("b").size(), 1u);
    EXPECT_EQ(s.applied("a")[0]["target_id"], "X");  // the original object, updated
    EXPECT_EQ(s.applied("a")[0]["operation"], "update");
    std::vector<store::TimelineEntry> timeline;
    s.store().read([&](store::StoreTransaction& tx) { timeline = tx.timeline({"b", "invoice", b_id}, 100); });
    EXPECT_TRUE(std::any_of(timeline.begin(), timeline.end(), [](const auto& t) { return t.event == "echo_suppressed"; }));
}

TEST(BusDeliveryTest, an_echo_read_before_our_write_is_committed_is_still_not_routed_back) {
    BusScenario s;
    s.add_ledger("a", {{"feed_writes", true}});
    // b applies the write at once but answers 2.5 s later: its change feed (polled every second)
    // reports the object before the outcome and the link are committed.
    s.add_ledger("b", {{"feed_writes", true}, {"respond_delay_ms", 2500}});
    s.add_route({{"name", "a-to-b"}, {"from", "a.invoice"}, {"to", "b.invoice"}});
    s.add_route({{"name", "b-to-a"}, {"from", "b.invoice"}, {"to", "a.invoice"}});
    s.append("a", {envelope("invoice", "X", "a1", invoice_body("X-1"))});
    s.start();
    ASSERT_TRUE(BusScenario::eventually([&] { return s.applied("b").size() == 1; }));
    const std::string b_id = s.applied("b")[0]["target_id"];
    std::vector<store::TimelineEntry> timeline;
    ASSERT_TRUE(BusScenario::eventually([&] {
        s.store().read([&](store::StoreTransaction& tx) { timeline = tx.timeline({"b", "invoice", b_id}, 100); });
        return std::any_of(timeline.begin(), timeline.end(), [](const auto& t) { return t.event == "echo_suppressed"; });
    })) << "b's copy of the write was never recognised as our echo";
    ASSERT_TRUE(BusScenario::eventually([&] { return s.deliveries_settled(); }));
    EXPECT_EQ(s.receipts("a").size(), 0u) << "the echo of our write to b came back to a";
    EXPECT_EQ(s.receipts("b").size(), 1u);
    // The activity counts the write, and the echo's job as settled without one.
    EXPECT_EQ(activity_of(s, "a-to-b").synced, 1);
    const auto back = activity_of(s, "b-to-a");
    EXPECT_EQ(back.skipped, 1);
    EXPECT_EQ(back.synced, 0);
}

// A change feed can report a write late, after we wrote the object again (QuickBooks' feed
// returning a payment as it was created while the refund that followed updated it). That
// version is ours too: nothing may take it for a change of its own and carry it on.
TEST(BusDeliveryTest, a_write_read_back_only_after_the_next_write_is_still_our_echo) {
    BusScenario s;
    const std::filesystem::path held = s.path("b-reads-held");
    testing::write_file(held, "held");
    s.add_ledger("a");
    s.add_ledger("b", {{"feed_writes", true}, {"reads_fail_while_file_exists", held.string()}});
    s.add_ledger("c");
    s.add_route({{"name", "a-to-b"}, {"from", "a.invoice"}, {"to", "b.invoice"}});
    s.add_route({{"name", "b-to-c"}, {"from", "b.invoice"}, {"to", "c.invoice"}});
    s.config()["connections"]["a"]["poll_interval_seconds"] = 1;
    s.append("a", {envelope("invoice", "X", "a1", invoice_body("X-1"))});
    s.start();
    ASSERT_TRUE(BusScenario::eventually([&] { return s.applied("b").size() == 1; })) << s.log();
    s.append("a", {envelope("invoice", "X", "a2", invoice_body("X-1", "120.00"))});
    ASSERT_TRUE(BusScenario::eventually([&] { return s.applied("b").size() == 2; })) << s.log();
    // b's feed now reports both writes, the first one last written two versions ago.
    std::filesystem::remove(held);
    ASSERT_TRUE(BusScenario::eventually([&] {
        return s.counter("ledgersync_records_echo_suppressed_total", "b") >= 2 && s.deliveries_settled();
    })) << s.log();
    EXPECT_EQ(s.receipts("c").size(), 0u) << "an earlier write of ours, read late, was carried on as b's own change";
    EXPECT_TRUE(s.failures().empty());
}

TEST(BusDeliveryTest, updates_of_one_object_are_written_in_order_by_four_workers) {
    BusScenario s;
    s.add_ledger("src");
    s.add_ledger("dst", {{"transient_per_mille", 250}, {"write_delay_ms", 5}, {"seed", 3}});
    s.add_route({{"name", "invoices"}, {"from", "src.invoice"}, {"to", "dst.invoice"},
                 {"retry", {{"base_delay_ms", 5}, {"max_delay_ms", 50}, {"max_attempts", 50}}}});
    std::vector<json> records;
    for (int round = 1; round <= 5; ++round) {
        for (int other = 0; other < 8; ++other) {
            records.push_back(envelope("invoice", "O" + std::to_string(other), "v" + std::to_string(round),
                                       invoice_body("O" + std::to_string(other) + "-" + std::to_string(round))));
        }
        records.push_back(envelope("invoice", "hot", "v" + std::to_string(round), invoice_body("hot-" + std::to_string(round))));
    }
    s.append("src", records);
    s.start();
    ASSERT_TRUE(BusScenario::eventually([&] { return s.applied("dst").size() == records.size(); }));
    std::map<std::string, std::vector<std::string>> versions;
    for (const auto& r : s.applied("dst")) versions[r["source_id"]].push_back(r["source_version"]);
    for (const auto& [id, written] : versions) {
        EXPECT_THAT(written, ::testing::ElementsAre("v1", "v2", "v3", "v4", "v5")) << id;
    }
}

TEST(BusDeliveryTest, fifty_invoices_of_a_new_customer_create_it_once_and_all_refer_to_it) {
    BusScenario s;
    s.add_ledger("src");
    s.add_ledger("dst", {{"write_delay_ms", 5}});
    s.add_route({{"name", "customers"}, {"from", "src.customer"}, {"to", "dst.customer"}});
    s.add_route({{"name", "invoices"}, {"from", "src.invoice"}, {"to", "dst.invoice"}});
    s.add_route({{"name", "status-back"}, {"from", "src.sync_outcome"}, {"to", "src.sync_outcome"}});
    std::vector<json> records;
    for (int i = 0; i < 50; ++i) {
        json body = invoice_body("N" + std::to_string(i));
        body["customer"] = {{"type", "customer"}, {"id", "C1"}};
        records.push_back(envelope("invoice", "I" + std::to_string(i), "1", body,
                                   json::array({{{"rel", "customer"}, {"type", "customer"}, {"id", "C1"}, {"path", "/customer"}}})));
    }
    // The customer comes after its invoices: they must wait for it, not create it.
    records.push_back(envelope("customer", "C1", "1", {{"display_name", "Acme Inc."}}));
    s.append("src", records);
    s.start();
    ASSERT_TRUE(BusScenario::eventually([&] { return s.applied("dst", "invoice").size() == 50; }));
    const auto customers = s.applied("dst", "customer");
    ASSERT_EQ(customers.size(), 1u);
    const std::string customer_id = customers[0]["target_id"];
    for (const auto& invoice : s.applied("dst", "invoice")) {
        const auto& links = invoice["record"]["links"];
        ASSERT_EQ(links.size(), 1u);
        EXPECT_EQ(links[0]["target_id"], customer_id) << invoice["source_id"];
    }
    // Outcome events carried back to the source record the target ids.
    ASSERT_TRUE(BusScenario::eventually([&] { return s.applied("src", "sync_outcome").size() == 51; }));
    std::set<std::string> subjects;
    for (const auto& outcome : s.applied("src", "sync_outcome")) {
        const auto& body = outcome["record"]["body"];
        EXPECT_EQ(body["status"], "synced");
        EXPECT_EQ(outcome["record"]["links"][0]["target_id"], body["source"]["id"]);  // the subject is itself
        if (body["source"]["type"] == "customer") {
            EXPECT_EQ(body["target"]["id"], customer_id);
        } else {
            EXPECT_EQ(body["target"]["id"], "dst-invoice-" + body["source"]["id"].get<std::string>());
        }
        subjects.insert(body["source"]["id"]);
    }
    EXPECT_EQ(subjects.size(), 51u);
    std::vector<store::SyncStatus> status;
    s.store().read([&](store::StoreTransaction& tx) { status = tx.sync_statuses({"src", "invoice", "I7"}); });
    ASSERT_EQ(status.size(), 1u);
    EXPECT_EQ(status[0].state, store::SyncState::synced);
    EXPECT_EQ(status[0].target_id, "dst-invoice-I7");
}

TEST(BusDeliveryTest, rejected_credentials_pause_the_connection_until_an_operator_resumes_it) {
    BusScenario s;
    s.add_ledger("src");
    s.add_ledger("dst", {{"auth_fail_when_file_exists", s.path("revoked").string()}});
    s.add_route({{"name", "invoices"}, {"from", "src.invoice"}, {"to", "dst.invoice"}});
    testing::write_file(s.path("revoked"), "token revoked");
    s.append("src", {envelope("invoice", "I1", "1", invoice_body("N1")), envelope("invoice", "I2", "1", invoice_body("N2"))});
    s.start();
    const services::SystemClock clock;
    bus::OperatorActions actions(s.store(), clock);
    ASSERT_TRUE(BusScenario::eventually([&] { return !actions.pauses().empty(); }));
    EXPECT_EQ(actions.pauses()[0].name, "dst");
    EXPECT_THAT(actions.pauses()[0].reason, HasSubstr("rejected our credentials"));
    // The bus notes the pause in the store, then in the registry health() reads: a moment apart.
    EXPECT_TRUE(BusScenario::eventually([&] { return s.runtime().health()["status"] == "degraded"; }))
        << s.runtime().health().dump(2);
    EXPECT_EQ(s.job_counts().pending, 2);  // kept, not failed
    EXPECT_TRUE(actions.list({}).empty());

    std::filesystem::remove(s.path("revoked"));
    ASSERT_TRUE(actions.resume("connection", "dst"));
    ASSERT_TRUE(BusScenario::eventually([&] { return s.applied("dst").size() == 2; }));
    EXPECT_TRUE(actions.list({}).empty()) << "a job failed while its connection was paused";
    EXPECT_EQ(s.job_counts().failed, 0);
}

TEST(BusDeliveryTest, a_mapping_failure_is_kept_as_a_failure_with_the_source_record_and_its_outcome_goes_back) {
    BusScenario s;
    s.add_ledger("src");
    s.add_ledger("dst");
    s.add_route({{"name", "invoices"}, {"from", "src.invoice"}, {"to", "dst.invoice"},
                 {"via", json::array({{{"mapper", "uppercase"}, {"config", {{"fields", {"memo", "custom_fields"}}}}}})}});
    s.add_route({{"name", "status-back"}, {"from", "src.sync_outcome"}, {"to", "src.sync_outcome"}});
    json bad = invoice_body("N2");
    bad["custom_fields"] = {{"po_number", "PO-7"}};  // valid, but not a string the mapper can upper-case
    s.append("src", {envelope("invoice", "I1", "1", invoice_body("N1")), envelope("invoice", "I2", "1", bad)});
    s.start();
    ASSERT_TRUE(BusScenario::eventually([&] { return s.applied("dst").size() == 1; }));
    EXPECT_EQ(s.applied("dst")[0]["record"]["body"]["memo"], "INVOICE N1");
    const services::SystemClock clock;
    bus::OperatorActions actions(s.store(), clock);
    ASSERT_TRUE(BusScenario::eventually([&] { return actions.list({}).size() == 1; }));
    const auto f = actions.list({})[0];
    EXPECT_EQ(f.outcome_class, "data");
    EXPECT_THAT(f.reason, HasSubstr("mapper uppercase (step 1): src/invoice/I2: field 'custom_fields' is object"));
    EXPECT_EQ(f.stage, store::FailureStage::map);
    EXPECT_EQ(json::parse(f.payload_json)["body"]["custom_fields"]["po_number"], "PO-7");
    // The source learns of both: I1 synced, I2 failed with the reason (its sync status).
    ASSERT_TRUE(BusScenario::eventually([&] { return s.applied("src", "sync_outcome").size() == 2; }));
    std::map<std::string, json> outcome_of;
    for (const auto& outcome : s.applied("src", "sync_outcome")) {
        const json& body = outcome["record"]["body"];
        outcome_of[body["source"]["id"]] = body;
    }
    EXPECT_EQ(outcome_of["I1"]["status"], "synced");
    EXPECT_EQ(outcome_of["I2"]["status"], "failed");
    EXPECT_EQ(outcome_of["I2"]["outcome_class"], "data");
    EXPECT_THAT(outcome_of["I2"].value("reason", ""), HasSubstr("field 'custom_fields' is object"));
    // The hourly activity counts the mapping failure (made at ingest) beside the write.
    const auto invoices = activity_of(s, "invoices");
    EXPECT_EQ(invoices.synced, 1);
    EXPECT_EQ(invoices.failed, 1);
    // The outcomes' jobs settle once their writes (seen above) have committed.
    EXPECT_TRUE(BusScenario::eventually([&] { return activity_of(s, "status-back").synced == 2; }));
}

TEST(BusDeliveryTest, a_filter_keeps_only_matching_records_and_a_replayed_read_creates_nothing_twice) {
    BusScenario s;
    s.add_ledger("src");
    s.add_ledger("dst");
    s.add_route({{"name", "big-open-invoices"}, {"from", "src.invoice"}, {"to", "dst.invoice"},
                 {"when", {{"and", json::array({{{"eq", {"status", "open"}}}, {{"gte", {"totals.total", "100"}}}})}}}});
    json draft = invoice_body("N3", "500.00");
    draft["status"] = "draft";
    s.append("src", {envelope("invoice", "I1", "1", invoice_body("N1", "99.99")),
                     envelope("invoice", "I2", "1", invoice_body("N2", "100.00")), envelope("invoice", "I3", "1", draft)});
    s.start();
    ASSERT_TRUE(BusScenario::eventually([&] { return s.applied("dst").size() == 1; }));
    EXPECT_EQ(s.applied("dst")[0]["source_id"], "I2");
    // The same versions delivered again (a replayed page, a duplicate webhook) change nothing.
    s.append("src", {envelope("invoice", "I2", "1", invoice_body("N2", "100.00"))});
    ASSERT_TRUE(BusScenario::eventually([&] {
        return s.counter("ledgersync_records_duplicate_total", "src") >= 1 && s.deliveries_settled();
    })) << "the replayed record was never read";
    EXPECT_EQ(s.receipts("dst").size(), 1u);
}

TEST(BusDeliveryTest, once_written_an_object_follows_when_synced_so_its_void_reaches_the_target_and_a_never_synced_void_does_not) {
    BusScenario s;
    s.add_ledger("src");
    s.add_ledger("dst");
    s.add_route({{"name", "open-invoices"}, {"from", "src.invoice"}, {"to", "dst.invoice"},
                 {"when", {{"eq", {"status", "open"}}}},
                 {"when_synced", {{"in", {"status", json::array({"open", "voided"})}}}}});
    json voided = invoice_body("N2");
    voided["status"] = "voided";
    s.append("src", {envelope("invoice", "I1", "1", invoice_body("N1")), envelope("invoice", "I2", "1", voided)});
    s.start();
    ASSERT_TRUE(BusScenario::eventually([&] { return s.applied("dst").size() == 1 && s.deliveries_settled(); }));
    EXPECT_EQ(s.applied("dst")[0]["source_id"], "I1");

    // I1 is in the target now: its void follows it there; a draft is still left out, by when_synced.
    json voided_again = invoice_body("N1");
    voided_again["status"] = "voided";
    json draft = invoice_body("N1");
    draft["status"] = "draft";
    s.append("src", {envelope("invoice", "I1", "2", voided_again)});
    ASSERT_TRUE(BusScenario::eventually([&] { return s.applied("dst").size() == 2; }));
    const auto second = s.applied("dst")[1];
    EXPECT_EQ(second["source_id"], "I1");
    EXPECT_EQ(second["record"]["body"]["status"], "voided");
    EXPECT_EQ(second["target_id"], s.applied("dst")[0]["target_id"]) << "the void must reach the invoice written before";
    s.append("src", {envelope("invoice", "I1", "3", draft)});
    ASSERT_TRUE(BusScenario::eventually([&] {
        for (const auto& e : s.timeline({"src", "invoice", "I1"})) {
            if (e.event == "filtered") return true;
        }
        return false;
    }));
    EXPECT_EQ(s.applied("dst").size(), 2u);
    std::string i1_filtered, i2_filtered;
    for (const auto& e : s.timeline({"src", "invoice", "I1"})) {
        if (e.event == "filtered") i1_filtered = e.detail;
    }
    for (const auto& e : s.timeline({"src", "invoice", "I2"})) {
        if (e.event == "filtered") i2_filtered = e.detail;
    }
    EXPECT_THAT(i1_filtered, HasSubstr("already in dst (when_synced) did not match: status is \"draft\""));
    // I2 was voided before it was ever written: `when` decides, and leaves it out.
    EXPECT_THAT(i2_filtered, HasSubstr("the route's filter did not match: status is \"voided\""));
}

}  // namespace
}  // namespace ledgersync
