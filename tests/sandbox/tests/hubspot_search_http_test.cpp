// CRM search: operators, AND within a group / OR across groups, one sort, paging with after,
// the 200 page limit, the 10,000-result ceiling, filter limits, and search's own rate limit.

#include <gtest/gtest.h>

#include "support/hubspot_client.hpp"

namespace ledgersync::sandbox::testing {
namespace {

class HubSpotSearchHttp : public ::testing::Test {
protected:
    void SetUp() override {
        nlohmann::json inputs = nlohmann::json::array();
        for (int i = 0; i < 30; ++i) {
            inputs.push_back({{"properties",
                               {{"name", "Gadget " + std::to_string(i)},
                                {"price", std::to_string(i) + ".50"},
                                {"hs_sku", i % 2 == 0 ? "EVEN-" + std::to_string(i) : ""}}}});
        }
        const auto r =
            hubspot_.api("POST", "/crm/v3/objects/products/batch/create", {{"inputs", inputs}});
        ASSERT_EQ(r.status, 201) << r.body;
        // Search has its own 5-per-second budget; these tests are about matching.
        hubspot_.control("POST", "/__sandbox/hubspot/rate-limits", {{"search_per_second", 1000}});
    }
    ApiResult search(const nlohmann::json& body) {
        return hubspot_.api("POST", "/crm/v3/objects/products/search", body);
    }
    static nlohmann::json filter(const std::string& property, const std::string& op,
                                 const nlohmann::json& value = nullptr) {
        nlohmann::json f = {{"propertyName", property}, {"operator", op}};
        if (!value.is_null())
            f[value.is_array() ? "values" : "value"] = value;
        return f;
    }
    HubSpotSandbox hubspot_;
};

TEST_F(HubSpotSearchHttp, numeric_comparisons_are_exact) {
    const auto r = search(
        {{"filterGroups",
          {{{"filters",
             {filter("price", "GTE", "27.5"), filter("name", "CONTAINS_TOKEN", "gadget")}}}}},
         {"properties", {"name", "price"}}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.json["total"], 3);  // 27.50, 28.50, 29.50
    const auto between = search({{"filterGroups",
                                  {{{"filters",
                                     {{{"propertyName", "price"},
                                       {"operator", "BETWEEN"},
                                       {"value", "10"},
                                       {"highValue", "12.50"}}}}}}}});
    EXPECT_EQ(between.json["total"], 3);  // 10.50, 11.50, 12.50
}

TEST_F(HubSpotSearchHttp, groups_are_ored_and_filters_anded) {
    const auto r =
        search({{"filterGroups",
                 {{{"filters", {filter("price", "LT", "2"), filter("hs_sku", "HAS_PROPERTY")}}},
                  {{"filters", {filter("name", "EQ", "gadget 29")}}}}}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.json["total"], 2);  // Gadget 0 (0.50, EVEN-0) and Gadget 29
    const auto in = search(
        {{"filterGroups", {{{"filters", {filter("hs_sku", "IN", {"EVEN-2", "EVEN-4", "X"})}}}}}});
    EXPECT_EQ(in.json["total"], 2);
    const auto token =
        search({{"filterGroups", {{{"filters", {filter("hs_sku", "CONTAINS_TOKEN", "even*")}}}}}});
    EXPECT_EQ(token.json["total"], 15);
    const auto missing =
        search({{"filterGroups", {{{"filters", {filter("hs_sku", "NOT_HAS_PROPERTY")}}}}}});
    EXPECT_EQ(missing.json["total"], 15);  // the odd ones (seeded products have SKUs)
}

TEST_F(HubSpotSearchHttp, sorts_and_pages_with_after) {
    nlohmann::json body = {
        {"filterGroups", {{{"filters", {filter("name", "CONTAINS_TOKEN", "gadget")}}}}},
        {"sorts", {{{"propertyName", "price"}, {"direction", "DESCENDING"}}}},
        {"properties", {"price"}},
        {"limit", 7}};
    std::vector<std::string> prices;
    for (int page = 0; page < 10; ++page) {
        const auto r = search(body);
        ASSERT_EQ(r.status, 200) << r.body;
        for (const auto& p : r.json["results"])
            prices.push_back(p["properties"]["price"]);
        if (!r.json.contains("paging"))
            break;
        body["after"] = r.json["paging"]["next"]["after"];
    }
    ASSERT_EQ(prices.size(), 30u);
    EXPECT_EQ(prices.front(), "29.50");
    EXPECT_EQ(prices[1], "28.50");
    EXPECT_EQ(prices.back(), "0.50");
}

TEST_F(HubSpotSearchHttp, page_size_and_the_10000_ceiling_are_enforced) {
    EXPECT_EQ(search({{"limit", 200}}).status, 200);
    EXPECT_EQ(search({{"limit", 201}}).status, 400);
    const auto past = search({{"limit", 100}, {"after", "9950"}});
    EXPECT_EQ(past.status, 400);
    EXPECT_EQ(past.json["category"], "VALIDATION_ERROR");
    EXPECT_EQ(search({{"limit", 50}, {"after", "9950"}}).status, 200);
}

TEST_F(HubSpotSearchHttp, filter_limits_and_unknown_operators_are_refused) {
    nlohmann::json seven = nlohmann::json::array();
    for (int i = 0; i < 7; ++i)
        seven.push_back(filter("price", "GT", "0"));
    EXPECT_EQ(search({{"filterGroups", {{{"filters", seven}}}}}).status, 400);
    nlohmann::json six_groups = nlohmann::json::array();
    for (int i = 0; i < 6; ++i)
        six_groups.push_back({{"filters", {filter("price", "GT", "0")}}});
    EXPECT_EQ(search({{"filterGroups", six_groups}}).status, 400);
    EXPECT_EQ(search({{"filterGroups", {{{"filters", {filter("price", "ABOUT", "1")}}}}}}).status,
              400);
    EXPECT_EQ(search({{"filterGroups", {{{"filters", {filter("colour", "EQ", "red")}}}}}}).status,
              400);
}

TEST_F(HubSpotSearchHttp, search_has_its_own_per_second_limit_without_headers) {
    hubspot_.control("POST", "/__sandbox/clock", {{"freeze", true}});
    hubspot_.control("POST", "/__sandbox/hubspot/rate-limits", {{"search_per_second", 5}});
    for (int i = 0; i < 5; ++i) {
        const auto ok = search({{"limit", 1}});
        ASSERT_EQ(ok.status, 200) << i;
        EXPECT_EQ(ok.header("X-HubSpot-RateLimit-Remaining"), "");
    }
    const auto refused = search({{"limit", 1}});
    ASSERT_EQ(refused.status, 429);
    EXPECT_EQ(refused.json["policyName"], "SECONDLY");
    EXPECT_EQ(refused.json["errorType"], "RATE_LIMIT");
    // Other endpoints are not held back by search's budget.
    EXPECT_EQ(hubspot_.api("GET", "/crm/v3/objects/products?limit=1").status, 200);
    hubspot_.control("POST", "/__sandbox/clock", {{"advance_ms", 1001}});
    EXPECT_EQ(search({{"limit", 1}}).status, 200);
}

TEST_F(HubSpotSearchHttp, index_lag_hides_fresh_writes_until_it_passes) {
    hubspot_.control("POST", "/__sandbox/clock", {{"freeze", true}});
    hubspot_.control("POST", "/__sandbox/hubspot/settings", {{"search_index_lag_ms", 5000}});
    hubspot_.create("products", {{"name", "Fresh"}, {"price", "1"}});
    const nlohmann::json body = {
        {"filterGroups", {{{"filters", {filter("name", "EQ", "Fresh")}}}}}};
    EXPECT_EQ(search(body).json["total"], 0);
    // A read by id sees it at once: only search lags.
    EXPECT_EQ(hubspot_.api("GET", "/crm/v3/objects/products?limit=100").json["results"].size(),
              34u);
    hubspot_.control("POST", "/__sandbox/clock", {{"advance_ms", 5001}});
    EXPECT_EQ(search(body).json["total"], 1);
}

TEST_F(HubSpotSearchHttp, filters_on_associations) {
    const auto invoices = hubspot_.api(
        "POST", "/crm/v3/objects/invoices/search",
        {{"filterGroups", {{{"filters", {filter("hs_invoice_status", "EQ", "open")}}}}}});
    ASSERT_EQ(invoices.status, 200) << invoices.body;
    EXPECT_EQ(invoices.json["total"], 1);
    const auto contact =
        hubspot_.api("GET", "/crm/v3/objects/contacts/ada@acme.example?idProperty=email");
    const auto ada = hubspot_.api(
        "POST", "/crm/v3/objects/invoices/search",
        {{"filterGroups",
          {{{"filters", {filter("associations.contact", "EQ", contact.json["id"])}}}}}});
    EXPECT_EQ(ada.json["total"], 2);  // the seeded draft and open invoices
}

}  // namespace
}  // namespace ledgersync::sandbox::testing
