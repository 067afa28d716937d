#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "scratch_store.hpp"

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

// Every test runs on each engine: the bus's guarantees must hold on both.
class StoreTest : public ::testing::TestWithParam<testing::StoreEngine> {
protected:
    StoreTest() {
        store_.write([](StoreTransaction& t) {
            t.add_event({0, {"hs", "invoice", "1"}, "hubspot", "1", "{}", 0});
        });
    }
    testing::ScratchDatabase database_{GetParam()};
    std::unique_ptr<Store> opened_ = database_.open();
    Store& store_ = *opened_;
};

TEST_P(StoreTest, deduplicates_events_by_object_and_version) {
    store_.write([](StoreTransaction& t) {
        EXPECT_FALSE(t.add_event({0, {"hs", "invoice", "1"}, "hubspot", "1", "{\"again\":1}", 5}).has_value());
        const auto id = t.add_event({0, {"hs", "invoice", "1"}, "hubspot", "2", "{}", 5});
        ASSERT_TRUE(id.has_value());
        EXPECT_EQ(t.event(*id)->version, "2");
    });
}

TEST_P(StoreTest, finds_the_version_of_an_object_read_before_an_event) {
    store_.write([](StoreTransaction& t) {
        const ObjectKey invoice{"hs", "invoice", "7"};
        const auto first = t.add_event({0, invoice, "hubspot", "a", "{\"n\":1}", 5});
        t.add_event({0, {"hs", "invoice", "8"}, "hubspot", "b", "{}", 6});
        const auto second = t.add_event({0, invoice, "hubspot", "c", "{\"n\":2}", 7});
        const auto third = t.add_event({0, invoice, "hubspot", "d", "{\"n\":3}", 8});
        ASSERT_TRUE(first && second && third);
        const auto before_third = t.event_before(invoice, *third);
        ASSERT_TRUE(before_third.has_value());
        EXPECT_EQ(before_third->id, *second);
        EXPECT_EQ(before_third->version, "c");
        EXPECT_EQ(before_third->record_json, "{\"n\":2}");
        EXPECT_EQ(before_third->object.id, "7");
        EXPECT_EQ(t.event_before(invoice, *second)->version, "a");
        EXPECT_FALSE(t.event_before(invoice, *first).has_value());
    });
}

TEST_P(StoreTest, an_idempotency_key_creates_one_job_however_often_it_is_added) {
    store_.write([](StoreTransaction& t) {
        const auto first = t.add_job(make_job("1", "k1"));
        const auto again = t.add_job(make_job("1", "k1"));
        EXPECT_EQ(first, again);
        EXPECT_EQ(t.job_counts().pending, 1);
    });
}

