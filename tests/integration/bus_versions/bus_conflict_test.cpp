// An object and its counterpart edited on both sides of a two-way pair of routes before either
// change was synced: a visible conflict with both versions, settled by the pair's rule or by
// an operator, never a silent overwrite (docs/bus.md, "Conflicts"). Two ledgers stand for the
// two systems; each shows what was written to it in its change feed, as HubSpot and QBO do.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "bus/operator_actions.hpp"
#include "bus_scenario.hpp"
#include "scratch_store.hpp"

namespace ledgersync {
namespace {

using ::testing::HasSubstr;
using nlohmann::json;
using testing::BusScenario;
using testing::envelope;

const store::ObjectKey kSource{"src", "invoice", "I1"};
// The id the destination ledger gives the invoice it receives.
const store::ObjectKey kCounterpart{"dst", "invoice", "dst-invoice-I1"};

json invoice(const std::string& changed_at, const std::string& memo) {
    json body = testing::canonical_invoice("N1");
    body["updated_at"] = changed_at;
    body["memo"] = memo;
    return body;
}

class BusConflictTest : public ::testing::TestWithParam<testing::StoreEngine> {
protected:
    void start(const json& out_extra = json::object()) {
        s_.add_ledger("src", {{"feed_writes", true}, {"reads_fail_while_file_exists", held("src").string()}});
        s_.add_ledger("dst", {{"feed_writes", true}, {"reads_fail_while_file_exists", held("dst").string()}});
        json out = {{"name", "out"}, {"from", "src.invoice"}, {"to", "dst.invoice"}};
        out.update(out_extra);
        s_.add_route(out);
        s_.add_route({{"name", "back"}, {"from", "dst.invoice"}, {"to", "src.invoice"}});
        s_.config()["store"] = database_.store_config();
        s_.append("src", {envelope("invoice", "I1", "v1", invoice("2026-11-20T10:00:00Z", "first"))});
        s_.start();
        // Synced, and the copy's echo in the destination's feed recognised.
        ASSERT_TRUE(BusScenario::eventually([&] {
            return s_.applied("dst").size() == 1u && s_.deliveries_settled() &&
                   s_.counter("ledgersync_records_echo_suppressed_total", "dst") == 1;
        })) << s_.log();
    }

    /// Both sides edited before either system is read again: neither feed can be read until
    /// both edits are in, whatever the poll timing.
    void edit_both(const std::string& src_changed_at, const std::string& dst_changed_at) {
        edit_both_with(changed("I1", "v2", src_changed_at, "edited in src"),
                       changed(kCounterpart.id, "e2", dst_changed_at, "edited in dst"));
    }
    void edit_both_with(const json& src_change, const json& dst_change) {
        hold_reads("src");
        hold_reads("dst");
        s_.append("src", {src_change});
        s_.append("dst", {dst_change});
        std::filesystem::remove(held("src"));
        std::filesystem::remove(held("dst"));
    }
    /// While the file exists, the ledger's feed cannot be read (reads fail transiently).
    std::filesystem::path held(const std::string& ledger) const { return s_.path(ledger + "-reads-held"); }
    void hold_reads(const std::string& ledger) {
        testing::write_file(held(ledger), "held");
        std::this_thread::sleep_for(std::chrono::milliseconds(300));  // a read under way ends
    }
    /// A record envelope with its change time, as a system's feed gives it.
    static json changed(const std::string& id, const std::string& version, const std::string& at, const std::string& memo) {
        json e = envelope("invoice", id, version, invoice(at, memo));
        e["updated_at"] = at;
        return e;
    }

    /// The counterpart as its system has it once paid in full: the content written there, with
    /// only what a payment changes (status, amount paid, balance due).
    static json paid(const std::string& id, const std::string& version, const std::string& at) {
        json e = changed(id, version, at, "first");
        e["body"]["status"] = "paid";
        e["body"]["totals"]["amount_paid"] = "100.00";
        e["body"]["totals"]["balance_due"] = "0.00";
        return e;
    }
    /// `first` is read (and its change routed) before `second`, whose system is read after.
    void change_in_order(const std::string& first, const json& first_change, const std::string& second,
                         const json& second_change) {
        hold_reads("src");
        hold_reads("dst");
        s_.append(first, {first_change});
        s_.append(second, {second_change});
        std::filesystem::remove(held(first));
        const store::ObjectKey& first_object = first == "src" ? kSource : kCounterpart;
        ASSERT_TRUE(BusScenario::eventually([&] { return !entries(first_object, "waiting").empty(); })) << s_.log();
        std::filesystem::remove(held(second));
    }

