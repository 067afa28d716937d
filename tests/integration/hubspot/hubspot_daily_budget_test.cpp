// HubSpot's daily API limit as the host enforces it: the manifest declares the lowest tier's
// allowance, every request (search included) spends it, a connection's configuration sets its
// account's tier, and a spent day stops reads with rate_limited before HubSpot refuses a call.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "app/connection_set.hpp"
#include "config/host_config.hpp"
#include "connector_harness.hpp"
#include "hubspot_backfill.hpp"
#include "hubspot_sandbox.hpp"
#include "services/http/rate_limiter.hpp"

namespace ledgersync {
namespace {

using nlohmann::json;
using ::testing::Contains;
using ::testing::ElementsAre;
using testing::ConnectorHarness;
using testing::HubSpotSandbox;

plugin::PluginManifest hubspot_manifest() {
    return plugin::PluginManifest::load(std::filesystem::path(LEDGERSYNC_BUILD_PLUGIN_DIR) / "hubspot.manifest.json");
}

const plugin::RateBudget& budget_named(const std::vector<plugin::RateBudget>& budgets, const std::string& name) {
    const auto found = std::find_if(budgets.begin(), budgets.end(), [&](const auto& b) { return b.name == name; });
    if (found == budgets.end()) throw std::runtime_error("no rate budget '" + name + "'");
    return *found;
}

/// The budgets of a connection configured with `rate_limits`, as the host derives them.
std::vector<plugin::RateBudget> connection_budgets(const json& rate_limits) {
    testing::TempDir dir;
    json config = {{"connections", {{"hubspot", {{"plugin", "hubspot"}}}}}};
    if (!rate_limits.is_null()) config["connections"]["hubspot"]["rate_limits"] = rate_limits;
    const auto host = config::parse_host_config(config, dir / "ledgersync.json");
    return app::ConnectionSet::http_settings(host.connections.at("hubspot"), hubspot_manifest()).budgets;
}

std::vector<std::string> spent_by(const std::vector<plugin::RateBudget>& budgets, const std::string& budget) {
    services::http::ConnectionHttpSettings settings;
    settings.budgets = budgets;
    return services::http::RateLimiter("hubspot", services::http::budget_limits(settings)).budgets_spent_by(budget);
}

TEST(HubSpotDailyBudget, the_manifest_declares_the_lowest_tier_s_day_and_every_request_spends_it) {
    const auto budgets = connection_budgets(nullptr);
    const auto& daily = budget_named(budgets, "daily");
    EXPECT_EQ(daily.requests, 250'000) << "Free and Starter accounts' private apps: 250,000 a day";
    EXPECT_EQ(daily.window_seconds, 86'400);
    EXPECT_THAT(spent_by(budgets, ""), Contains("daily"));
    EXPECT_THAT(spent_by(budgets, "search"), Contains("daily"));
    EXPECT_THAT(spent_by(budgets, "search"), Contains("default"));
    EXPECT_THAT(spent_by(budgets, "daily"), ElementsAre("daily"));
}

TEST(HubSpotDailyBudget, a_connection_s_daily_limit_replaces_the_manifest_s_and_keeps_the_other_budgets) {
    // A Professional account: 625,000 a day.
    const auto budgets = connection_budgets({{"daily", {{"requests", 625'000}, {"per_seconds", 86'400}}}});
    EXPECT_EQ(budget_named(budgets, "daily").requests, 625'000);
    EXPECT_EQ(budget_named(budgets, "default").requests, 100);
    EXPECT_EQ(budget_named(budgets, "default").concurrency, 10);
    EXPECT_EQ(budget_named(budgets, "search").requests, 4);
    EXPECT_THAT(spent_by(budgets, ""), Contains("daily")) << "the override keeps what spends the day";
    EXPECT_THAT(spent_by(budgets, "search"), Contains("daily"));
    EXPECT_THAT(spent_by(budgets, "daily"), ElementsAre("daily"));
}

TEST(HubSpotDailyBudget, a_spent_day_stops_a_backfill_rate_limited_before_hubspot_refuses_a_call) {
    constexpr std::int64_t kDaily = 2;
    HubSpotSandbox sandbox;
    const json seeded = sandbox.seed({{"defaults", false}, {"bulk", {{"invoices", 30}, {"line_items_per_invoice", 1}, {"contacts", 5}}}});
    const std::string portal = seeded.at("portal_id");
    // The account's allowance, which the connection's configuration states.
    sandbox.control("POST", "/__sandbox/hubspot/rate-limits", {{"daily", kDaily}});
    ConnectorHarness harness(sandbox.private_app_config(portal),
                             connection_budgets({{"daily", {{"requests", kDaily}, {"per_seconds", 86'400}}}}), "hubspot",
                             "hubspot");
    const auto logged = [&] { return sandbox.control("GET", "/__sandbox/requests?limit=100000&api=hubspot"); };
    const auto calls = [&](const json& log) { return (log.is_array() ? log : log.at("requests")).size(); };
    const std::size_t before = calls(logged());

    try {
        testing::backfill(harness.connector(), "invoice");
        FAIL() << "the backfill needs more than " << kDaily << " calls; expected rate_limited";
    } catch (const sdk::Error& e) {
        EXPECT_EQ(e.outcome().kind, sdk::OutcomeClass::rate_limited) << e.outcome().reason;
        EXPECT_GT(e.outcome().retry_after, std::chrono::hours(23)) << "the day's oldest calls leave it in a day";
        EXPECT_THAT(e.outcome().reason, ::testing::HasSubstr("'daily'"));
    }
    const json log = logged();
    EXPECT_EQ(calls(log) - before, static_cast<std::size_t>(kDaily));
    for (const auto& request : log.is_array() ? log : log.at("requests")) {
        EXPECT_NE(request.value("status", 0), 429) << request.dump();
    }
}

}  // namespace
}  // namespace ledgersync