TEST_P(StoreTest, a_backfill_counts_the_jobs_of_its_route_made_from_its_start_to_its_end_only) {
    store_.write([](StoreTransaction& t) {
        const std::int64_t before = t.add_job(make_job("old", "k-old"));
        t.set_job_state(before, JobState::done, 0);
        t.begin_backfill("r", "hs", "invoice", BackfillRecord::kFirstRead, 100, false);
        const std::int64_t a = t.add_job(make_job("A", "a1"));
        t.add_job(make_job("B", "b1"));
        Job other_route = make_job("C", "c1");
        other_route.route = "other";
        t.add_job(other_route);
        t.set_job_state(a, JobState::done, 0);
        t.advance_backfills("", "hs", "invoice", BackfillRecord::kFirstRead, 3, false, 150);
        // Recorded before: kept as it was.
        t.begin_backfill("r", "hs", "invoice", BackfillRecord::kFirstRead, 160, false);
        std::vector<BackfillRecord> walks = t.backfills();
        ASSERT_EQ(walks.size(), 1u);
        EXPECT_EQ(walks[0].started_at_ms, 100);
        EXPECT_EQ(walks[0].from_job_id, before);
        EXPECT_TRUE(walks[0].walking());
        EXPECT_EQ(walks[0].records_read, 3);

        t.advance_backfills("", "hs", "invoice", BackfillRecord::kFirstRead, 2, true, 200);
        const std::int64_t after_end = t.add_job(make_job("D", "d1"));
        walks = t.backfills();
        EXPECT_FALSE(walks[0].walking());
        EXPECT_EQ(walks[0].ended_at_ms, 200);
        EXPECT_EQ(walks[0].records_read, 5);
        EXPECT_EQ(walks[0].to_job_id, after_end - 1);
        // An ended walk counts no more pages.
        t.advance_backfills("", "hs", "invoice", BackfillRecord::kFirstRead, 7, false, 300);
        EXPECT_EQ(t.backfills()[0].records_read, 5);

        const JobCounts c = t.job_counts_between("r", walks[0].from_job_id, walks[0].to_job_id);
        EXPECT_EQ(c.done, 1);     // A, not the job done before the start
        EXPECT_EQ(c.pending, 1);  // B, not D made after the end nor C of another route
        EXPECT_TRUE(t.has_unsettled_between("r", walks[0].from_job_id, walks[0].to_job_id));
        t.set_job_state(a + 1, JobState::failed, 0);
        EXPECT_FALSE(t.has_unsettled_between("r", walks[0].from_job_id, walks[0].to_job_id));  // D is past the end

        // A restart starts the walk again from the jobs made so far.
        t.begin_backfill("r", "hs", "invoice", BackfillRecord::kRouteEnabledLate, 400, true);
        walks = t.backfills();
        EXPECT_EQ(walks[0].reason, BackfillRecord::kRouteEnabledLate);
        EXPECT_EQ(walks[0].from_job_id, after_end);
        EXPECT_TRUE(walks[0].walking());
        EXPECT_EQ(walks[0].records_read, 0);
    });
}

