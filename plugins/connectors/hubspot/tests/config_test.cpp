// The configuration: both kinds of credentials, defaults, and every problem at its path.

#include <gtest/gtest.h>

#include "config.hpp"
#include "hubspot_test_support.hpp"

namespace ledgersync::connectors::hubspot {
namespace {

using nlohmann::json;
using testing::oauth_config;
using testing::private_app_config;

std::string problems_of(const json& config) { return testing::config_problems<HubSpotConfig>(config); }

TEST(HubSpotConfig, a_private_app_token_is_enough_and_the_defaults_are_hubspots) {
    const HubSpotConfig config = HubSpotConfig::parse({{"private_app_token", "pat-na1-x"}});
    EXPECT_EQ(config.auth, AuthMode::private_app);
    EXPECT_EQ(config.endpoints.api_base_url, "https://api.hubapi.com");
    EXPECT_EQ(config.endpoints.token_url, "https://api.hubapi.com/oauth/v1/token");
    EXPECT_EQ(config.limits.page_size, 100);
    EXPECT_EQ(config.customer_from, "contact");
    EXPECT_TRUE(config.webhook_secret.empty());
    EXPECT_EQ(config.qbo_invoice_link, "https://app.qbo.intuit.com/app/invoice?txnId={id}");
    EXPECT_EQ(config.invoice_custom_properties, std::vector<std::string>{"hs_purchase_order_number"});
    EXPECT_EQ(config.limits.search_page_size, 200);
}

TEST(HubSpotConfig, invoice_custom_properties_are_internal_names_the_connector_does_not_own) {
    const HubSpotConfig config =
        HubSpotConfig::parse(private_app_config({{"invoice_custom_properties", {"hs_purchase_order_number", "tracking_number"}}}));
    EXPECT_EQ(config.invoice_custom_properties, (std::vector<std::string>{"hs_purchase_order_number", "tracking_number"}));
    const std::string label = problems_of(private_app_config({{"invoice_custom_properties", {"Tracking Number"}}}));
    EXPECT_NE(label.find("/invoice_custom_properties/0: \"Tracking Number\" is not a property's internal name"), std::string::npos)
        << label;
    const std::string own = problems_of(private_app_config({{"invoice_custom_properties", {"tracking_number", "hs_number"}}}));
    EXPECT_NE(own.find("/invoice_custom_properties/1: \"hs_number\" is a property the connector reads or writes itself"),
              std::string::npos)
        << own;
    EXPECT_NE(problems_of(private_app_config({{"invoice_custom_properties", {"ledgersync_sync_status"}}})).find("itself"),
              std::string::npos);
}

TEST(HubSpotConfig, oauth_needs_client_id_secret_and_refresh_token_and_signs_webhooks_with_the_secret) {
    const HubSpotConfig config = HubSpotConfig::parse(oauth_config());
    EXPECT_EQ(config.auth, AuthMode::oauth);
    EXPECT_EQ(config.endpoints.token_url, "http://hubspot.test/oauth/v1/token");
    EXPECT_EQ(config.webhook_secret, "csecret");
    json missing = oauth_config();
    missing.erase("refresh_token");
    EXPECT_NE(problems_of(missing).find("/refresh_token: required with OAuth"), std::string::npos) << problems_of(missing);
}

TEST(HubSpotConfig, unknown_keys_both_credentials_and_none_are_refused_at_their_paths) {
    const std::string misspelt = problems_of(private_app_config({{"limits", {{"page_sise", 10}}}}));
    EXPECT_NE(misspelt.find("/limits/page_sise"), std::string::npos) << misspelt;
    const std::string both = problems_of(oauth_config({{"private_app_token", "pat"}}));
    EXPECT_NE(both.find("/private_app_token: give either"), std::string::npos) << both;
    const std::string none = problems_of(json::object());
    EXPECT_NE(none.find("no credentials"), std::string::npos) << none;
    const std::string page = problems_of(private_app_config({{"limits", {{"page_size", 101}}}}));
    EXPECT_NE(page.find("/limits/page_size"), std::string::npos) << page;
    const std::string customer = problems_of(private_app_config({{"customer_from", "deal"}}));
    EXPECT_NE(customer.find("/customer_from"), std::string::npos) << customer;
    const std::string environment = problems_of(private_app_config({{"environment", "sandbox"}}));
    EXPECT_NE(environment.find("/environment"), std::string::npos) << environment;
    const std::string link = problems_of(private_app_config({{"qbo_invoice_link", "https://qbo.example/invoice"}}));
    EXPECT_NE(link.find("/qbo_invoice_link: \"https://qbo.example/invoice\" is not an http(s) URL with {id}"), std::string::npos) << link;
    const std::string since = problems_of(private_app_config({{"sync_from", "yesterday"}}));
    EXPECT_NE(since.find("/sync_from"), std::string::npos) << since;
}

TEST(HubSpotConfig, sync_from_takes_a_date_or_an_instant) {
    EXPECT_EQ(*HubSpotConfig::parse(private_app_config({{"sync_from", "2026-01-01"}})).sync_from_ms, 1767225600000);
    EXPECT_EQ(*HubSpotConfig::parse(private_app_config({{"sync_from", "2026-01-01T00:00:01Z"}})).sync_from_ms, 1767225601000);
}

}  // namespace
}  // namespace ledgersync::connectors::hubspot
