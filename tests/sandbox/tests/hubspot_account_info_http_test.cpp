// The account information API: GET /account-info/v3/details (and its date-versioned path) with
// the company currency a seed chose, authenticated and rate limited like the CRM API; a
// multi-currency account's products have a price per currency.

#include <gtest/gtest.h>

#include "support/hubspot_client.hpp"

namespace ledgersync::sandbox::testing {
namespace {

TEST(HubSpotAccountInfoHttp, details_of_the_default_account_are_in_usd_as_hubspot_shapes_them) {
    HubSpotSandbox hubspot;
    const auto r = hubspot.api("GET", "/account-info/v3/details");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.json["portalId"], 20000001);
    EXPECT_EQ(r.json["accountType"], "STANDARD");
    EXPECT_EQ(r.json["companyCurrency"], "USD");
    EXPECT_EQ(r.json["additionalCurrencies"], nlohmann::json::array());
    EXPECT_EQ(r.json["timeZone"], "US/Eastern");
    EXPECT_EQ(r.json["utcOffset"], "-05:00");
    EXPECT_EQ(r.json["utcOffsetMilliseconds"], -18000000);
    EXPECT_EQ(r.json["uiDomain"], "app.hubspot.com");
    EXPECT_EQ(r.json["dataHostingLocation"], "na1");
    EXPECT_FALSE(r.header("X-HubSpot-RateLimit-Remaining").empty()) << "rate limited like any API call";
    EXPECT_EQ(hubspot.api("GET", "/account-info/2026-03/details").json, r.json);
    EXPECT_EQ(hubspot.api_with("", "GET", "/account-info/v3/details").status, 401);
    EXPECT_EQ(hubspot.api("GET", "/account-info/v3/nothing").status, 404);
    const auto counters = hubspot.control("GET", "/__sandbox/counters");
    EXPECT_EQ(counters["by_api"]["hubspot"]["by_family"]["account"], 4);
}

TEST(HubSpotAccountInfoHttp, a_seeded_company_currency_and_additional_currencies_are_the_accounts) {
    HubSpotSandbox hubspot({"--apis", "hubspot", "--seed", "none"});
    const auto seeded = hubspot.control("POST", "/__sandbox/hubspot/seed",
                                        {{"portal_id", "4242"},
                                         {"defaults", false},
                                         {"tokens", true},
                                         {"company_currency", "EUR"},
                                         {"additional_currencies", {"USD", "GBP"}},
                                         {"objects",
                                          {{"products",
                                            {{{"name", "Consulting"},
                                              {"price", "120.00"},
                                              {"hs_price_eur", "120.00"},
                                              {"hs_price_usd", "130.00"}}}}}}});
    hubspot.use_token(seeded["tokens"]["access_token"]);
    const auto r = hubspot.api("GET", "/account-info/v3/details");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.json["portalId"], 4242);
    EXPECT_EQ(r.json["companyCurrency"], "EUR");
    EXPECT_EQ(r.json["additionalCurrencies"], (nlohmann::json{"USD", "GBP"}));
    const std::string product = seeded["created"]["products"][0];
    const auto read = hubspot.api("GET", "/crm/v3/objects/products/" + product + "?properties=price,hs_price_usd,hs_price_gbp");
    ASSERT_EQ(read.status, 200) << read.body;
    EXPECT_EQ(read.json["properties"]["hs_price_usd"], "130.00");
    EXPECT_TRUE(read.json["properties"]["hs_price_gbp"].is_null());

    // A single-currency account has no per-currency prices; bad codes are refused.
    const auto single = hubspot.raw("POST", "/__sandbox/hubspot/seed",
                                    nlohmann::json{{"defaults", false},
                                                   {"company_currency", "EUR"},
                                                   {"objects", {{"products", {{{"name", "P"}, {"hs_price_eur", "1"}}}}}}}
                                        .dump());
    EXPECT_EQ(single.status, 400) << single.body;
    const auto bad = hubspot.raw("POST", "/__sandbox/hubspot/seed",
                                 nlohmann::json{{"defaults", false}, {"company_currency", "euro"}}.dump());
    EXPECT_EQ(bad.status, 400) << bad.body;
}

}  // namespace
}  // namespace ledgersync::sandbox::testing