TEST_P(StoreTest, leases_only_the_oldest_unfinished_job_of_each_object) {
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

TEST_P(StoreTest, due_jobs_are_counted_per_target_up_to_the_bound_asked) {
    store_.write([](StoreTransaction& t) {
        EXPECT_EQ(t.due_job_count("qbo", 100, 10), 0);
        t.add_job(make_job("A", "a1"));
        t.add_job(make_job("B", "b1"));
        t.add_job(make_job("C", "c1"));
        t.add_job(make_job("D", "d1", "other"));
        EXPECT_EQ(t.due_job_count("qbo", 100, 10), 3);
        EXPECT_EQ(t.due_job_count("qbo", 100, 2), 2) << "no further than asked";
        EXPECT_EQ(t.due_job_count("other", 100, 10), 1);
        t.lease_jobs("qbo", 1, 100, "w1", 1000, {});
        EXPECT_EQ(t.due_job_count("qbo", 100, 10), 2) << "a leased job is not due";
    });
}

TEST_P(StoreTest, a_stale_lease_cannot_overwrite_a_newer_one) {
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

TEST_P(StoreTest, a_lease_ended_without_an_outcome_leaves_its_write_in_doubt_until_an_attempt_settles_it) {
    store_.write([](StoreTransaction& t) {
        const std::int64_t a = t.add_job(make_job("A", "a1"));
        const std::int64_t later = t.add_job(make_job("B", "b1"));
        const auto first = t.lease_jobs("qbo", 1, 0, "w1", 10, {}).at(0);
        ASSERT_EQ(first.id, a);
        EXPECT_FALSE(first.in_doubt);
        EXPECT_FALSE(t.has_write_in_doubt("qbo", "invoice", later)) << "a live lease is in flight, not in doubt";
        EXPECT_EQ(t.release_leases("w1", false, 5), 1);  // its host stopped
        EXPECT_TRUE(t.job(a)->in_doubt);
        EXPECT_TRUE(t.has_write_in_doubt("qbo", "invoice", later));
        EXPECT_FALSE(t.has_write_in_doubt("qbo", "invoice", a)) << "a job's own write is not older than itself";
        EXPECT_FALSE(t.has_write_in_doubt("qbo", "payment", later)) << "another type";
        EXPECT_FALSE(t.has_write_in_doubt("stripe", "invoice", later)) << "another connection";

        // An attempt that ends transient keeps the doubt; one that settles the job ends it.
        Job retried = t.lease_jobs("qbo", 1, 20, "w2", 30, {}).at(0);
        EXPECT_TRUE(retried.in_doubt);
        retried.state = JobState::pending;
        ASSERT_TRUE(t.update_leased_job(retried, retried.lease_token));
        EXPECT_TRUE(t.has_write_in_doubt("qbo", "invoice", later));
        Job settled = t.lease_jobs("qbo", 1, 40, "w2", 50, {}).at(0);
        settled.state = JobState::done;
        ASSERT_TRUE(t.update_leased_job(settled, settled.lease_token));
        EXPECT_FALSE(t.job(a)->in_doubt);
        EXPECT_FALSE(t.has_write_in_doubt("qbo", "invoice", later));

        // An expired lease is in doubt too; a job an operator dismissed is no longer awaited.
        t.lease_jobs("qbo", 1, 60, "w3", 70, {});
        EXPECT_EQ(t.release_leases("", true, 80), 1);
        EXPECT_TRUE(t.has_write_in_doubt("qbo", "invoice", later + 1));
        t.set_job_state(later, JobState::dismissed, 90);
        EXPECT_FALSE(t.has_write_in_doubt("qbo", "invoice", later + 1));
    });
}

TEST_P(StoreTest, skips_paused_routes_and_jobs_not_yet_due) {
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

TEST_P(StoreTest, waiting_jobs_wake_when_their_reference_is_linked) {
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

TEST_P(StoreTest, links_group_the_same_object_across_connections) {
    store_.write([](StoreTransaction& t) {
        t.put_link_member({"e1", {"hs", "customer", "9"}, "", "", 1});
        t.put_link_member({"e1", {"qbo", "customer", "58"}, "3", "fp", 1});
        const auto member = t.link_member({"hs", "customer", "9"});
        ASSERT_TRUE(member.has_value());
        const auto other = t.linked_member(member->entity_id, "qbo", "customer");
        ASSERT_TRUE(other.has_value());
        EXPECT_EQ(other->object.id, "58");
        EXPECT_EQ(other->last_written_version, "3");
        EXPECT_TRUE(other->earlier_written_versions.empty());
        EXPECT_FALSE(t.linked_member("e1", "stripe", "customer").has_value());
    });
}

TEST_P(StoreTest, a_link_keeps_the_versions_written_before_its_last_in_their_order) {
    store_.write([](StoreTransaction& t) {
        LinkMember member{"e1", {"qbo", "payment", "1"}, "2", "fp", 1};
        member.earlier_written_versions = {"1", "0"};
        t.put_link_member(member);
        EXPECT_EQ(t.link_member(member.object)->earlier_written_versions, (std::vector<std::string>{"1", "0"}));
        member.earlier_written_versions.clear();
        t.put_link_member(member);
        EXPECT_TRUE(t.link_member(member.object)->earlier_written_versions.empty());
    });
}

TEST_P(StoreTest, one_open_failure_per_job_updated_until_resolved) {
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

Failure read_failure(const std::string& id, const std::string& reason, const std::string& updated_at) {
    Failure f;
    f.object = {"qbo", "invoice", id};
    f.stage = FailureStage::read;
    f.outcome_class = "data";
    f.reason = reason;
    f.payload_json = "{\"raw\":{}}";
    f.source_updated_at = updated_at;
    f.attempts = 1;
    return f;
}

TEST_P(StoreTest, a_read_failure_has_no_job_and_one_row_per_object_until_resolved) {
    store_.write([](StoreTransaction& t) {
        EXPECT_FALSE(t.has_read_failures("qbo"));
        const auto id = t.put_failure(read_failure("130", "line type DescriptionOnly", "2026-11-20T10:00:00Z"));
        EXPECT_TRUE(t.has_read_failures("qbo"));
        EXPECT_FALSE(t.has_read_failures("hs"));
        // A replayed page reports it again: the same failure, updated, not a second one.
        EXPECT_EQ(t.put_failure(read_failure("130", "line type DescriptionOnly (again)", "2026-11-20T10:00:00Z")), id);
        auto f = t.failure(id);
        EXPECT_EQ(f->job_id, 0);
        EXPECT_EQ(f->route, "");
        EXPECT_EQ(f->stage, FailureStage::read);
        EXPECT_EQ(f->attempts, 1);
        EXPECT_EQ(f->reason, "line type DescriptionOnly (again)");
        // Retried, and still not readable: open again, one more attempt.
        t.set_failure_state(id, FailureState::retried, 5);
        EXPECT_EQ(t.put_failure(read_failure("130", "still", "2026-11-20T10:00:00Z")), id);
        f = t.failure(id);
        EXPECT_EQ(f->state, FailureState::open);
        EXPECT_EQ(f->attempts, 2);
        // Only failures of the read stage and of the connection are listed with those filters.
        FailureFilter filter;
        filter.stage = FailureStage::read;
        filter.connection = "qbo";
        EXPECT_EQ(t.failures(filter).size(), 1u);
        filter.connection = "hs";
        EXPECT_TRUE(t.failures(filter).empty());
        // An older valid copy does not resolve a failure about a later change; a later one does.
        EXPECT_EQ(t.resolve_read_failures({"qbo", "invoice", "130"}, "2026-11-19T10:00:00Z", 6), 0);
        EXPECT_EQ(t.resolve_read_failures({"qbo", "invoice", "130"}, "2026-11-21T10:00:00Z", 6), 1);
        EXPECT_EQ(t.failure(id)->state, FailureState::resolved);
        EXPECT_FALSE(t.has_read_failures("qbo"));
        // Once resolved, a new report is a new failure.
        EXPECT_NE(t.put_failure(read_failure("130", "broken again", "2026-11-22T10:00:00Z")), id);
    });
}

TEST_P(StoreTest, a_failure_records_its_stage_and_source_version) {
    store_.write([](StoreTransaction& t) {
        Failure f;
        f.job_id = t.add_job(make_job("A", "a1"));
        f.route = "r";
        f.object = {"hs", "invoice", "A"};
        f.stage = FailureStage::map;
        f.outcome_class = "data";
        f.reason = "mapper refused it";
        f.source_version = "7";
        const auto id = t.put_failure(f);
        EXPECT_EQ(t.failure(id)->stage, FailureStage::map);
        EXPECT_EQ(t.failure(id)->source_version, "7");
    });
}

TEST_P(StoreTest, a_throwing_body_rolls_everything_back) {
    EXPECT_THROW(store_.write([](StoreTransaction& t) {
        t.set_cursor("hs", "invoice", "c1", 1);
        throw std::runtime_error("boom");
    }),
                 std::runtime_error);
    store_.read([](StoreTransaction& t) { EXPECT_FALSE(t.cursor("hs", "invoice").has_value()); });
}

TEST_P(StoreTest, keeps_state_pauses_and_timeline) {
    store_.write([](StoreTransaction& t) {
        t.put_state_value("qbo", "refresh_token", {"v1:abc", true, 3});
        t.set_pause({"connection", "qbo", "token revoked", 4});
        t.add_timeline({{"hs", "invoice", "1"}, 5, "routed", "r", 0, "to qbo.invoice"});
    });
    const auto reopened = database_.open();
    reopened->read([](StoreTransaction& t) {
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

TEST_P(StoreTest, an_object_is_pending_while_a_job_for_it_is_to_run_then_shows_its_last_outcome) {
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

TEST_P(StoreTest, the_mirror_keeps_the_newest_copy_when_versions_arrive_out_of_order) {
    store_.write([](StoreTransaction& t) {
        const ObjectKey key{"hs", "invoice", "1"};
        EXPECT_TRUE(t.put_mirror({key, "hubspot", "2", "2026-11-26T10:00:00Z", 1, "", 1, false}));
        EXPECT_FALSE(t.put_mirror({key, "hubspot", "1", "2026-11-26T09:00:00Z", 1, "", 2, false}));  // older
        EXPECT_TRUE(t.put_mirror({key, "hubspot", "3", "2026-11-26T11:00:00Z", 1, "", 3, false}));
        EXPECT_EQ(t.mirror(key)->version, "3");
        EXPECT_EQ(t.mirror(key)->record_json, "{}");  // the event's text
    });
}

TEST_P(StoreTest, the_stale_check_compares_updated_at_as_instants_not_as_text) {
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

TEST_P(StoreTest, a_webhook_delivery_keeps_bytes_that_are_not_text) {
    const std::string body("\x00\xff{\"a\":1}\x80", 10);
    store_.write([&](StoreTransaction& t) {
        t.add_webhook_delivery({0, "hs", "POST", "/webhooks/hs", {{"X-Sig", "a\xfe"}}, body, 1, 0, 1, ""});
    });
    store_.read([&](StoreTransaction& t) {
        const auto delivery = t.next_webhook_delivery("hs", 1);
        ASSERT_TRUE(delivery.has_value());
        EXPECT_EQ(delivery->body, body);
        ASSERT_EQ(delivery->headers.size(), 1u);
        EXPECT_EQ(delivery->headers[0].second, "a\xfe");
        EXPECT_EQ(t.webhook_backlog("hs"), 1);
    });
}

TEST_P(StoreTest, two_stores_on_one_database_never_lease_the_same_job) {
    // Another process on the same database (the CLI, later another host) leasing at once.
    store_.write([](StoreTransaction& t) {
        for (int i = 0; i < 40; ++i) t.add_job(make_job(std::to_string(i), "k" + std::to_string(i)));
    });
    const auto other = database_.open();
    std::vector<Job> mine;
    std::vector<Job> theirs;
    std::thread their_worker([&] {
        for (int round = 0; round < 20; ++round) {
            // A body may run more than once (a lost conflict is retried): keep only the committed run's jobs.
            std::vector<Job> leased;
            other->write([&](StoreTransaction& t) { leased = t.lease_jobs("qbo", 2, 100, "them", 1000, {}); });
            theirs.insert(theirs.end(), leased.begin(), leased.end());
        }
    });
    for (int round = 0; round < 20; ++round) {
        std::vector<Job> leased;
        store_.write([&](StoreTransaction& t) { leased = t.lease_jobs("qbo", 2, 100, "me", 1000, {}); });
        mine.insert(mine.end(), leased.begin(), leased.end());
    }
    their_worker.join();
    std::set<std::int64_t> ids;
    for (const auto* leased : {&mine, &theirs}) {
        for (const auto& j : *leased) EXPECT_TRUE(ids.insert(j.id).second) << "job " << j.id << " leased twice";
    }
    EXPECT_EQ(ids.size(), 40u);
    store_.read([](StoreTransaction& t) { EXPECT_EQ(t.job_counts().leased, 40); });
}

TEST_P(StoreTest, refuses_a_database_from_a_newer_ledgersync_and_says_what_to_do) {
    const int latest = store_.schema_version();
    database_.execute("INSERT INTO schema_migrations VALUES (999, 'from the future', 0)");
    try {
        database_.open();
        FAIL() << "a newer schema was accepted";
    } catch (const StoreError& e) {
        EXPECT_THAT(e.what(), HasSubstr("has schema version 999 but this ledgersync knows versions up to " +
                                        std::to_string(latest)));
        EXPECT_THAT(e.what(), HasSubstr("run that version, or restore a backup"));
    }
}

TEST_P(StoreTest, a_new_database_gets_the_whole_schema_and_migrations_apply_once) {
    EXPECT_EQ(store_.schema_version_found(), 0);
    EXPECT_GE(store_.schema_version(), 5);
    const auto again = database_.open();
    EXPECT_EQ(again->schema_version_found(), store_.schema_version());
    EXPECT_EQ(again->schema_version(), store_.schema_version());
}

TEST_P(StoreTest, keeps_what_each_route_carried_per_object_and_the_content_digest_of_each_job) {
    store_.write([](StoreTransaction& t) {
        EXPECT_FALSE(t.carried_content("r", {"hs", "invoice", "1"}).has_value());
        t.put_carried_content({"r", {"hs", "invoice", "1"}, "d1", "v1", 10});
        t.put_carried_content({"r", {"hs", "invoice", "1"}, "d2", "v2", 20});
        t.put_carried_content({"other", {"hs", "invoice", "1"}, "d9", "v1", 30});
        const auto carried = t.carried_content("r", {"hs", "invoice", "1"});
        ASSERT_TRUE(carried.has_value());
        EXPECT_EQ(carried->digest, "d2");
        EXPECT_EQ(carried->version, "v2");
        EXPECT_EQ(carried->at_ms, 20);
        EXPECT_EQ(t.carried_content("other", {"hs", "invoice", "1"})->digest, "d9");
        EXPECT_FALSE(t.carried_content("r", {"hs", "invoice", "2"}).has_value());

        Job first = make_job("1", "k1");
        first.content_digest = "d1";
        first.id = t.add_job(first);
        Job second = make_job("1", "k2");
        second.content_digest = "d2";
        second.id = t.add_job(second);
        Job done = make_job("1", "k3");
        done.id = t.add_job(done);
        t.set_job_state(done.id, JobState::done, 1);
        t.set_job_state(first.id, JobState::failed, 1);
        const auto unsettled = t.unsettled_jobs("r", {"hs", "invoice", "1"}, 10);
        ASSERT_EQ(unsettled.size(), 2u);
        EXPECT_EQ(unsettled[0].id, second.id);  // newest first
        EXPECT_EQ(unsettled[0].content_digest, "d2");
        EXPECT_EQ(unsettled[1].state, JobState::failed);
        EXPECT_TRUE(t.unsettled_jobs("other", {"hs", "invoice", "1"}, 10).empty());
        EXPECT_EQ(t.job_by_idempotency_key("k2")->id, second.id);
        EXPECT_FALSE(t.job_by_idempotency_key("k9").has_value());

        // A failed job retried with a newer version of its source is mapped again from that version.
        t.retry_job_at_version(first.id, "v7", 1, "k7", "upsert", 50);
        const auto retried = t.job(first.id);
        EXPECT_EQ(retried->state, JobState::pending);
        EXPECT_EQ(retried->source_version, "v7");
        EXPECT_EQ(retried->idempotency_key, "k7");
        EXPECT_EQ(retried->next_attempt_at_ms, 50);
        EXPECT_TRUE(retried->payload_json.empty());
        EXPECT_TRUE(retried->content_digest.empty());
    });
}

TEST_P(StoreTest, migration_7_keeps_the_failures_of_a_version_6_database_and_takes_conflict_failures) {
    testing::ScratchDatabase old(GetParam());
    old.migrate_up_to(6);
    old.execute("INSERT INTO jobs (route, source_connection, source_type, source_id, source_version, event_id, "
                "target_connection, target_type, object_key, idempotency_key, operation, payload_json, state, "
                "next_attempt_at_ms, created_at_ms) VALUES ('r', 'hs', 'invoice', 'A', 'v6', 1, 'qbo', 'invoice', "
                "'qbo|hs/invoice/A', 'k6', 'upsert', '{}', 'failed', 0, 0)");
    old.execute("INSERT INTO failures (job_id, stage, route, connection, type, object_id, outcome_class, reason, "
                "attempts, first_failed_at_ms, last_failed_at_ms, state) VALUES (1, 'write', 'r', 'hs', 'invoice', "
                "'A', 'data', 'refused', 1, 5, 5, 'open')");
    const auto store = old.open();
    EXPECT_EQ(store->schema_version_found(), 6);
    EXPECT_GE(store->schema_version(), 7);
    store->write([](StoreTransaction& t) {
        const auto kept = t.failures({});
        ASSERT_EQ(kept.size(), 1u);
        EXPECT_EQ(kept[0].reason, "refused");
        EXPECT_EQ(kept[0].stage, FailureStage::write);
        t.set_failure_state(kept[0].id, FailureState::dismissed, 6);
        Failure conflict = kept[0];
        conflict.stage = FailureStage::conflict;
        conflict.reason = "edited on both sides";
        const auto id = t.put_failure(conflict);
        EXPECT_EQ(t.failure(id)->stage, FailureStage::conflict);
    });
}

TEST_P(StoreTest, migration_8_keeps_the_sync_status_of_a_version_7_database_and_takes_refused) {
    testing::ScratchDatabase old(GetParam());
    old.migrate_up_to(7);
    old.execute("INSERT INTO sync_status (connection, type, object_id, target_connection, route, state, target_id, "
                "reason, job_id, updated_at_ms) VALUES ('hs', 'invoice', 'A', 'qbo', 'r', 'synced', '130', '', 4, 5)");
    const auto store = old.open();
    EXPECT_EQ(store->schema_version_found(), 7);
    EXPECT_GE(store->schema_version(), 8);
    store->write([](StoreTransaction& t) {
        const auto kept = t.sync_statuses({"hs", "invoice", "A"});
        ASSERT_EQ(kept.size(), 1u);
        EXPECT_EQ(kept[0].state, SyncState::synced);
        EXPECT_EQ(kept[0].target_id, "130");
        EXPECT_EQ(kept[0].job_id, 4);
        // An invoice made for a payment another invoice bills (docs/bus.md, "Duplicates").
        t.put_sync_status({{"hs", "invoice", "B"}, "r", "qbo", SyncState::refused, "", "payment P of this invoice was made "
                           "through invoice A", 0, 6});
        const auto refused = t.sync_statuses({"hs", "invoice", "B"});
        ASSERT_EQ(refused.size(), 1u);
        EXPECT_EQ(refused[0].state, SyncState::refused);
        EXPECT_EQ(refused[0].reason, "payment P of this invoice was made through invoice A");
    });
}

TEST_P(StoreTest, migration_6_applies_to_a_version_5_database_and_keeps_its_jobs) {
    testing::ScratchDatabase old(GetParam());
    old.migrate_up_to(5);
    old.execute("INSERT INTO jobs (route, source_connection, source_type, source_id, source_version, event_id, "
                "target_connection, target_type, object_key, idempotency_key, operation, payload_json, state, "
                "next_attempt_at_ms, created_at_ms) VALUES ('r', 'hs', 'invoice', 'A', 'v5', 1, 'qbo', 'invoice', "
                "'qbo|hs/invoice/A', 'k5', 'upsert', '{}', 'pending', 0, 0)");
    const auto store = old.open();
    EXPECT_EQ(store->schema_version_found(), 5);
    EXPECT_GE(store->schema_version(), 6);
    store->write([](StoreTransaction& t) {
        const auto job = t.job_by_idempotency_key("k5");
        ASSERT_TRUE(job.has_value());
        EXPECT_EQ(job->source_version, "v5");
        EXPECT_TRUE(job->content_digest.empty());
        t.put_carried_content({"r", {"hs", "invoice", "A"}, "d", "v5", 1});
        EXPECT_EQ(t.carried_content("r", {"hs", "invoice", "A"})->version, "v5");
    });
}

TEST(PostgresStoreTest, a_failed_statement_the_body_swallowed_fails_the_write_instead_of_losing_it_silently) {
    // PostgreSQL aborts a transaction at its first failed statement and answers COMMIT with a
    // rollback: the store must say so rather than return as if the body's writes were committed.
    testing::ScratchDatabase database(testing::StoreEngine::postgresql);
    const auto store = database.open();
    Failure orphan;
    orphan.job_id = 12345;  // no such job: the foreign key refuses the row
    orphan.object = {"hs", "invoice", "1"};
    orphan.outcome_class = "data";
    orphan.reason = "refused";
    EXPECT_THROW(store->write([&](StoreTransaction& t) {
        t.set_cursor("hs", "invoice", "c1", 1);
        try {
            t.put_failure(orphan);
        } catch (const std::exception&) {
            // swallowed, as a careless caller might
        }
    }),
                 StoreError);
    store->read([](StoreTransaction& t) { EXPECT_FALSE(t.cursor("hs", "invoice").has_value()); });
}

TEST_P(StoreTest, counts_settled_jobs_per_route_in_the_hour_of_their_settlement) {
    constexpr std::int64_t kHour = kActivityHourMs;
    const std::int64_t ten = 1'780'000'000'000 / kHour * kHour;  // an hour's start
    store_.write([&](StoreTransaction& t) {
        // Jobs 1 and 2 are counted in different rows of the hour; the hour is their sum.
        t.count_settled("invoices", 1, Settled::synced, ten);
        t.count_settled("invoices", 2, Settled::synced, ten + kHour - 1);  // the hour's last ms
        t.count_settled("invoices", 3, Settled::failed, ten + 30 * 60'000);
        t.count_settled("invoices", 3, Settled::synced, ten + kHour);  // the next hour
        t.count_settled("payments", 4, Settled::skipped, ten + 5);
        t.count_settled("payments", 4, Settled::failed, ten + 3 * kHour);  // beyond the range asked below
    });
    std::vector<ActivityHour> all;
    std::vector<ActivityHour> payments;
    store_.read([&](StoreTransaction& t) {
        all = t.activity(ten, ten + 2 * kHour, "");
        payments = t.activity(ten, ten + 2 * kHour, "payments");
    });
    ASSERT_EQ(all.size(), 3u);
    EXPECT_EQ(all[0].route, "invoices");
    EXPECT_EQ(all[0].hour_start_ms, ten);
    EXPECT_EQ(all[0].synced, 2);
    EXPECT_EQ(all[0].failed, 1);
    EXPECT_EQ(all[0].skipped, 0);
    EXPECT_EQ(all[1].route, "invoices");
    EXPECT_EQ(all[1].hour_start_ms, ten + kHour);
    EXPECT_EQ(all[1].synced, 1);
    EXPECT_EQ(all[2].route, "payments");
    EXPECT_EQ(all[2].skipped, 1);
    ASSERT_EQ(payments.size(), 1u);
    EXPECT_EQ(payments[0].hour_start_ms, ten);
    EXPECT_EQ(payments[0].failed, 0);
}

TEST_P(StoreTest, a_rolled_back_settlement_is_not_counted) {
    EXPECT_THROW(store_.write([](StoreTransaction& t) {
        t.count_settled("invoices", 1, Settled::synced, kActivityHourMs);
        throw std::runtime_error("the settlement's transaction fails");
    }),
                 std::runtime_error);
    std::vector<ActivityHour> hours;
    store_.read([&](StoreTransaction& t) { hours = t.activity(0, 10 * kActivityHourMs, ""); });
    EXPECT_TRUE(hours.empty());
}

INSTANTIATE_TEST_SUITE_P(Engines, StoreTest, ::testing::Values(testing::StoreEngine::sqlite, testing::StoreEngine::postgresql),
                         [](const auto& engine) { return testing::to_string(engine.param); });

}  // namespace
}  // namespace ledgersync::store
