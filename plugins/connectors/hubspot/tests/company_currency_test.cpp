// Product prices are in the account's company currency: read once per connector instance from
// GET /account-info/v3/details, at the first product, never assumed to be USD.

#include <gtest/gtest.h>

#include "connector.hpp"
#include "hubspot_test_support.hpp"

namespace ledgersync::connectors::hubspot {
namespace {

using nlohmann::json;
using testing::batch_read_answer;
using testing::crm_object;
using testing::FakeHost;
using testing::json_response;
using testing::private_app_config;
using testing::query_parameter;
using testing::Router;

json product(const std::string& id, const std::string& price) {
    // A multi-currency account's product also has its prices in the other currencies.
    return crm_object(id, {{"name", "Product " + id}, {"price", price}, {"hs_price_eur", price}, {"hs_price_usd", "999.00"}});
}

/// Two pages of products: 9001, 9002, then 9003.
void on_product_pages(Router& router) {
    router.on("GET /crm/v3/objects/products", [](const sdk::HttpRequest& r) {
        if (query_parameter(r.url, "after").empty()) {
            return json_response(200, json{{"results", {product("9001", "150.00"), product("9002", "95.50")}},
                                           {"paging", {{"next", {{"after", "9003"}}}}}}
                                          .dump());
        }
        return json_response(200, json{{"results", {product("9003", "49.99")}}}.dump());
    });
}

TEST(HubSpotCompanyCurrency, a_eur_accounts_products_are_priced_in_eur_and_the_account_is_read_once_for_many_products) {
    FakeHost host;
    Router router;
    int details_calls = 0;
    testing::on_account_details(router, "EUR", &details_calls);
    on_product_pages(router);
    router.on("POST /crm/v3/objects/products/batch/read",
              [](const sdk::HttpRequest& r) { return batch_read_answer(r, {{"9001", product("9001", "151.00")}}); });
    host.on_http(std::ref(router));
    HubSpotConnector connector(host.services(), private_app_config());

    const sdk::ReadResult first = connector.read({"product", std::nullopt});
    ASSERT_EQ(first.records.size(), 2u);
    EXPECT_EQ(first.records[0].body["unit_price"], "150.00");
    EXPECT_EQ(first.records[0].body["currency"], "EUR");
    EXPECT_EQ(first.records[1].body["currency"], "EUR");
    const sdk::ReadResult second = connector.read({"product", first.cursor});
    ASSERT_EQ(second.records.size(), 1u);
    EXPECT_EQ(second.records[0].body["currency"], "EUR");
    const sdk::ReadResult by_id = connector.read({"product", std::nullopt, {"9001"}});
    ASSERT_EQ(by_id.records.size(), 1u);
    EXPECT_EQ(by_id.records[0].body, (json{{"name", "Product 9001"}, {"unit_price", "151.00"}, {"currency", "EUR"}, {"type", "service"}}));
    EXPECT_EQ(details_calls, 1) << "the account's details are read once per instance";
    EXPECT_EQ(host.counter("hubspot_api_calls_total", "family=account"), 1);
}

TEST(HubSpotCompanyCurrency, the_account_is_not_read_until_a_product_is_translated) {
    FakeHost host;
    Router router;
    int details_calls = 0;
    testing::on_account_details(router, "EUR", &details_calls);
    router.on("GET /crm/v3/objects/products", [](const sdk::HttpRequest&) { return json_response(200, R"({"results":[]})"); });
    host.on_http(std::ref(router));
    HubSpotConnector connector(host.services(), private_app_config());
    EXPECT_TRUE(connector.read({"product", std::nullopt}).records.empty());
    EXPECT_EQ(details_calls, 0);
}

TEST(HubSpotCompanyCurrency, a_failed_account_read_fails_the_read_instead_of_guessing_usd_and_is_tried_again) {
    FakeHost host;
    Router router;
    int details_calls = 0;
    router.on("GET /account-info/v3/details", [&](const sdk::HttpRequest&) {
        if (++details_calls == 1) return json_response(503, R"({"status":"error","message":"unavailable"})");
        return json_response(200, R"({"portalId":20000001,"companyCurrency":"GBP","additionalCurrencies":[]})");
    });
    on_product_pages(router);
    host.on_http(std::ref(router));
    HubSpotConnector connector(host.services(), private_app_config());
    try {
        connector.read({"product", std::nullopt});
        ADD_FAILURE() << "a read without the company currency succeeded";
    } catch (const sdk::Error& e) {
        EXPECT_EQ(e.outcome().kind, sdk::OutcomeClass::transient) << e.outcome().reason;
        EXPECT_NE(e.outcome().reason.find("account's details"), std::string::npos) << e.outcome().reason;
    }
    const sdk::ReadResult again = connector.read({"product", std::nullopt});
    ASSERT_EQ(again.records.size(), 2u);
    EXPECT_EQ(again.records[0].body["currency"], "GBP");
    EXPECT_EQ(details_calls, 2);
}

TEST(HubSpotCompanyCurrency, account_details_without_a_currency_code_are_a_transient_failure) {
    FakeHost host;
    Router router;
    router.on("GET /account-info/v3/details",
              [](const sdk::HttpRequest&) { return json_response(200, R"({"portalId":20000001,"companyCurrency":null})"); });
    on_product_pages(router);
    host.on_http(std::ref(router));
    HubSpotConnector connector(host.services(), private_app_config());
    try {
        connector.read({"product", std::nullopt});
        ADD_FAILURE() << "a read without the company currency succeeded";
    } catch (const sdk::Error& e) {
        EXPECT_EQ(e.outcome().kind, sdk::OutcomeClass::transient);
        EXPECT_NE(e.outcome().reason.find("no company currency"), std::string::npos) << e.outcome().reason;
    }
}

TEST(HubSpotCompanyCurrency, check_names_the_company_currency_and_the_reads_use_what_it_read) {
    FakeHost host;
    Router router;
    int details_calls = 0;
    testing::on_account_details(router, "EUR", &details_calls);
    for (const std::string type : {"invoices", "line_items", "contacts", "companies", "deals", "commerce_payments"}) {
        router.on("GET /crm/v3/objects/" + type, [](const sdk::HttpRequest&) { return json_response(200, R"({"results":[]})"); });
    }
    router.on("GET /crm/v3/properties/invoices/hs_purchase_order_number",
              [](const sdk::HttpRequest&) { return json_response(200, R"({"name":"hs_purchase_order_number","type":"string"})"); });
    on_product_pages(router);
    host.on_http(std::ref(router));
    HubSpotConnector connector(host.services(), private_app_config());
    const sdk::CheckResult checked = connector.check();
    EXPECT_TRUE(checked.ok) << checked.details;
    EXPECT_NE(checked.details.find("product prices are in EUR (the account's company currency)"), std::string::npos) << checked.details;
    EXPECT_EQ(connector.read({"product", std::nullopt}).records.at(0).body["currency"], "EUR");
    EXPECT_EQ(details_calls, 1);
}

TEST(HubSpotCompanyCurrency, check_reports_account_details_it_cannot_read) {
    FakeHost host;
    host.on_http([](const sdk::HttpRequest& r) {
        if (testing::url_path(r.url) == "/account-info/v3/details") return json_response(502, "<html>Bad Gateway</html>");
        return json_response(200, R"({"results":[]})");
    });
    HubSpotConnector connector(host.services(), private_app_config());
    const sdk::CheckResult checked = connector.check();
    EXPECT_FALSE(checked.ok);
    EXPECT_NE(checked.details.find("account's details"), std::string::npos) << checked.details;
}

}  // namespace
}  // namespace ledgersync::connectors::hubspot
