// Invoices read by the hubspot connector carry the commerce payments applied to them and where
// each was made (the duplicate guard's input, docs/bus.md "Duplicates"), against the sandbox
// over HTTP. Reading the payments themselves is the hubspot_payments connector's
// (tests/integration/hubspot_payments).

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

/// The sandbox's record of `type` with id `id` in `portal`.
json object_of(const HubSpotSandbox& sandbox, const std::string& type, const std::string& id, const std::string& portal) {
    for (const auto& object : sandbox.objects(type, portal)) {
        if (object.at("id") == id) return object;
    }
    return json();
}

json associated(const std::string& id, int type_id) {
    return {{"to", {{"id", id}}}, {"types", {{{"associationCategory", "HUBSPOT_DEFINED"}, {"associationTypeId", type_id}}}}};
}

TEST(HubSpotInvoicePayments, invoices_carry_their_payments_and_where_each_was_made) {
    HubSpotSandbox sandbox;
    const json seeded = sandbox.seed({{"defaults", true}});
    const std::string portal = seeded.at("portal_id");
    const std::string open = seeded.at("created").at("invoices_by_status").at("open").at(0);  // 545.50 due
    const std::string recorded = seeded.at("created").at("invoices_by_status").at("paid").at(0);  // paid by a check
    // A buyer pays the open invoice through HubSpot payments; then a "create paid invoice"
    // workflow makes a second invoice for that payment.
    const std::string payment =
        sandbox.control("POST", "/__sandbox/hubspot/accounts/" + portal + "/payments", {{"invoice_id", open}, {"amount", "545.50"}}).at("id");
    const json contact = object_of(sandbox, "invoices", open, portal).at("associations").at("contacts").at(0);
    const json line = sandbox.api("POST", "/crm/v3/objects/line_items", {{"properties", {{"name", "Order"}, {"price", "545.50"}, {"quantity", "1"}}}}, portal);
    const json second = sandbox.api("POST", "/crm/v3/objects/invoices",
                                    {{"properties", {{"hs_currency", "USD"}}},
                                     {"associations", {associated(contact, 177), associated(line.at("id"), 409), associated(payment, 541)}}},
                                    portal);
    const std::string duplicate = second.at("id");
    sandbox.api("PATCH", "/crm/v3/objects/invoices/" + duplicate, {{"properties", {{"hs_invoice_status", "open"}}}}, portal);
    // The source is HubSpot's to say: read-only through the API.
    EXPECT_THROW(sandbox.api("PATCH", "/crm/v3/objects/commerce_payments/" + payment, {{"properties", {{"hs_payment_source_id", duplicate}}}}, portal),
                 std::exception);

    ConnectorHarness harness(sandbox.private_app_config(portal), {}, "hubspot", "hubspot");
    const json made_through_open = json::array({{{"payment", payment}, {"made_through", "invoice"}, {"source_invoice", open}}});
    const testing::Backfill read = testing::backfill(harness.connector(), "invoice");
    EXPECT_EQ(read.untranslated, 0) << harness.log();
    ASSERT_TRUE(read.records.count(open) && read.records.count(duplicate)) << harness.log();
    EXPECT_EQ(read.records.at(open)["payments"], made_through_open);
    EXPECT_EQ(read.records.at(duplicate)["payments"], made_through_open);
    EXPECT_EQ(read.records.at(duplicate)["status"], "paid");
    // A payment recorded by hand says nothing of where it was made.
    ASSERT_TRUE(read.records.count(recorded));
    ASSERT_EQ(read.records.at(recorded)["payments"].size(), 1u) << read.records.at(recorded).dump();
    EXPECT_FALSE(read.records.at(recorded)["payments"][0].contains("made_through"));

    // Read by id (a webhook, a retried failure): the same, through the association batch reads.
    const sdk::ReadResult again = harness.connector().read({"invoice", std::nullopt, {duplicate}});
    ASSERT_EQ(again.records.size(), 1u) << harness.log();
    EXPECT_EQ(again.records[0].body["payments"], made_through_open);
}

}  // namespace
}  // namespace ledgersync
