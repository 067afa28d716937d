// `ledgersync store export --to postgresql DSN`: an install moves from SQLite to PostgreSQL with
// its cursors, links, mirror, pending jobs, failures, webhook inbox and hourly activity, ids
// included; the next ids follow the copied ones; a database that is not empty is refused and
// left as it was.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "child_process.hpp"
#include "scratch_store.hpp"

namespace ledgersync::store {
namespace {

using ::testing::HasSubstr;

class StoreExportTest : public ::testing::Test {
protected:
    StoreExportTest() {
        testing::write_file(config_, nlohmann::json{{"data_dir", (dir_ / "data").string()},
                                                     {"store", sqlite_.store_config()}}.dump());
    }

    testing::CommandResult export_to(const std::string& dsn) {
        return testing::run_command(LEDGERSYNC_BINARY, {"store", "export", "--to", "postgresql", dsn, "--config", config_.string()});
    }

    testing::ScratchDatabase sqlite_{testing::StoreEngine::sqlite};
    testing::ScratchDatabase postgres_{testing::StoreEngine::postgresql};
    testing::TempDir dir_;
    std::filesystem::path config_ = dir_ / "ledgersync.json";
};

TEST_F(StoreExportTest, moves_everything_the_bus_needs_so_that_nothing_is_synced_twice) {
    const ObjectKey invoice{"hs", "invoice", "A"};
    const std::string body("\x00\xff{}", 4);
    std::int64_t job = 0;
    {
        const auto source = sqlite_.open();
        source->write([&](StoreTransaction& t) {
            const auto event = t.add_event({0, invoice, "hubspot", "3", "{\"total\":\"100.10\"}", 5}).value();
            t.put_mirror({invoice, "hubspot", "3", "2026-01-01T00:00:00Z", event, "", 5, false});
            t.set_cursor("hs", "invoice", "cursor-9", 5);
            t.put_link_member({"E1", invoice, "3", "fp", 5});
            Job j;
            j.route = "r";
            j.source = invoice;
            j.source_version = "3";
            j.event_id = event;
            j.target_connection = "qbo";
            j.target_type = "invoice";
            j.object_key = "qbo|hs/invoice/A";
            j.idempotency_key = "key-A3";
            j.operation = "upsert";
            j.content_digest = "digest-A3";
            job = t.add_job(j);
            t.put_carried_content({"r", invoice, "digest-A2", "2", 5});
            Failure f;
            f.stage = FailureStage::read;
            f.object = {"hs", "invoice", "B"};
            f.outcome_class = "data";
            f.reason = "unreadable";
            t.put_failure(f);
            t.add_webhook_delivery({0, "hs", "POST", "/webhooks/hs", {{"X-Sig", "s"}}, body, 5, 0, 5, ""});
            t.put_state_value("qbo", "refresh_token", {"v1:sealed", true, 5});
            t.count_settled("r", job, Settled::synced, 5);
        });
    }
    const auto result = export_to(postgres_.store_config()["postgresql"]["dsn"]);
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_THAT(result.out, HasSubstr("jobs 1"));

    const auto target = postgres_.open();
    target->write([&](StoreTransaction& t) {
        EXPECT_EQ(t.cursor("hs", "invoice"), "cursor-9");
        EXPECT_EQ(t.mirror(invoice)->record_json, "{\"total\":\"100.10\"}");
        EXPECT_EQ(t.link_member(invoice)->entity_id, "E1");
        EXPECT_FALSE(t.add_event({0, invoice, "hubspot", "3", "{}", 6}).has_value()) << "a version seen before is new again";
        Job again = *t.job(job);
        EXPECT_EQ(again.idempotency_key, "key-A3");
        EXPECT_EQ(again.content_digest, "digest-A3");
        // What the route carried: a version with that content is not written again.
        EXPECT_EQ(t.carried_content("r", invoice)->digest, "digest-A2");
        EXPECT_EQ(t.add_job(again), job);  // the same key creates nothing
        EXPECT_EQ(t.lease_jobs("qbo", 10, 10, "w", 100, {}).size(), 1u);
        ASSERT_EQ(t.failures({}).size(), 1u);
        EXPECT_EQ(t.failures({})[0].reason, "unreadable");
        EXPECT_EQ(t.next_webhook_delivery("hs", 5)->body, body);
        EXPECT_EQ(t.state_value("qbo", "refresh_token")->value, "v1:sealed");
        // The hourly activity keeps its history.
        const auto activity = t.activity(0, kActivityHourMs, "r");
        ASSERT_EQ(activity.size(), 1u);
        EXPECT_EQ(activity[0].synced, 1);
        // New rows get ids after the copied ones.
        EXPECT_GT(t.add_event({0, invoice, "hubspot", "4", "{}", 7}).value(), 1);
    });

    const auto again = export_to(postgres_.store_config()["postgresql"]["dsn"]);
    EXPECT_EQ(again.exit_code, 1);
    EXPECT_THAT(again.err, HasSubstr("is not empty"));
}

}  // namespace
}  // namespace ledgersync::store