    /// The source's edit reached the destination, nothing came back and nothing failed; returns
    /// the counterpart's payment_change_yielded entries.
    std::vector<store::TimelineEntry> the_edit_is_written_and_the_payment_change_yields() {
        EXPECT_TRUE(BusScenario::eventually([&] { return s_.applied("dst").size() == 2u && s_.deliveries_settled(); }))
            << s_.log();
        if (!s_.applied("dst").empty()) {
            EXPECT_EQ(s_.applied("dst").back()["record"]["body"]["memo"], "edited in src");
        }
        EXPECT_TRUE(s_.failures().empty()) << "no conflict";
        EXPECT_TRUE(s_.applied("src").empty()) << "the payment's change does not carry the old memo back";
        return entries(kCounterpart, "payment_change_yielded");
    }

    std::vector<store::TimelineEntry> entries(const store::ObjectKey& object, const std::string& event) {
        std::vector<store::TimelineEntry> found;
        for (auto& t : s_.timeline(object)) {
            if (t.event == event) found.push_back(std::move(t));
        }
        return found;
    }
    std::int64_t conflicts(const std::string& resolution) {
        return s_.runtime().metrics().value("ledgersync_conflicts_total", {{"route", "out"}, {"resolution", resolution}}) +
               s_.runtime().metrics().value("ledgersync_conflicts_total", {{"route", "back"}, {"resolution", resolution}});
    }

