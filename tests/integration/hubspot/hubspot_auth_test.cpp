// Authentication against the sandbox: an OAuth access token refreshed once however many workers
// need it at the same moment, kept encrypted in the host's store; check() naming missing scopes.

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <atomic>
#include <thread>

#include "connector_harness.hpp"
#include "hubspot_sandbox.hpp"

namespace ledgersync {
namespace {

using nlohmann::json;
using testing::ConnectorHarness;
using testing::HubSpotSandbox;

/// Calls of the token endpoint (check's read of the token's scopes is an OAuth call too).
std::int64_t refreshes(const HubSpotSandbox& sandbox) {
    return sandbox.counters().value(json::json_pointer("/by_api/hubspot/by_endpoint/POST ~1oauth~1v1~1token"), std::int64_t{0});
}

std::string file_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

TEST(HubSpotAuthIntegration, an_expiring_token_is_refreshed_once_for_many_workers_and_stored_encrypted) {
    HubSpotSandbox sandbox;
    const json config = sandbox.oauth_config();
    ConnectorHarness harness(config, {}, "hubspot", "hubspot");
    const std::int64_t before = refreshes(sandbox);
    std::vector<std::thread> workers;
    std::atomic<int> ok{0};
    for (int i = 0; i < 8; ++i) {
        workers.emplace_back([&] {
            if (harness.connector().check().ok) ++ok;
        });
    }
    for (auto& w : workers) w.join();
    EXPECT_EQ(ok.load(), 8) << harness.log();
    EXPECT_EQ(refreshes(sandbox) - before, 1) << sandbox.counters().dump();

    // The tokens are in the store, encrypted: the access token appears in no database file.
    const auto stored = harness.state().get("hubspot", "oauth/tokens");
    ASSERT_TRUE(stored.has_value());
    const std::string access_token = json::parse(*stored).at("access_token");
    for (const std::string suffix : {"", "-wal"}) {
        EXPECT_EQ(file_text(harness.database_file() + suffix).find(access_token), std::string::npos) << suffix;
    }

    // A restarted instance uses the stored token: no refresh.
    auto restarted = harness.another_instance(config);
    const std::int64_t at_restart = refreshes(sandbox);
    EXPECT_TRUE(restarted->check().ok);
    EXPECT_EQ(refreshes(sandbox), at_restart);
}

TEST(HubSpotAuthIntegration, check_names_the_scopes_the_private_app_lacks) {
    HubSpotSandbox sandbox;
    const std::string token = sandbox.static_token({}, json::array({"crm.objects.contacts.read", "crm.objects.companies.read"}));
    ConnectorHarness harness({{"environment", {{"base_url", sandbox.url()}}}, {"private_app_token", token}}, {}, "hubspot", "hubspot");
    const sdk::CheckResult result = harness.connector().check();
    EXPECT_FALSE(result.ok);
    EXPECT_NE(result.details.find("crm.objects.invoices.read"), std::string::npos) << result.details;
    EXPECT_NE(result.details.find("crm.objects.products.read"), std::string::npos) << result.details;
    EXPECT_NE(result.details.find("crm.objects.deals.read"), std::string::npos) << result.details;
    EXPECT_NE(result.details.find("crm.objects.commercepayments.read"), std::string::npos) << result.details;
    EXPECT_EQ(result.details.find("crm.objects.contacts.read"), std::string::npos) << result.details;
}

TEST(HubSpotAuthIntegration, check_names_the_write_scope_the_private_app_lacks_and_a_full_one_passes) {
    HubSpotSandbox sandbox;
    json scopes = json::array({"oauth"});
    for (const std::string object : {"contacts", "companies", "deals", "products", "line_items", "invoices", "commercepayments"}) {
        scopes.push_back("crm.objects." + object + ".read");
        scopes.push_back("crm.objects." + object + ".write");
    }
    const json config = {{"environment", {{"base_url", sandbox.url()}}}, {"private_app_token", sandbox.static_token({}, scopes)}};
    ConnectorHarness full(config, {}, "hubspot", "hubspot");
    const sdk::CheckResult passed = full.connector().check();
    EXPECT_TRUE(passed.ok) << passed.details;
    EXPECT_EQ(passed.details.find("not verified"), std::string::npos) << passed.details;

    json lacking_deals_write = json::array();
    for (const auto& scope : scopes)
        if (scope != "crm.objects.deals.write") lacking_deals_write.push_back(scope);
    ConnectorHarness lacking({{"environment", {{"base_url", sandbox.url()}}}, {"private_app_token", sandbox.static_token({}, lacking_deals_write)}}, {},
                             "hubspot", "hubspot");
    const sdk::CheckResult refused = lacking.connector().check();
    EXPECT_FALSE(refused.ok);
    EXPECT_EQ(refused.details,
              "the app lacks the scopes crm.objects.deals.write; add them to the app (Auth tab) and re-authorize or reinstall it");
}

// An OAuth token's scopes come with the token endpoint's answer: the check compares those, and
// never puts the token in a URL (GET /oauth/v1/access-tokens/{token}) that logs would carry.
TEST(HubSpotAuthIntegration, payments_check_of_an_oauth_app_names_the_payment_write_scope_its_token_lacks) {
    HubSpotSandbox sandbox;
    const json scopes = json::array({"oauth", "crm.objects.commercepayments.read", "crm.objects.invoices.read", "crm.objects.contacts.read",
                                     "crm.objects.companies.read"});
    const json tokens = sandbox.control("POST", "/__sandbox/hubspot/oauth/tokens", {{"scopes", scopes}});
    json config = sandbox.oauth_config();
    config["refresh_token"] = tokens.at("refresh_token");
    ConnectorHarness lacking(config, {}, "hubspot_payments", "hubspot_payments");
    const sdk::CheckResult refused = lacking.connector().check();
    EXPECT_FALSE(refused.ok);
    EXPECT_EQ(refused.details,
              "the app lacks the scopes crm.objects.commercepayments.write; add them to the app (Auth tab) and re-authorize or "
              "reinstall it");
    EXPECT_EQ(sandbox.counters().dump().find("access-tokens"), std::string::npos) << "the token went into a URL";
}

}  // namespace
}  // namespace ledgersync
