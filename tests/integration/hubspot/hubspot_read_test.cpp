// Reads through the real plugin, the host's services and the HubSpot sandbox over HTTP: seeded
// invoices by id, and a backfill whose HubSpot calls per invoice the sandbox counts.

#include <gtest/gtest.h>

#include <ledgersync/sdk.hpp>

#include "connector_harness.hpp"
#include "hubspot_backfill.hpp"
#include "hubspot_sandbox.hpp"

namespace ledgersync {
namespace {

using nlohmann::json;
using testing::ConnectorHarness;
using testing::HubSpotSandbox;

TEST(HubSpotRead, seeded_invoices_read_by_id_come_with_their_lines_contact_and_totals) {
    HubSpotSandbox sandbox;
    const json seeded = sandbox.seed({{"defaults", true}, {"static_token", true}});
    const std::string portal = seeded.at("portal_id");
    ConnectorHarness harness(sandbox.private_app_config(portal), {}, "hubspot", "hubspot");
    const auto& by_status = seeded.at("created").at("invoices_by_status");
    const std::string open = by_status.at("open").at(0);
    const std::string paid = by_status.at("paid").at(0);
    sdk::ReadRequest request{"invoice", std::nullopt, {open, paid, "999999"}};
    const sdk::ReadResult result = harness.connector().read(request);
    ASSERT_TRUE(result.untranslated.empty()) << result.untranslated.front().reason;
    ASSERT_EQ(result.records.size(), 2u);
    const json& body = result.records[0].body;
    EXPECT_EQ(result.records[0].identity.id, open);
    EXPECT_EQ(body["status"], "open");
    EXPECT_EQ(body["customer"]["name"], "Ada Lovelace");
    ASSERT_EQ(body["lines"].size(), 2u);
    EXPECT_EQ(sdk::Decimal::parse(body["totals"]["total"].get<std::string>()), sdk::Decimal::parse("545.50")) << body.dump();
    EXPECT_EQ(sdk::Decimal::parse(body["totals"]["balance_due"].get<std::string>()), sdk::Decimal::parse("545.50"));
    EXPECT_EQ(result.records[1].body["status"], "paid");
    EXPECT_TRUE(sdk::Decimal::parse(result.records[1].body["totals"]["balance_due"].get<std::string>()).is_zero());
}

TEST(HubSpotRead, a_backfill_of_1200_invoices_reads_each_once_at_most_a_tenth_of_a_call_per_invoice) {
    testing::expect_backfill_costs_at_most_a_tenth_of_a_call_per_invoice(1200);
}

TEST(HubSpotRead, a_backfill_of_1200_invoices_with_a_discount_a_fee_and_a_tax_each_translates_them_all_at_most_a_tenth_of_a_call_per_invoice) {
    testing::expect_backfill_costs_at_most_a_tenth_of_a_call_per_invoice(1200, true);
}

}  // namespace
}  // namespace ledgersync
