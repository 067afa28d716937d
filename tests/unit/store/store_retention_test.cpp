// The store's retention primitives: what is old and no longer needed goes, in bounded steps;
// what the bus still reads (each object's current copy, jobs and failures still to settle, the
// links) stays whatever its age. On both engines.

#include <gtest/gtest.h>

#include <filesystem>
#include <functional>

#include "scratch_store.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace ledgersync::store {
namespace {

constexpr std::int64_t kOld = 1'000;
constexpr std::int64_t kCutoff = 5'000;
constexpr std::int64_t kRecent = 9'000;
constexpr std::int64_t kEveryRow = 1'000'000;

class RetentionTest : public ::testing::TestWithParam<testing::StoreEngine> {
protected:
    std::int64_t add_event(const std::string& object, const std::string& version, std::int64_t at_ms) {
        std::int64_t id = 0;
        store_.write([&](StoreTransaction& t) { id = t.add_event({0, {"hs", "invoice", object}, "hubspot", version, "{}", at_ms}).value(); });
        return id;
    }

    void mirror(const std::string& object, std::int64_t event_id) {
        store_.write([&](StoreTransaction& t) {
            t.put_mirror({{"hs", "invoice", object}, "hubspot", "v", "", event_id, "", 0, false});
        });
    }

    std::int64_t add_job(const std::string& key, std::int64_t event_id, JobState state, std::int64_t created_at_ms) {
        Job j;
        j.route = "r";
        j.source = {"hs", "invoice", key};
        j.source_version = "1";
        j.event_id = event_id;
        j.target_connection = "qbo";
        j.target_type = "invoice";
        j.object_key = "qbo|hs/invoice/" + key;
        j.idempotency_key = key;
        j.operation = "upsert";
        j.state = state;
        j.created_at_ms = created_at_ms;
        std::int64_t id = 0;
        store_.write([&](StoreTransaction& t) { id = t.add_job(j); });
        return id;
    }

    std::int64_t add_failure(std::int64_t job_id, FailureState state, std::int64_t last_failed_at_ms) {
        Failure f;
        f.job_id = job_id;
        f.route = "r";
        f.object = {"hs", "invoice", "F"};
        f.target_connection = "qbo";
        f.outcome_class = "data";
        f.reason = "refused";
        f.attempts = 1;
        f.first_failed_at_ms = last_failed_at_ms;
        f.last_failed_at_ms = last_failed_at_ms;
        std::int64_t id = 0;
        store_.write([&](StoreTransaction& t) {
            id = t.put_failure(f);
            t.set_failure_state(id, state, last_failed_at_ms);
        });
        return id;
    }

    bool has_event(std::int64_t id) {
        bool found = false;
        store_.read([&](StoreTransaction& t) { found = t.event(id).has_value(); });
        return found;
    }
    bool has_job(std::int64_t id) {
        bool found = false;
        store_.read([&](StoreTransaction& t) { found = t.job(id).has_value(); });
        return found;
    }
    bool has_failure(std::int64_t id) {
        bool found = false;
        store_.read([&](StoreTransaction& t) { found = t.failure(id).has_value(); });
        return found;
    }

    PruneStep step(const std::function<PruneStep(StoreTransaction&)>& prune) {
        PruneStep result;
        store_.write([&](StoreTransaction& t) { result = prune(t); });
        return result;
    }

