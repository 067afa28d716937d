// The configuration: the connection's keys (shared with the hubspot connector), the connector's
// own (customer_from, byo_stripe_booked_by) and unknown keys refused, each problem at its path.

#include <gtest/gtest.h>

#include <fstream>

#include "config.hpp"
#include "hubspot_test_support.hpp"

namespace ledgersync::connectors::hubspot {
namespace {

using nlohmann::json;
using testing::oauth_config;
using testing::private_app_config;

std::string problems_of(const json& config) { return testing::config_problems<HubSpotPaymentsConfig>(config); }

TEST(HubSpotPaymentsConfig, a_private_app_token_is_enough_and_a_stripe_connection_books_byo_stripe_payments_by_default) {
    const HubSpotPaymentsConfig config = HubSpotPaymentsConfig::parse({{"private_app_token", "pat-na1-x"}});
    EXPECT_EQ(config.auth, AuthMode::private_app);
    EXPECT_EQ(config.endpoints.api_base_url, "https://api.hubapi.com");
    EXPECT_EQ(config.payments.customer_from, "contact");
    EXPECT_EQ(config.payments.byo_stripe_booked_by, ByoStripeBooking::stripe);
    EXPECT_EQ(config.qbo_payment_link, "https://app.qbo.intuit.com/app/recvpayment?txnId={id}");
    const HubSpotPaymentsConfig here =
        HubSpotPaymentsConfig::parse(oauth_config({{"byo_stripe_booked_by", "hubspot_payments"}, {"customer_from", "company"}}));
    EXPECT_EQ(here.auth, AuthMode::oauth);
    EXPECT_EQ(here.webhook_secret, "csecret");  // the app's client secret
    EXPECT_EQ(here.payments.byo_stripe_booked_by, ByoStripeBooking::hubspot_payments);
    EXPECT_EQ(here.payments.customer_from, "company");
}

TEST(HubSpotPaymentsConfig, unknown_keys_the_hubspot_connectors_own_and_a_wrong_booking_are_refused_at_their_paths) {
    const std::string problems = problems_of(private_app_config({{"byo_stripe_booked_by", "both"},
                                                                 {"qbo_invoice_link", "https://example.com/{id}"},
                                                                 {"limits", {{"page_size", 0}}}}));
    EXPECT_NE(problems.find("/byo_stripe_booked_by"), std::string::npos) << problems;
    EXPECT_NE(problems.find("use one of stripe, hubspot_payments"), std::string::npos) << problems;
    // An invoice setting of the hubspot connection does not belong here.
    EXPECT_NE(problems.find("/qbo_invoice_link"), std::string::npos) << problems;
    EXPECT_NE(problems.find("/limits/page_size"), std::string::npos) << problems;
    const std::string link = problems_of(private_app_config({{"qbo_payment_link", "https://qbo.example/payment"}}));
    EXPECT_NE(link.find("/qbo_payment_link: \"https://qbo.example/payment\" is not an http(s) URL with {id}"), std::string::npos) << link;
    EXPECT_NE(problems_of({{"environment", "production"}}).find("no credentials"), std::string::npos);
}

TEST(HubSpotPaymentsConfig, the_manifest_schema_refuses_unknown_keys_and_lists_the_connectors_keys) {
    std::ifstream in(std::string(HUBSPOT_PAYMENTS_PLUGIN_SOURCE_DIR) + "/manifest.json");
    const json manifest = json::parse(in);
    const json& schema = manifest.at("config_schema");
    EXPECT_EQ(schema.at("additionalProperties"), false);
    EXPECT_EQ(manifest.at("id"), "hubspot_payments");
    EXPECT_EQ(schema.at("properties").at("byo_stripe_booked_by").at("default"), "stripe");
    EXPECT_FALSE(schema.at("properties").contains("qbo_invoice_link"));
    EXPECT_EQ(schema.at("properties").at("qbo_payment_link").at("default"), kQboPaymentLink);
    EXPECT_EQ(manifest.at("capabilities").at("streams"), (json::array({"payment", "refund"})));
    EXPECT_EQ(manifest.at("capabilities").at("writes"), (json::array({"payment"})));
}

}  // namespace
}  // namespace ledgersync::connectors::hubspot