    testing::ScratchDatabase database_{GetParam()};
    BusScenario s_;
};

TEST_P(BusConflictTest, an_edit_on_one_side_is_written_once_the_other_side_was_read) {
    start();
    // The destination is not read for a while: the update waits for that read.
    hold_reads("dst");
    s_.append("src", {changed("I1", "v2", "2026-11-20T11:00:00Z", "edited in src")});
    ASSERT_TRUE(BusScenario::eventually([&] { return !entries(kSource, "waiting").empty(); })) << s_.log();
    EXPECT_THAT(entries(kSource, "waiting").front().detail, HasSubstr("waiting for the next read of dst.invoice"));
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    EXPECT_EQ(s_.applied("dst").size(), 1u) << "not written before the destination was read";
    std::filesystem::remove(held("dst"));
    ASSERT_TRUE(BusScenario::eventually([&] { return s_.applied("dst").size() == 2u && s_.deliveries_settled(); }))
        << s_.log();
    EXPECT_EQ(s_.applied("dst").back()["record"]["body"]["memo"], "edited in src");
    EXPECT_TRUE(s_.failures().empty());
    EXPECT_TRUE(s_.applied("src").empty()) << "its echo is not carried back";
}

TEST_P(BusConflictTest, under_hold_both_versions_wait_as_conflicts_and_retrying_one_keeps_that_side) {
    start();
    edit_both("2026-11-20T11:00:00Z", "2026-11-20T11:30:00Z");
    ASSERT_TRUE(BusScenario::eventually([&] { return s_.failures().size() == 2u; })) << s_.log();
    const auto failures = s_.failures();
    store::Failure ours;
    for (const auto& f : failures) {
        EXPECT_EQ(f.stage, store::FailureStage::conflict);
        EXPECT_THAT(f.reason, HasSubstr("edited on both sides before either change was synced"));
        EXPECT_THAT(f.fix_hint, HasSubstr("retry this failure to write this version to"));
        if (f.object == kSource) ours = f;
    }
    ASSERT_EQ(ours.object, kSource) << "one failure per side";
    EXPECT_THAT(ours.reason, HasSubstr("src/invoice/I1 version v2 (changed 2026-11-20T11:00:00Z) and its counterpart "
                                       "dst/invoice/dst-invoice-I1 version e2 (changed 2026-11-20T11:30:00Z)"));
    EXPECT_THAT(ours.payload_json, HasSubstr("edited in src")) << "each side's version is shown";
    EXPECT_TRUE(BusScenario::eventually([&] { return conflicts("hold") == 1; })) << "counted after the commit";
    // Nothing is written while the conflict is open, whichever side is read again.
    std::this_thread::sleep_for(std::chrono::milliseconds(2500));
    EXPECT_EQ(s_.applied("dst").size(), 1u);
    EXPECT_TRUE(s_.applied("src").empty());
    // "retry --all" leaves conflicts to the operator's choice.
    bus::OperatorActions actions(s_.store(), s_.clock());
    EXPECT_EQ(actions.retry_all(), 0);

    ASSERT_TRUE(actions.retry(ours.id));
    ASSERT_TRUE(BusScenario::eventually([&] { return s_.applied("dst").size() == 2u && s_.deliveries_settled(); }))
        << s_.log();
    EXPECT_EQ(s_.applied("dst").back()["record"]["body"]["memo"], "edited in src");
    EXPECT_TRUE(s_.failures().empty()) << "the other side's conflict is dismissed with it";
    const auto dismissed = entries(kCounterpart, "dismissed");
    ASSERT_EQ(dismissed.size(), 1u);
    EXPECT_THAT(dismissed[0].detail, HasSubstr("an operator kept the other side (src/invoice/I1 version v2"));
    // The write's echo comes back from the destination's feed and goes no further.
    ASSERT_TRUE(BusScenario::eventually([&] { return s_.counter("ledgersync_records_echo_suppressed_total", "dst") == 2; }))
        << s_.log();
    EXPECT_TRUE(s_.applied("src").empty());
}

TEST_P(BusConflictTest, keeping_the_other_side_brings_this_side_in_sync_again_and_its_status_says_so) {
    // The source shows its objects' sync status (as HubSpot does).
    s_.add_route({{"name", "status-back"}, {"from", "src.sync_outcome"}, {"to", "src.sync_outcome"}});
    start();
    const auto last_outcome_of_source = [&] {
        json last;
        for (const auto& outcome : s_.applied("src", "sync_outcome")) {
            if (outcome["record"]["body"]["source"]["id"] == kSource.id) last = outcome["record"]["body"];
        }
        return last;
    };
    edit_both("2026-11-20T11:00:00Z", "2026-11-20T11:30:00Z");
    ASSERT_TRUE(BusScenario::eventually([&] { return s_.failures().size() == 2u; })) << s_.log();
    store::Failure theirs;
    for (const auto& f : s_.failures()) {
        if (f.object == kCounterpart) theirs = f;
    }
    ASSERT_EQ(theirs.object, kCounterpart);
    ASSERT_TRUE(BusScenario::eventually([&] { return last_outcome_of_source().value("status", "") == "failed"; }))
        << "the source shows the conflict";
    EXPECT_THAT(last_outcome_of_source().value("reason", ""), HasSubstr("edited on both sides"));

    // The operator keeps the destination's version: it is written onto the source object, which
    // is then in sync with it; its own version was dismissed, so its status no longer fails.
    bus::OperatorActions actions(s_.store(), s_.clock());
    ASSERT_TRUE(actions.retry(theirs.id));
    ASSERT_TRUE(BusScenario::eventually([&] {
        return s_.applied("src", "invoice").size() == 1u && last_outcome_of_source().value("status", "") == "synced";
    })) << s_.log();
    EXPECT_EQ(s_.applied("src", "invoice")[0]["record"]["body"]["memo"], "edited in dst");
    const json shown = last_outcome_of_source();
    EXPECT_EQ(shown["target"]["connection"], "dst");
    EXPECT_EQ(shown["target"]["id"], kCounterpart.id);
    EXPECT_EQ(shown["route"], "out");
    std::vector<store::SyncStatus> statuses;
    s_.store().read([&](store::StoreTransaction& tx) { statuses = tx.sync_statuses(kSource); });
    ASSERT_EQ(statuses.size(), 1u);
    EXPECT_EQ(statuses[0].state, store::SyncState::synced);
    EXPECT_EQ(statuses[0].target_id, kCounterpart.id);
    EXPECT_EQ(entries(kSource, "in_sync").size(), 1u);
    EXPECT_TRUE(s_.failures().empty());
}

TEST_P(BusConflictTest, a_stated_rule_settles_the_conflict_and_records_both_versions) {
    start({{"on_conflict", "source_wins"}});
    edit_both("2026-11-20T11:00:00Z", "2026-11-20T11:30:00Z");
    ASSERT_TRUE(BusScenario::eventually([&] { return s_.applied("dst").size() == 2u && s_.deliveries_settled(); }))
        << s_.log();
    EXPECT_EQ(s_.applied("dst").back()["record"]["body"]["memo"], "edited in src");
    EXPECT_TRUE(s_.failures().empty());
    const auto lost = entries(kCounterpart, "conflict_lost");
    ASSERT_EQ(lost.size(), 1u) << s_.log();
    EXPECT_THAT(lost[0].detail, HasSubstr("dst/invoice/dst-invoice-I1 version e2"));
    EXPECT_THAT(lost[0].detail, HasSubstr("src/invoice/I1 version v2"));
    EXPECT_EQ(entries(kSource, "conflict_won").size(), 1u);
    EXPECT_TRUE(BusScenario::eventually([&] { return conflicts("source_wins") + conflicts("target_wins") == 1; }));
    ASSERT_TRUE(BusScenario::eventually([&] { return s_.counter("ledgersync_records_echo_suppressed_total", "dst") == 2; }));
    EXPECT_TRUE(s_.applied("src").empty()) << "the losing side's change is not written back";
}

TEST_P(BusConflictTest, under_newest_wins_the_later_change_is_written_to_the_other_side) {
    start({{"on_conflict", "newest_wins"}});
    edit_both("2026-11-20T11:00:00Z", "2026-11-20T11:30:00Z");
    ASSERT_TRUE(BusScenario::eventually([&] { return s_.applied("src").size() == 1u && s_.deliveries_settled(); }))
        << s_.log();
    EXPECT_EQ(s_.applied("src").back()["record"]["body"]["memo"], "edited in dst");
    EXPECT_EQ(s_.applied("dst").size(), 1u) << "the older edit is not written";
    EXPECT_EQ(entries(kSource, "conflict_lost").size(), 1u);
    EXPECT_TRUE(s_.failures().empty());
}

// A payment changes an invoice in both systems (its balance, paid): no edit, and never a conflict
// with an edit made on the other side, which is written whichever change is read first.
TEST_P(BusConflictTest, a_change_only_payments_made_yields_to_an_edit_on_the_other_side_read_after_it) {
    start();
    change_in_order("dst", paid(kCounterpart.id, "e2", "2026-11-20T11:00:00Z"), "src",
                    changed("I1", "v2", "2026-11-20T11:30:00Z", "edited in src"));
    const auto yielded = the_edit_is_written_and_the_payment_change_yields();
    ASSERT_EQ(yielded.size(), 1u) << s_.log();
    EXPECT_THAT(yielded[0].detail, HasSubstr("version e2 differs from the version before only by payments"));
    EXPECT_THAT(yielded[0].detail, HasSubstr("src/invoice/I1 version v2"));
    EXPECT_EQ(conflicts("hold"), 0);
}

TEST_P(BusConflictTest, a_change_only_payments_made_yields_to_an_edit_on_the_other_side_read_before_it) {
    start();
    change_in_order("src", changed("I1", "v2", "2026-11-20T11:00:00Z", "edited in src"), "dst",
                    paid(kCounterpart.id, "e2", "2026-11-20T11:30:00Z"));
    const auto yielded = the_edit_is_written_and_the_payment_change_yields();
    ASSERT_EQ(yielded.size(), 1u) << s_.log();
    EXPECT_THAT(yielded[0].detail, HasSubstr("dst/invoice/dst-invoice-I1 version e2 (changed 2026-11-20T11:30:00Z) "
                                             "differs from the version before only by payments"));
    EXPECT_EQ(conflicts("hold"), 0);
}

TEST_P(BusConflictTest, one_payment_changing_the_invoice_in_both_systems_is_no_conflict) {
    start();
    json src_paid = paid("I1", "v2", "2026-11-20T11:00:00Z");
    src_paid["body"]["memo"] = "first";
    edit_both_with(src_paid, paid(kCounterpart.id, "e2", "2026-11-20T11:30:00Z"));
    ASSERT_TRUE(BusScenario::eventually([&] {
        return s_.applied("dst").size() == 2u && s_.applied("src").size() == 1u && s_.deliveries_settled();
    })) << s_.log();
    EXPECT_TRUE(s_.failures().empty()) << "no conflict";
    EXPECT_EQ(conflicts("hold"), 0);
    EXPECT_EQ(s_.applied("dst").back()["record"]["body"]["memo"], "first");
    EXPECT_EQ(s_.applied("src").back()["record"]["body"]["memo"], "first");
}

INSTANTIATE_TEST_SUITE_P(Engines, BusConflictTest,
                         ::testing::Values(testing::StoreEngine::sqlite, testing::StoreEngine::postgresql),
                         [](const auto& engine) { return testing::to_string(engine.param); });

}  // namespace
}  // namespace ledgersync
