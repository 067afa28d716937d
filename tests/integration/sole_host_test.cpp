// SQLite serves one host: a second `ledgersync run` on the same database file refuses to start
// and says why and what to do, while the other commands work beside the running host; once the
// first host is gone (even SIGKILLed) a host starts at once.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <csignal>

#include "bus_scenario.hpp"
#include "child_process.hpp"

namespace ledgersync {
namespace {

using nlohmann::json;
using testing::BusScenario;

TEST(SoleHostTest, a_second_host_on_the_same_sqlite_file_refuses_to_start_and_one_starts_once_the_first_is_gone) {
    BusScenario s;  // used for its files and config only: the hosts run as separate processes
    s.add_ledger("src");
    s.add_ledger("dst");
    s.add_route({{"name", "invoices"}, {"from", "src.invoice"}, {"to", "dst.invoice"}});
    testing::write_file(s.config_file(), s.config().dump(2));
    const auto run_args = [&](const std::string& ready) {
        return std::vector<std::string>{"run", "--config", s.config_file(), "--ready-file", s.path(ready).string()};
    };

    testing::ChildProcess first(LEDGERSYNC_BINARY, run_args("ready-1"), s.path("host-1.log"));
    ASSERT_TRUE(testing::wait_for_file(s.path("ready-1"), std::chrono::seconds(30))) << first.log();

    const auto second = testing::run_command(LEDGERSYNC_BINARY, run_args("ready-2"), {}, std::chrono::seconds(30));
    EXPECT_NE(second.exit_code, 0);
    EXPECT_THAT(second.out + second.err, ::testing::HasSubstr("another ledgersync host is running on the SQLite database"));
    EXPECT_THAT(second.out + second.err, ::testing::HasSubstr("PostgreSQL"));
    EXPECT_FALSE(std::filesystem::exists(s.path("ready-2")));

    // Beside the running host, `status` reads who runs what.
    const auto status = testing::run_command(LEDGERSYNC_BINARY, {"status", "--json", "--config", s.config_file()});
    ASSERT_EQ(status.exit_code, 0) << status.err;
    const json shown = json::parse(status.out);
    ASSERT_EQ(shown["hosts"].size(), 1u) << status.out;
    EXPECT_TRUE(shown["hosts"][0]["live"].get<bool>());
    const std::string host_id = shown["hosts"][0]["id"];
    ASSERT_EQ(shown["connection_leases"].size(), 2u) << status.out;
    for (const auto& lease : shown["connection_leases"]) EXPECT_EQ(lease["holder"], host_id) << lease.dump();

    first.signal(SIGKILL);
    ASSERT_EQ(first.wait(std::chrono::seconds(10)), 128 + SIGKILL);
    testing::ChildProcess third(LEDGERSYNC_BINARY, run_args("ready-3"), s.path("host-3.log"));
    ASSERT_TRUE(testing::wait_for_file(s.path("ready-3"), std::chrono::seconds(30))) << third.log();
    third.signal(SIGTERM);
    EXPECT_EQ(third.wait(std::chrono::seconds(30)), 0) << third.log();
}

}  // namespace
}  // namespace ledgersync
