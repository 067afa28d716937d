// `ledgersync run` on PostgreSQL end to end: the real binary, the ledger test connectors on a
// real route with transient write failures and four workers, the store on the test cluster
// (the DSN from the environment, as operations.md says). The host is SIGKILLed while it
// delivers and started again: every record version is applied exactly once, with one
// idempotency key, and each object's versions in order.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <csignal>
#include <map>
#include <set>

#include "bus_scenario.hpp"
#include "child_process.hpp"
#include "http_request.hpp"
#include "scratch_store.hpp"

namespace ledgersync {
namespace {

using nlohmann::json;
using testing::BusScenario;

constexpr int kObjects = 60;
constexpr int kVersions = 4;

TEST(HostOnPostgresTest, a_killed_and_restarted_host_applies_every_record_version_once_and_in_order) {
    testing::ScratchPostgresDatabase database;
    BusScenario s;  // used for its files and config only: the host runs as a separate process
    s.add_ledger("src");
    s.add_ledger("dst", {{"transient_per_mille", 150}, {"write_delay_ms", 5}, {"seed", 7}});
    s.add_route({{"name", "invoices"}, {"from", "src.invoice"}, {"to", "dst.invoice"},
                 {"retry", {{"base_delay_ms", 5}, {"max_delay_ms", 50}, {"max_attempts", 50}}}});
    s.config()["store"] = {{"postgresql", {{"dsn", "${env:LEDGERSYNC_PG_DSN}"}}}};
    testing::write_file(s.config_file(), s.config().dump(2));
    const std::map<std::string, std::string> env = {{"LEDGERSYNC_PG_DSN", database.dsn()}};

    std::vector<json> records;
    for (int version = 1; version <= kVersions; ++version) {
        for (int object = 0; object < kObjects; ++object) {
            const std::string id = "I" + std::to_string(object);
            records.push_back(testing::envelope("invoice", id, "v" + std::to_string(version),
                                                testing::canonical_invoice(id + "-" + std::to_string(version))));
        }
    }
    s.append("src", records);

    {
        testing::ChildProcess host(LEDGERSYNC_BINARY, {"run", "--config", s.config_file(), "--ready-file",
                                                       s.path("ready-1").string()},
                                   s.path("host-1.log"), env);
        ASSERT_TRUE(testing::wait_for_file(s.path("ready-1"), std::chrono::seconds(30))) << host.log();
        EXPECT_THAT(host.log(), ::testing::HasSubstr("postgresql://"));
        // Killed while delivering: leased jobs and uncommitted outcomes are left in the database.
        ASSERT_TRUE(BusScenario::eventually([&] { return s.applied("dst").size() >= records.size() / 4; })) << host.log();
        host.signal(SIGKILL);
        EXPECT_EQ(host.wait(std::chrono::seconds(10)), 128 + SIGKILL);
    }
    ASSERT_LT(s.applied("dst").size(), records.size()) << "the kill came too late to prove anything";

    testing::ChildProcess host(LEDGERSYNC_BINARY, {"run", "--config", s.config_file(), "--ready-file",
                                                   s.path("ready-2").string()},
                               s.path("host-2.log"), env);
    ASSERT_TRUE(testing::wait_for_file(s.path("ready-2"), std::chrono::seconds(30))) << host.log();
    const std::string url = json::parse(testing::read_file(s.path("ready-2")))["url"];
    EXPECT_TRUE(BusScenario::eventually([&] {
        const auto health = json::parse(testing::http_request("GET", url + "/healthz").body);
        return health["bus"]["jobs"]["done"] == static_cast<int>(records.size()) && health["bus"]["jobs"]["pending"] == 0 &&
               health["bus"]["jobs"]["leased"] == 0;
    }, std::chrono::seconds(180))) << host.log();
    host.signal(SIGTERM);
    EXPECT_EQ(host.wait(std::chrono::seconds(30)), 0) << host.log();

    std::map<std::string, int> applied_of;                   // "id@version" -> times applied
    std::map<std::string, std::set<std::string>> keys_of;   // "id@version" -> idempotency keys sent
    std::map<std::string, std::vector<std::string>> order;  // id -> versions in the order applied
    for (const auto& r : s.receipts("dst")) {
        const std::string id = r["source_id"];
        const std::string record = id + "@" + r["source_version"].get<std::string>();
        keys_of[record].insert(r["key"].get<std::string>());
        if (r.value("applied", false)) {
            ++applied_of[record];
            order[id].push_back(r["source_version"]);
        }
    }
    EXPECT_EQ(applied_of.size(), records.size()) << "record versions missing";
    for (const auto& [record, count] : applied_of) EXPECT_EQ(count, 1) << record << " applied " << count << " times";
    for (const auto& [record, keys] : keys_of) EXPECT_EQ(keys.size(), 1u) << record << " sent with several keys";
    for (const auto& [id, versions] : order) EXPECT_THAT(versions, ::testing::ElementsAre("v1", "v2", "v3", "v4")) << id;
    EXPECT_THAT(s.receipts("dst").size(), ::testing::Ge(records.size()));
}

}  // namespace
}  // namespace ledgersync