    testing::ScratchDatabase database_{GetParam()};
    std::unique_ptr<Store> opened_ = database_.open();
    Store& store_ = *opened_;
};

TEST_P(RetentionTest, prunes_old_events_but_keeps_current_copies_recent_ones_and_those_of_unsettled_jobs) {
    const auto superseded = add_event("A", "1", kOld);
    const auto current = add_event("A", "2", kOld);
    mirror("A", current);
    const auto of_done_job = add_event("B", "1", kOld);
    add_job("done", of_done_job, JobState::done, kOld);
    const auto of_pending_job = add_event("C", "1", kOld);
    add_job("pending", of_pending_job, JobState::pending, kOld);
    const auto of_failed_job = add_event("D", "1", kOld);
    add_job("failed", of_failed_job, JobState::failed, kOld);
    const auto recent = add_event("E", "1", kRecent);

    const PruneStep result = step([](StoreTransaction& t) { return t.prune_events(kCutoff, 0, kEveryRow); });

    EXPECT_EQ(result.removed, 2);
    EXPECT_TRUE(result.finished);
    EXPECT_FALSE(has_event(superseded));
    EXPECT_FALSE(has_event(of_done_job));
    EXPECT_TRUE(has_event(current));
    EXPECT_TRUE(has_event(of_pending_job));
    EXPECT_TRUE(has_event(of_failed_job));
    EXPECT_TRUE(has_event(recent));
    // The current copy still dedups a repeated delivery of its version.
    store_.write([](StoreTransaction& t) {
        EXPECT_FALSE(t.add_event({0, {"hs", "invoice", "A"}, "hubspot", "2", "{}", kRecent}).has_value());
    });
}

TEST_P(RetentionTest, a_step_examines_at_most_its_batch_and_the_next_goes_on_from_there) {
    std::vector<std::int64_t> ids;
    for (int i = 0; i < 7; ++i) ids.push_back(add_event("A" + std::to_string(i), "1", kOld));
    const auto recent = add_event("R", "1", kRecent);

    PruneStep first = step([](StoreTransaction& t) { return t.prune_events(kCutoff, 0, 3); });
    EXPECT_EQ(first.removed, 3);
    EXPECT_EQ(first.examined_up_to, ids[2]);
    EXPECT_FALSE(first.finished);
    EXPECT_FALSE(has_event(ids[0]));
    EXPECT_TRUE(has_event(ids[3]));

    std::int64_t removed = first.removed;
    std::int64_t after = first.examined_up_to;
    int steps = 1;
    for (PruneStep next; !next.finished; ++steps) {
        next = step([&](StoreTransaction& t) { return t.prune_events(kCutoff, after, 3); });
        EXPECT_LE(next.removed, 3);
        removed += next.removed;
        after = next.examined_up_to;
    }
    EXPECT_EQ(removed, 7);
    EXPECT_EQ(steps, 3);  // 3 + 3 + (1 old and the recent one, which ends the pass)
    EXPECT_TRUE(has_event(recent));
}

TEST_P(RetentionTest, prunes_old_settled_jobs_unless_a_failure_refers_to_them) {
    const auto event = add_event("A", "1", kRecent);
    const auto done = add_job("done", event, JobState::done, kOld);
    const auto dismissed = add_job("dismissed", event, JobState::dismissed, kOld);
    const auto resolved_later = add_job("resolved", event, JobState::done, kOld);
    add_failure(resolved_later, FailureState::resolved, kOld);
    const auto pending = add_job("pending", event, JobState::pending, kOld);
    const auto waiting = add_job("waiting", event, JobState::waiting, kOld);
    const auto failed = add_job("failed", event, JobState::failed, kOld);
    const auto recent_done = add_job("recent", event, JobState::done, kRecent);

    const PruneStep result = step([](StoreTransaction& t) { return t.prune_settled_jobs(kCutoff, 0, kEveryRow); });

    EXPECT_EQ(result.removed, 2);
    EXPECT_FALSE(has_job(done));
    EXPECT_FALSE(has_job(dismissed));
    EXPECT_TRUE(has_job(resolved_later));
    EXPECT_TRUE(has_job(pending));
    EXPECT_TRUE(has_job(waiting));
    EXPECT_TRUE(has_job(failed));
    EXPECT_TRUE(has_job(recent_done));
}

TEST_P(RetentionTest, a_job_goes_once_its_settled_failure_is_pruned) {
    const auto event = add_event("A", "1", kRecent);
    const auto job = add_job("dismissed", event, JobState::dismissed, kOld);
    const auto failure = add_failure(job, FailureState::dismissed, kOld);

    EXPECT_EQ(step([](StoreTransaction& t) { return t.prune_settled_jobs(kCutoff, 0, kEveryRow); }).removed, 0);
    EXPECT_EQ(step([](StoreTransaction& t) {
                  return t.prune_failures(FailureState::dismissed, kCutoff, 0, kEveryRow);
              }).removed,
              1);
    EXPECT_FALSE(has_failure(failure));
    EXPECT_EQ(step([](StoreTransaction& t) { return t.prune_settled_jobs(kCutoff, 0, kEveryRow); }).removed, 1);
    EXPECT_FALSE(has_job(job));
}

TEST_P(RetentionTest, prunes_only_failures_of_the_state_asked_and_never_open_ones) {
    const auto event = add_event("A", "1", kRecent);
    const auto old_dismissed = add_failure(add_job("j1", event, JobState::dismissed, kOld), FailureState::dismissed, kOld);
    const auto recent_dismissed =
        add_failure(add_job("j2", event, JobState::dismissed, kOld), FailureState::dismissed, kRecent);
    const auto old_resolved = add_failure(add_job("j3", event, JobState::done, kOld), FailureState::resolved, kOld);
    const auto old_open = add_failure(add_job("j4", event, JobState::failed, kOld), FailureState::open, kOld);

    EXPECT_EQ(step([](StoreTransaction& t) {
                  return t.prune_failures(FailureState::dismissed, kCutoff, 0, kEveryRow);
              }).removed,
              1);
    EXPECT_FALSE(has_failure(old_dismissed));
    EXPECT_TRUE(has_failure(recent_dismissed));
    EXPECT_TRUE(has_failure(old_resolved));
    EXPECT_TRUE(has_failure(old_open));
    EXPECT_EQ(step([](StoreTransaction& t) {
                  return t.prune_failures(FailureState::resolved, kCutoff, 0, kEveryRow);
              }).removed,
              1);
    EXPECT_FALSE(has_failure(old_resolved));
    EXPECT_THROW(step([](StoreTransaction& t) { return t.prune_failures(FailureState::open, kCutoff, 0, kEveryRow); }),
                 StoreError);
    EXPECT_TRUE(has_failure(old_open));
}

TEST_P(RetentionTest, prunes_old_timeline_entries_and_keeps_links_and_cursors) {
    const ObjectKey object{"hs", "invoice", "A"};
    store_.write([&](StoreTransaction& t) {
        t.add_timeline({object, kOld, "synced", "r", 0, "old"});
        t.add_timeline({object, kRecent, "synced", "r", 0, "recent"});
        t.put_link_member({"e1", object, "", "", kOld});
        t.set_cursor("hs", "invoices", "c1", kOld);
    });
    EXPECT_EQ(step([](StoreTransaction& t) { return t.prune_timeline(kCutoff, 0, kEveryRow); }).removed, 1);
    store_.read([&](StoreTransaction& t) {
        const auto entries = t.timeline(object, 10);
        ASSERT_EQ(entries.size(), 1u);
        EXPECT_EQ(entries[0].detail, "recent");
        EXPECT_TRUE(t.link_member(object).has_value());
        EXPECT_EQ(t.cursor("hs", "invoices"), "c1");
    });
}

TEST_P(RetentionTest, prunes_activity_hours_that_ended_by_the_cutoff_oldest_first_in_batches) {
    constexpr std::int64_t kHour = kActivityHourMs;
    store_.write([&](StoreTransaction& t) {
        for (std::int64_t hour = 0; hour < 5; ++hour) {
            t.count_settled("a", 0, Settled::synced, hour * kHour);
            t.count_settled("b", 0, Settled::failed, hour * kHour);
        }
    });
    // Hours 0, 1 and 2 ended by 3h; hour 3 had not (it ends at 4h).
    const std::int64_t cutoff = 3 * kHour + 1;
    const auto first = step([&](StoreTransaction& t) { return t.prune_activity(cutoff, 0, 4); });
    EXPECT_EQ(first.removed, 4);
    EXPECT_FALSE(first.finished);
    const auto second = step([&](StoreTransaction& t) { return t.prune_activity(cutoff, first.examined_up_to, 4); });
    EXPECT_EQ(second.removed, 2);
    EXPECT_TRUE(second.finished);
    std::vector<ActivityHour> left;
    store_.read([&](StoreTransaction& t) { left = t.activity(0, 10 * kHour, ""); });
    ASSERT_EQ(left.size(), 4u);
    for (const auto& hour : left) EXPECT_GE(hour.hour_start_ms, 3 * kHour) << hour.route;
}

INSTANTIATE_TEST_SUITE_P(Engines, RetentionTest,
                         ::testing::Values(testing::StoreEngine::sqlite, testing::StoreEngine::postgresql),
                         [](const auto& engine) { return testing::to_string(engine.param); });

TEST(SqliteMaintenanceTest, compact_shrinks_the_file_after_rows_are_pruned) {
    testing::TempDir dir;
    sqlite::SqliteStore store(dir / "ledgersync.db");
    const std::string record(4000, 'x');
    store.write([&](StoreTransaction& t) {
        for (int i = 0; i < 500; ++i) t.add_event({0, {"hs", "invoice", std::to_string(i)}, "hubspot", "1", record, kOld});
    });
    store.write([](StoreTransaction& t) { EXPECT_EQ(t.prune_events(kCutoff, 0, kEveryRow).removed, 500); });
    const std::int64_t before = store.size_bytes();
    store.compact();
    const std::int64_t after = store.size_bytes();
    EXPECT_LT(after * 10, before) << "before " << before << " after " << after;
    EXPECT_EQ(static_cast<std::int64_t>(std::filesystem::file_size(dir / "ledgersync.db")), after);
}

TEST(SqliteMaintenanceTest, a_backup_holds_the_same_rows_and_refuses_to_overwrite_a_file) {
    testing::TempDir dir;
    sqlite::SqliteStore store(dir / "ledgersync.db");
    store.write([](StoreTransaction& t) {
        t.add_event({0, {"hs", "invoice", "1"}, "hubspot", "1", "{\"n\":1}", kOld});
        t.set_cursor("hs", "invoices", "c9", kOld);
    });
    store.backup(dir / "copy.db");
    EXPECT_THROW(store.backup(dir / "copy.db"), StoreError);
    EXPECT_FALSE(std::filesystem::exists(dir / "copy.db.partial"));

    sqlite::SqliteStore copy(dir / "copy.db");
    copy.read([](StoreTransaction& t) {
        ASSERT_TRUE(t.event(1).has_value());
        EXPECT_EQ(t.event(1)->record_json, "{\"n\":1}");
        EXPECT_EQ(t.cursor("hs", "invoices"), "c9");
    });
}

TEST(PostgresMaintenanceTest, vacuum_runs_and_a_backup_points_to_pg_dump) {
    testing::ScratchDatabase database(testing::StoreEngine::postgresql);
    const auto store = database.open();
    store->write([](StoreTransaction& t) {
        for (int i = 0; i < 50; ++i) t.add_event({0, {"hs", "invoice", std::to_string(i)}, "hubspot", "1", "{}", kOld});
    });
    store->write([](StoreTransaction& t) { EXPECT_EQ(t.prune_events(kCutoff, 0, kEveryRow).removed, 50); });
    EXPECT_GT(store->size_bytes(), 0);
    EXPECT_NO_THROW(store->compact());
    try {
        store->backup(database.store_config().dump() + ".dump");
        FAIL() << "a PostgreSQL backup was written by the store";
    } catch (const StoreError& e) {
        EXPECT_NE(std::string(e.what()).find("pg_dump"), std::string::npos) << e.what();
        EXPECT_EQ(std::string(e.what()).find("password"), std::string::npos);
    }
}

}  // namespace
}  // namespace ledgersync::store
