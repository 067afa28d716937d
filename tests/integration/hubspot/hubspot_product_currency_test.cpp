// Product prices in the account's company currency, through the real plugin and the HubSpot
// sandbox over HTTP: an account seeded with EUR reads its products priced in EUR, the account's
// details read once for every page of products.

#include <gtest/gtest.h>

#include <ledgersync/sdk.hpp>

#include "connector_harness.hpp"
#include "hubspot_sandbox.hpp"

namespace ledgersync {
namespace {

using nlohmann::json;
using testing::ConnectorHarness;
using testing::HubSpotSandbox;

TEST(HubSpotProductCurrency, an_account_seeded_with_eur_reads_its_products_priced_in_eur) {
    HubSpotSandbox sandbox;
    json products = json::array();
    for (int i = 1; i <= 5; ++i) {
        products.push_back({{"name", "Product " + std::to_string(i)}, {"price", std::to_string(10 * i) + ".50"},
                            {"hs_price_eur", std::to_string(10 * i) + ".50"}, {"hs_price_usd", "999.00"}});
    }
    const json seeded = sandbox.seed({{"defaults", false},
                                      {"company_currency", "EUR"},
                                      {"additional_currencies", {"USD"}},
                                      {"objects", {{"products", products}}}});
    const std::string portal = seeded.at("portal_id");
    // Two products a page: three pages of products, one read of the account's details.
    ConnectorHarness harness(sandbox.private_app_config(portal, {{"limits", {{"page_size", 2}}}}), {}, "hubspot", "hubspot");
    // Calls of the account information API so far (the counters have no family before its first call).
    const auto account_calls = [&] {
        const json families = sandbox.counters()["by_api"]["hubspot"]["by_family"];
        return families.is_object() ? families.value("account", std::int64_t{0}) : std::int64_t{0};
    };
    const std::int64_t account_calls_before = account_calls();
    std::vector<sdk::Record> records;
    std::optional<std::string> cursor;
    for (int page = 0; page < 10; ++page) {
        sdk::ReadResult read = harness.connector().read({"product", cursor});
        ASSERT_TRUE(read.untranslated.empty()) << read.untranslated.front().reason;
        for (auto& r : read.records) records.push_back(std::move(r));
        cursor = read.cursor;
        if (!read.has_more) break;
    }
    ASSERT_EQ(records.size(), 5u);
    for (const auto& record : records) {
        EXPECT_EQ(record.body["currency"], "EUR") << record.body.dump();
    }
    EXPECT_EQ(records[0].body["unit_price"], "10.50");
    EXPECT_EQ(records[4].body["unit_price"], "50.50");
    EXPECT_EQ(account_calls() - account_calls_before, 1);
}

TEST(HubSpotProductCurrency, the_default_account_reads_its_products_priced_in_usd) {
    HubSpotSandbox sandbox;
    const json seeded = sandbox.seed({{"defaults", true}});
    ConnectorHarness harness(sandbox.private_app_config(seeded.at("portal_id")), {}, "hubspot", "hubspot");
    const sdk::ReadResult read = harness.connector().read({"product", std::nullopt});
    ASSERT_EQ(read.records.size(), 3u);
    EXPECT_EQ(read.records[0].body["currency"], "USD");
    EXPECT_EQ(read.records[0].body["unit_price"], "150.00");
}

}  // namespace
}  // namespace ledgersync
