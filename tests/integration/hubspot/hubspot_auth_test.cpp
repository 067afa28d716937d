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

std::int64_t oauth_calls(const HubSpotSandbox& sandbox) {
    return sandbox.counters().value(json::json_pointer("/by_api/hubspot/by_family/oauth"), std::int64_t{0});
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
    const std::int64_t before = oauth_calls(sandbox);
    std::vector<std::thread> workers;
    std::atomic<int> ok{0};
    for (int i = 0; i < 8; ++i) {
        workers.emplace_back([&] {
            if (harness.connector().check().ok) ++ok;
        });
    }
    for (auto& w : workers) w.join();
    EXPECT_EQ(ok.load(), 8) << harness.log();
    EXPECT_EQ(oauth_calls(sandbox) - before, 1) << sandbox.counters().dump();

    // The tokens are in the store, encrypted: the access token appears in no database file.
    const auto stored = harness.state().get("hubspot", "oauth/tokens");
    ASSERT_TRUE(stored.has_value());
    const std::string access_token = json::parse(*stored).at("access_token");
    for (const std::string suffix : {"", "-wal"}) {
        EXPECT_EQ(file_text(harness.database_file() + suffix).find(access_token), std::string::npos) << suffix;
    }

    // A restarted instance uses the stored token: no refresh.
    auto restarted = harness.another_instance(config);
    const std::int64_t at_restart = oauth_calls(sandbox);
    EXPECT_TRUE(restarted->check().ok);
    EXPECT_EQ(oauth_calls(sandbox), at_restart);
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

}  // namespace
}  // namespace ledgersync
