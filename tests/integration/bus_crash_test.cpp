// Crash safety: the real `ledgersync` process is killed with SIGKILL at random moments while it
// delivers 2,000 records, and restarted each time. The target (the ledger test connector)
// fsyncs every write it receives and deduplicates by idempotency key, as QBO and Stripe do.
// At the end every record was applied exactly once, none is missing, and every attempt at a
// record carried the same idempotency key.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <csignal>
#include <map>
#include <random>
#include <set>

#include "bus_scenario.hpp"
#include "child_process.hpp"
#include "http_request.hpp"

namespace ledgersync {
namespace {

using nlohmann::json;
using testing::BusScenario;
using testing::envelope;

TEST(BusCrashTest, sigkill_at_twenty_random_moments_loses_nothing_and_applies_everything_once) {
    constexpr int kRecords = 2000;
    constexpr int kKills = 20;
    BusScenario s;  // used for its files and config only: the host runs as a separate process
    s.add_ledger("src");
    s.add_ledger("dst", {{"write_delay_ms", 10}, {"respond_delay_ms", 20}});
    s.add_route({{"name", "invoices"}, {"from", "src.invoice"}, {"to", "dst.invoice"}});
    s.config()["store"] = {{"sqlite", {{"synchronous", "full"}}}};
    std::vector<json> records;
    for (int i = 0; i < kRecords; ++i) {
        records.push_back(envelope("invoice", "I" + std::to_string(i), "v1",
                                   {{"number", "N" + std::to_string(i)}, {"total", std::to_string(i) + ".99"}}));
    }
    s.append("src", records);
    testing::write_file(s.config_file(), s.config().dump(2));

    std::mt19937 random(20261126);
    std::uniform_int_distribution<int> moment_ms(0, 120);
    int kills = 0;
    for (int run = 0; run <= kKills; ++run) {
        const auto ready = s.path("ready-" + std::to_string(run));
        testing::ChildProcess host(LEDGERSYNC_BINARY, {"run", "--config", s.config_file(), "--ready-file", ready.string()},
                                   s.path("host.log"));
        ASSERT_TRUE(testing::wait_for_file(ready, std::chrono::seconds(30))) << host.log();
        if (run == kKills) {
            // Let the last run finish the work, then stop it cleanly.
            ASSERT_TRUE(BusScenario::eventually([&] { return s.applied("dst").size() >= kRecords; }, std::chrono::seconds(240)))
                << s.applied("dst").size() << " applied\n" << host.log();
            const std::string url = json::parse(testing::read_file(ready))["url"];
            ASSERT_TRUE(BusScenario::eventually([&] {
                const auto health = json::parse(testing::http_request("GET", url + "/healthz").body);
                return health["bus"]["jobs"]["done"] == kRecords && health["bus"]["jobs"]["pending"] == 0 &&
                       health["bus"]["jobs"]["leased"] == 0;
            }, std::chrono::seconds(60)));
            host.signal(SIGTERM);
            ASSERT_EQ(host.wait(std::chrono::seconds(30)), 0);
            break;
        }
        // Kill during delivery, not during start-up: wait until this run has written something,
        // however slow the machine (sanitizers, a busy CI runner), then pick the moment.
        const std::size_t before = s.receipts("dst").size();
        ASSERT_TRUE(BusScenario::eventually([&] { return s.receipts("dst").size() > before || s.applied("dst").size() >= kRecords; },
                                            std::chrono::seconds(120)))
            << host.log();
        std::this_thread::sleep_for(std::chrono::milliseconds(moment_ms(random)));
        host.signal(SIGKILL);
        ASSERT_EQ(host.wait(std::chrono::seconds(10)), 128 + SIGKILL);
        ++kills;
        if (s.applied("dst").size() >= kRecords) break;  // finished early: the remaining kills would prove nothing
    }
    EXPECT_GE(kills, 10) << "too few kills landed during delivery; slow the target down";

    // Every receipt, applied or replayed: group by source record.
    std::map<std::string, std::set<std::string>> keys_of;
    std::map<std::string, int> applied_of;
    int replays = 0;
    for (const auto& r : s.receipts("dst")) {
        const std::string id = r["source_id"];
        keys_of[id].insert(r["key"].get<std::string>());
        if (r.value("applied", false)) ++applied_of[id];
        if (r["result"] == "replayed") ++replays;
    }
    ASSERT_EQ(applied_of.size(), static_cast<std::size_t>(kRecords)) << "records missing";
    for (int i = 0; i < kRecords; ++i) {
        const std::string id = "I" + std::to_string(i);
        EXPECT_EQ(applied_of[id], 1) << id << " applied " << applied_of[id] << " times";
        EXPECT_EQ(keys_of[id].size(), 1u) << id << " was sent with " << keys_of[id].size() << " different keys";
    }
    // Kills between "applied by the target" and "outcome committed" make the host send the same
    // records again after the restart; the target recognises their keys. This must have happened.
    EXPECT_GT(replays, 0) << "no kill landed between a write and its commit; the test proved less than it claims";
    RecordProperty("kills", kills);
    RecordProperty("replays", replays);
    std::cout << "kills: " << kills << ", replayed deliveries absorbed by idempotency keys: " << replays << "\n";
}

}  // namespace
}  // namespace ledgersync
