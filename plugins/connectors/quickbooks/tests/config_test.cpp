// The connector's configuration: defaults, environments, and every problem reported at its path.

#include <gtest/gtest.h>

#include <ledgersync/sdk.hpp>

#include "config.hpp"

namespace ledgersync::connectors::quickbooks {
namespace {

using nlohmann::json;

json minimal() {
    return {{"realm_id", "9130350000000001"}, {"environment", "production"}, {"client_id", "id"}, {"client_secret", "secret"}};
}

std::string problems_of(const json& config) {
    try {
        (void)QboConfig::parse(config);
    } catch (const sdk::Error& e) {
        EXPECT_EQ(e.outcome().kind, sdk::OutcomeClass::fatal);
        return e.outcome().reason;
    }
    return {};
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(QboConfig, a_minimal_config_gets_intuit_hosts_and_the_defaults) {
    const QboConfig c = QboConfig::parse(minimal());
    EXPECT_EQ(c.realm_id, "9130350000000001");
    EXPECT_EQ(c.endpoints.api_base_url, "https://quickbooks.api.intuit.com");
    EXPECT_EQ(c.endpoints.token_url, "https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer");
    EXPECT_EQ(c.minorversion, 75);
    EXPECT_EQ(c.limits.batch_items, 30);
    EXPECT_EQ(c.limits.query_page_size, 1000);
    EXPECT_EQ(c.mapping.home_currency, "USD");
    EXPECT_EQ(c.mapping.line_tax_code, "NON");
    EXPECT_EQ(c.mapping.tax_line_tax_code, "NON");
    EXPECT_EQ(c.mapping.refund_as, "refund_receipt");
    EXPECT_FALSE(c.sync_from_ms);
}

TEST(QboConfig, sandbox_and_custom_base_urls) {
    json config = minimal();
    config["environment"] = "sandbox";
    EXPECT_EQ(QboConfig::parse(config).endpoints.api_base_url, "https://sandbox-quickbooks.api.intuit.com");
    config["environment"] = {{"base_url", "http://127.0.0.1:8899/"}};
    const QboConfig custom = QboConfig::parse(config);
    EXPECT_EQ(custom.endpoints.environment, "custom");
    EXPECT_EQ(custom.endpoints.api_base_url, "http://127.0.0.1:8899");
    EXPECT_EQ(custom.endpoints.token_url, "http://127.0.0.1:8899/oauth2/v1/tokens/bearer");
    config["environment"]["token_url"] = "http://127.0.0.1:9000/token";
    EXPECT_EQ(QboConfig::parse(config).endpoints.token_url, "http://127.0.0.1:9000/token");
}

TEST(QboConfig, mapping_settings_and_sync_from_are_read) {
    json config = minimal();
    config["sync_from"] = "2026-01-01";
    config["mapping"] = {{"tax_item_id", "33"}, {"fee_item_id", "34"}, {"fee_item_ids", {"35"}},
                         {"payment_method_ids", {{"card", "3"}}}, {"custom_field_ids", {{"Crew #", "1"}}}, {"refund_as", "credit_memo"}};
    const QboConfig c = QboConfig::parse(config);
    EXPECT_EQ(c.sync_from_ms, 1767225600000);
    EXPECT_EQ(c.mapping.tax_item_id, "33");
    EXPECT_EQ(c.mapping.fee_item_ids, (std::set<std::string>{"34", "35"}));
    EXPECT_EQ(c.mapping.payment_method_ids.at("card"), "3");
    EXPECT_EQ(c.mapping.refund_as, "credit_memo");
}

TEST(QboConfig, tax_lines_need_a_non_taxable_tax_code) {
    json config = minimal();
    config["mapping"] = {{"tax_line_tax_code", ""}};
    const std::string why = problems_of(config);
    EXPECT_TRUE(contains(why, "/mapping/tax_line_tax_code")) << why;
    EXPECT_TRUE(contains(why, "never be taxed again")) << why;
    config["mapping"] = {{"tax_line_tax_code", "4"}};
    EXPECT_EQ(QboConfig::parse(config).mapping.tax_line_tax_code, "4");
}

TEST(QboConfig, every_problem_is_reported_at_its_path) {
    json config = minimal();
    config["realm_id"] = "realm-1";
    config["environment"] = "staging";
    config["minorversion"] = 70;
    config["client_secret"] = "";
    config["refresh_tokn"] = "x";
    config["limits"] = {{"batch_items", 31}};
    config["mapping"] = {{"payment_method_ids", {{"bitcoin", "9"}}}, {"home_currency", "XXY"},
                         {"custom_field_ids", {{"a", "1"}, {"b", "2"}, {"c", "3"}, {"d", "4"}}}};
    const std::string problems = problems_of(config);
    EXPECT_TRUE(contains(problems, "/realm_id: \"realm-1\" is not a realm id")) << problems;
    EXPECT_TRUE(contains(problems, "/environment: \"staging\" is not an environment")) << problems;
    EXPECT_TRUE(contains(problems, "/minorversion: value 70 is out of range")) << problems;
    EXPECT_TRUE(contains(problems, "/client_secret: must not be empty")) << problems;
    EXPECT_TRUE(contains(problems, "/refresh_tokn: unknown key; did you mean \"refresh_token\"?")) << problems;
    EXPECT_TRUE(contains(problems, "/limits/batch_items: value 31 is out of range")) << problems;
    EXPECT_TRUE(contains(problems, "/mapping/payment_method_ids/bitcoin")) << problems;
    EXPECT_TRUE(contains(problems, "/mapping/home_currency")) << problems;
    EXPECT_TRUE(contains(problems, "/mapping/custom_field_ids: QuickBooks has at most 3")) << problems;
    EXPECT_TRUE(contains(problems_of(json::object()), "/realm_id: required key is missing"));
}

}  // namespace
}  // namespace ledgersync::connectors::quickbooks
