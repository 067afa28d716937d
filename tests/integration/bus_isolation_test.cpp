// One slow mapper must not stall the bus: mappers run outside the store's transactions, so
// while one route's mapper is busy, ingest and delivery on other routes go on.
#include <gtest/gtest.h>

#include <filesystem>

#include "bus_scenario.hpp"

namespace ledgersync {
namespace {

using nlohmann::json;
using testing::BusScenario;
using testing::canonical_invoice;
using testing::envelope;

TEST(BusIsolationTest, a_mapper_that_hangs_on_one_route_does_not_stall_ingest_and_delivery_on_another) {
    BusScenario s;
    const auto gate = s.path("gate");
    const auto entered = s.path("mapper-entered");
    s.add_ledger("slow_src");
    s.add_ledger("slow_dst");
    s.add_ledger("src");
    s.add_ledger("dst");
    // The gated mapper holds every record until the test opens the gate (or 90 s pass).
    s.add_route({{"name", "slow"}, {"from", "slow_src.invoice"}, {"to", "slow_dst.invoice"},
                 {"via", json::array({{{"mapper", "gated"},
                                       {"config", {{"gate_file", gate.string()}, {"entered_file", entered.string()},
                                                   {"max_wait_ms", 90'000}}}}})}});
    s.add_route({{"name", "fast"}, {"from", "src.invoice"}, {"to", "dst.invoice"}});
    s.append("slow_src", {envelope("invoice", "S1", "1", canonical_invoice("S-1")),
                          envelope("invoice", "S2", "1", canonical_invoice("S-2"))});
    s.start();
    ASSERT_TRUE(BusScenario::eventually([&] { return std::filesystem::exists(entered); }, std::chrono::seconds(30)))
        << "the slow route's mapper was never called";

    // While that mapper hangs, records of the other route are ingested and delivered.
    std::vector<json> records;
    for (int i = 0; i < 40; ++i) records.push_back(envelope("invoice", "F" + std::to_string(i), "1", canonical_invoice("F-" + std::to_string(i))));
    s.append("src", records);
    ASSERT_TRUE(BusScenario::eventually([&] { return s.applied("dst").size() == records.size(); }, std::chrono::seconds(60)))
        << s.applied("dst").size() << " of " << records.size() << " written while the other route's mapper hung";
    EXPECT_FALSE(std::filesystem::exists(gate));  // it was hanging the whole time
    EXPECT_TRUE(s.applied("slow_dst").empty());

    testing::write_file(gate, "open");
    ASSERT_TRUE(BusScenario::eventually([&] { return s.applied("slow_dst").size() == 2; }));
}

}  // namespace
}  // namespace ledgersync
