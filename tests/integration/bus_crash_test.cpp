// Crash safety: the real `ledgersync` process is killed with SIGKILL at random moments while it
// delivers 2,000 records, and restarted each time. The target (the ledger test connector)
// fsyncs every write it receives and deduplicates by idempotency key, as QBO and Stripe do.
// At the end every record was applied exactly once, none is missing, and every attempt at a
// record carried the same idempotency key. A second run makes the writes slow and kills the
// host while one is in flight, with a mapper on the route and objects the source cannot
// translate among the records: still nothing lost or applied twice, and every untranslatable
// object is exactly one failure.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <map>
#include <random>
#include <set>

#include "bus_scenario.hpp"
#include "child_process.hpp"
#include "http_request.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace ledgersync {
namespace {

using nlohmann::json;
using testing::BusScenario;
using testing::canonical_invoice;
using testing::envelope;

struct CrashPlan {
    int records = 2000;
    int kills = 20;
    /// Every this-many records, one the source cannot translate instead (0: none).
    int untranslatable_every = 0;
    /// Kill only while a write is in flight (the ledger's in-flight file exists).
    bool kill_mid_write = false;
    /// Random delay before the kill: [0, kill_within_ms].
    int kill_within_ms = 120;
};

struct CrashResult {
    int kills = 0;
    int replays = 0;
    int valid = 0;
};

/// Runs the host as a separate process on `s`'s configuration, kills it plan.kills times, lets
/// the last run finish, and checks that every valid record was applied exactly once with one key.
CrashResult run_with_kills(BusScenario& s, const CrashPlan& plan) {
    std::vector<json> lines;
    CrashResult result;
    for (int i = 0; i < plan.records; ++i) {
        const std::string id = "I" + std::to_string(i);
        if (plan.untranslatable_every > 0 && i % plan.untranslatable_every == 0) {
            lines.push_back(testing::untranslatable("invoice", id, "the source cannot translate " + id));
            continue;
        }
        lines.push_back(envelope("invoice", id, "v1", canonical_invoice("N" + std::to_string(i), std::to_string(i) + ".99")));
        ++result.valid;
    }
    s.append("src", lines);
    testing::write_file(s.config_file(), s.config().dump(2));
    const auto in_flight = s.path("dst.in-flight");

    std::mt19937 random(20261126);
    std::uniform_int_distribution<int> moment_ms(0, plan.kill_within_ms);
    for (int run = 0; run <= plan.kills; ++run) {
        const auto ready = s.path("ready-" + std::to_string(run));
        testing::ChildProcess host(LEDGERSYNC_BINARY, {"run", "--config", s.config_file(), "--ready-file", ready.string()},
                                   s.path("host.log"));
        EXPECT_TRUE(testing::wait_for_file(ready, std::chrono::seconds(30))) << host.log();
        if (run == plan.kills) {
            // Let the last run finish the work, then stop it cleanly.
            EXPECT_TRUE(BusScenario::eventually([&] { return s.applied("dst").size() >= static_cast<std::size_t>(result.valid); },
                                                std::chrono::seconds(300)))
                << s.applied("dst").size() << " applied\n" << host.log();
            const std::string url = json::parse(testing::read_file(ready))["url"];
            EXPECT_TRUE(BusScenario::eventually([&] {
                const auto health = json::parse(testing::http_request("GET", url + "/healthz").body);
                return health["bus"]["jobs"]["done"] == result.valid && health["bus"]["jobs"]["pending"] == 0 &&
                       health["bus"]["jobs"]["leased"] == 0;
            }, std::chrono::seconds(60)));
            host.signal(SIGTERM);
            EXPECT_EQ(host.wait(std::chrono::seconds(30)), 0);
            break;
        }
        // Kill during delivery, not during start-up: wait until this run has written something
        // (or, for a kill mid-write, until a write is in flight), however slow the machine.
        const std::size_t before = s.receipts("dst").size();
        const bool delivering = BusScenario::eventually([&] {
            if (s.applied("dst").size() >= static_cast<std::size_t>(result.valid)) return true;
            return plan.kill_mid_write ? std::filesystem::exists(in_flight) : s.receipts("dst").size() > before;
        }, std::chrono::seconds(120));
        EXPECT_TRUE(delivering) << host.log();
        std::this_thread::sleep_for(std::chrono::milliseconds(moment_ms(random)));
        host.signal(SIGKILL);
        EXPECT_EQ(host.wait(std::chrono::seconds(10)), 128 + SIGKILL);
        std::filesystem::remove(in_flight);  // the killed write never ended
        ++result.kills;
        if (s.applied("dst").size() >= static_cast<std::size_t>(result.valid)) break;  // the remaining kills would prove nothing
    }

    // Every receipt, applied or replayed: group by source record.
    std::map<std::string, std::set<std::string>> keys_of;
    std::map<std::string, int> applied_of;
    for (const auto& r : s.receipts("dst")) {
        const std::string id = r["source_id"];
        keys_of[id].insert(r["key"].get<std::string>());
        if (r.value("applied", false)) ++applied_of[id];
        if (r["result"] == "replayed") ++result.replays;
    }
    EXPECT_EQ(applied_of.size(), static_cast<std::size_t>(result.valid)) << "records missing";
    for (int i = 0; i < plan.records; ++i) {
        if (plan.untranslatable_every > 0 && i % plan.untranslatable_every == 0) continue;
        const std::string id = "I" + std::to_string(i);
        EXPECT_EQ(applied_of[id], 1) << id << " applied " << applied_of[id] << " times";
        EXPECT_EQ(keys_of[id].size(), 1u) << id << " was sent with " << keys_of[id].size() << " different keys";
    }
    return result;
}

TEST(BusCrashTest, sigkill_at_twenty_random_moments_loses_nothing_and_applies_everything_once) {
    BusScenario s;  // used for its files and config only: the host runs as a separate process
    s.add_ledger("src");
    s.add_ledger("dst", {{"write_delay_ms", 10}, {"respond_delay_ms", 20}});
    s.add_route({{"name", "invoices"}, {"from", "src.invoice"}, {"to", "dst.invoice"}});
    s.config()["store"] = {{"sqlite", {{"synchronous", "full"}}}};
    const CrashResult result = run_with_kills(s, CrashPlan{});
    EXPECT_GE(result.kills, 10) << "too few kills landed during delivery; slow the target down";
    // Kills between "applied by the target" and "outcome committed" make the host send the same
    // records again after the restart; the target recognises their keys. This must have happened.
    EXPECT_GT(result.replays, 0) << "no kill landed between a write and its commit; the test proved less than it claims";
    RecordProperty("kills", result.kills);
    RecordProperty("replays", result.replays);
    std::cout << "kills: " << result.kills << ", replayed deliveries absorbed by idempotency keys: " << result.replays << "\n";
}

TEST(BusCrashTest, sigkill_in_the_middle_of_slow_writes_loses_nothing_applies_everything_once_and_keeps_every_failure) {
    BusScenario s;
    s.add_ledger("src");
    // Each write takes 150 ms before the ledger applies it and 150 ms before it answers: a kill
    // while the in-flight file exists lands before the apply or between apply and answer.
    s.add_ledger("dst", {{"write_delay_ms", 150}, {"respond_delay_ms", 150},
                         {"in_flight_file", s.path("dst.in-flight").string()}});
    s.add_route({{"name", "invoices"}, {"from", "src.invoice"}, {"to", "dst.invoice"},
                 {"via", json::array({{{"mapper", "uppercase"}, {"config", {{"fields", {"memo"}}}}}})}});
    s.config()["store"] = {{"sqlite", {{"synchronous", "full"}}}};
    CrashPlan plan;
    plan.untranslatable_every = 50;
    plan.kill_mid_write = true;
    plan.kill_within_ms = 300;
    const CrashResult result = run_with_kills(s, plan);
    EXPECT_GE(result.kills, 10) << "too few kills landed during writes";
    EXPECT_GT(result.replays, 0) << "no kill landed between a write and its answer; the test proved less than it claims";

    // Every object the source could not translate is one open failure: none lost to a kill
    // between the read and its commit, none recorded twice by a page read again.
    store::FailureFilter filter;
    filter.state.reset();
    std::vector<store::Failure> failures;
    {
        store::sqlite::SqliteStore store(s.path("data") / "ledgersync.db");
        store.read([&](store::StoreTransaction& tx) { failures = tx.failures(filter); });
    }
    std::set<std::string> failed;
    for (const auto& f : failures) {
        EXPECT_EQ(f.stage, store::FailureStage::read) << f.reason;
        EXPECT_EQ(f.state, store::FailureState::open);
        failed.insert(f.object.id);
    }
    EXPECT_EQ(failures.size(), failed.size()) << "an object was recorded as a failure twice";
    EXPECT_EQ(failed.size(), static_cast<std::size_t>(plan.records - result.valid));
    RecordProperty("kills", result.kills);
    RecordProperty("replays", result.replays);
    std::cout << "kills mid-write: " << result.kills << ", replays: " << result.replays << "\n";
}

TEST(BusCrashTest, our_write_read_back_while_a_kill_left_its_outcome_unknown_is_not_routed_back) {
    BusScenario s;  // the host runs as a separate process
    s.add_ledger("a", {{"feed_writes", true}});
    // b applies a write at once and answers 3 s later: a kill in between leaves the write
    // applied in b and unknown to the host. After the restart b is down for a while, so its
    // feed shows the object while the retry of the write cannot get through.
    const auto outage = s.path("b.down");
    s.add_ledger("b", {{"feed_writes", true}, {"respond_delay_ms", 3000}, {"transient_while_file_exists", outage.string()}});
    s.add_route({{"name", "a-to-b"}, {"from", "a.invoice"}, {"to", "b.invoice"}});
    s.add_route({{"name", "b-to-a"}, {"from", "b.invoice"}, {"to", "a.invoice"}});
    // b is read when a host starts and then only every minute: the first host never reads our
    // write there, the second reads it at once.
    s.config()["connections"]["a"]["poll_interval_seconds"] = 1;
    s.config()["connections"]["b"]["poll_interval_seconds"] = 60;
    s.config()["store"] = {{"sqlite", {{"synchronous", "full"}}}};
    s.append("a", {envelope("invoice", "X", "a1", canonical_invoice("X-1"))});
    testing::write_file(s.config_file(), s.config().dump(2));
    const auto run_host = [&](int run) {
        const auto ready = s.path("ready-" + std::to_string(run));
        auto host = std::make_unique<testing::ChildProcess>(
            LEDGERSYNC_BINARY, std::vector<std::string>{"run", "--config", s.config_file(), "--ready-file", ready.string()},
            s.path("host-" + std::to_string(run) + ".log"));
        EXPECT_TRUE(testing::wait_for_file(ready, std::chrono::seconds(30))) << host->log();
        return std::pair{std::move(host), json::parse(testing::read_file(ready))["url"].get<std::string>()};
    };

    {
        auto [host, url] = run_host(0);
        ASSERT_TRUE(BusScenario::eventually([&] { return s.applied("b").size() == 1; })) << host->log();
        host->signal(SIGKILL);
        ASSERT_EQ(host->wait(std::chrono::seconds(10)), 128 + SIGKILL);
    }
    const std::string b_id = s.applied("b")[0]["target_id"];

    testing::write_file(outage, "down");
    auto [host, url] = run_host(1);
    // b's copy is read and routed towards a (by this host, or by the first one if it read b
    // before the kill); that job must wait for the write in doubt.
    ASSERT_TRUE(BusScenario::eventually([&] {
        const auto jobs = json::parse(testing::http_request("GET", url + "/healthz").body)["bus"]["jobs"];
        std::int64_t all = 0;
        for (const auto& [state, count] : jobs.items()) all += count.get<std::int64_t>();
        return all >= 2;
    })) << host->log();
    EXPECT_FALSE(BusScenario::eventually([&] { return !s.receipts("a").empty(); }, std::chrono::seconds(3)))
        << "our write to b came back to a as a new invoice while its retry was held up";
    std::filesystem::remove(outage);
    // Settled: the retry was answered (b replayed it) and b's copy was read and settled.
    ASSERT_TRUE(BusScenario::eventually([&] {
        const auto receipts = s.receipts("b");
        if (std::none_of(receipts.begin(), receipts.end(), [](const json& r) { return r["result"] == "replayed"; })) {
            return false;
        }
        const auto jobs = json::parse(testing::http_request("GET", url + "/healthz").body)["bus"]["jobs"];
        return jobs["pending"] == 0 && jobs["leased"] == 0 && jobs["waiting"] == 0;
    }, std::chrono::seconds(60))) << host->log();
    host->signal(SIGTERM);
    EXPECT_EQ(host->wait(std::chrono::seconds(30)), 0);

    EXPECT_EQ(s.applied("b").size(), 1u);
    EXPECT_TRUE(s.receipts("a").empty()) << "our write to b came back to a";
    std::vector<store::TimelineEntry> timeline;
    {
        store::sqlite::SqliteStore store(s.path("data") / "ledgersync.db");
        store.read([&](store::StoreTransaction& tx) { timeline = tx.timeline({"b", "invoice", b_id}, 100); });
    }
    EXPECT_TRUE(std::any_of(timeline.begin(), timeline.end(), [](const auto& t) { return t.event == "echo_suppressed"; }))
        << "b's copy of our write was never recognised as its echo";
}

}  // namespace
}  // namespace ledgersync
