// Under a tight sandbox rate limit (fewer calls per 10 s than the connection's budget allows),
// HubSpot's 429s are absorbed: the backfill completes, and the calls HubSpot answered never
// exceed its limit in any 10-second window.

#include <gtest/gtest.h>

#include <deque>

#include "connector_harness.hpp"
#include "hubspot_backfill.hpp"
#include "hubspot_sandbox.hpp"

namespace ledgersync {
namespace {

using nlohmann::json;
using testing::ConnectorHarness;
using testing::HubSpotSandbox;

TEST(HubSpotThrottle, a_backfill_under_a_tight_limit_absorbs_429s_and_never_exceeds_the_limit) {
    constexpr int kLimit = 6;
    HubSpotSandbox sandbox;
    const json seeded = sandbox.seed({{"defaults", false}, {"bulk", {{"invoices", 400}, {"line_items_per_invoice", 1}, {"contacts", 5}}}});
    const std::string portal = seeded.at("portal_id");
    sandbox.control("POST", "/__sandbox/hubspot/rate-limits", {{"private_app_ten_second", kLimit}});
    services::http::HttpServiceOptions http;
    http.default_rate_limit_hold = std::chrono::seconds(2);  // HubSpot's 429 has no Retry-After
    // The connection's budget is looser than the account's real limit (another app shares it).
    ConnectorHarness harness(sandbox.private_app_config(portal, {{"limits", {{"throttle_retries", 20}}}}),
                             {{"default", 100, 10, 10}, {"search", 4, 1, 0}}, "hubspot", "hubspot", http);
    const testing::Backfill result = testing::backfill(harness.connector(), "invoice");
    EXPECT_EQ(result.records.size(), 400u) << harness.log();
    EXPECT_EQ(result.untranslated, 0);
    const json counters = sandbox.counters();
    EXPECT_GT(counters.value(json::json_pointer("/by_api/hubspot/throttled"), std::int64_t{0}), 0) << counters.dump();

    // Every call HubSpot answered (not refused with 429) fits in its rolling 10-second window.
    std::deque<std::int64_t> window;
    std::int64_t most = 0;
    const json log = sandbox.control("GET", "/__sandbox/requests?limit=100000&api=hubspot");
    for (const auto& request : log.is_array() ? log : log.at("requests")) {
        if (request.value("status", 0) == 429 || request.value("outcome", std::string()) != "answered") continue;
        const std::int64_t at = request.at("time_ms");
        window.push_back(at);
        while (!window.empty() && window.front() <= at - 10'000) window.pop_front();
        most = std::max<std::int64_t>(most, static_cast<std::int64_t>(window.size()));
    }
    EXPECT_LE(most, kLimit);
}

}  // namespace
}  // namespace ledgersync
