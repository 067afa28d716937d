// Invoice sync end to end, the deal rule (docs/connectors/hubspot.md, "Deals"): a HubSpot deal
// with two invoices, both synced to QuickBooks and then edited there; the deal ends with the
// QuickBooks properties of the one QuickBooks updated last, and each edit lands on the HubSpot
// invoice it came from (no copy).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "invoice_sync_host.hpp"

namespace ledgersync {
namespace {

using nlohmann::json;
using testing::decimal;
using testing::eventually;
using testing::InvoiceSync;
using testing::wait_for_qbo_invoice;

/// QuickBooks' LastUpdatedTime of `invoice` in epoch ms.
std::int64_t last_updated_ms(const json& invoice) {
    const auto at = sdk::Timestamp::parse(invoice.at("MetaData").at("LastUpdatedTime").get<std::string>());
    return at ? at->epoch_milliseconds() : -1;
}

TEST(InvoiceSyncDeal, a_deal_ends_with_the_properties_of_its_invoice_quickbooks_updated_last) {
    // The deal and its two invoices are in HubSpot before the host first reads it (the seed).
    testing::InvoiceSyncOptions options;
    options.hubspot_seed["demo_deal"] = {{"properties", {{"dealname", "Grace and Ada renewal"}, {"dealstage", "contractsent"}, {"pipeline", "default"}}},
                                         {"invoices", {"plain", "discount_and_po"}}};
    InvoiceSync sync(options);
    const std::string first = sync.invoice_id("plain");
    const std::string second = sync.invoice_id("discount_and_po");
    const std::string deal = sync.seeded().at("created").at("demo_deal");
    ASSERT_EQ(sync.hubspot_object("invoices", first).at("associations").at("deals"), json::array({deal}));

    const json first_in_qbo = wait_for_qbo_invoice(sync, "plain");
    const json second_in_qbo = wait_for_qbo_invoice(sync, "discount_and_po");
    ASSERT_FALSE(first_in_qbo.is_null() || second_in_qbo.is_null()) << sync.log();
    const std::string portal = sync.seeded().at("portal_id");
    const std::size_t hubspot_invoices = sync.hubspot().objects("invoices", portal).size();

    // Both edited in QuickBooks, the second a while after the first.
    auto edit = [&](const json& invoice, const std::string& memo) {
        const json current = sync.qbo_entity("Invoice", "Id", invoice.at("Id"));
        const auto [status, edited] = sync.qbo().api(
            "POST", "invoice",
            json{{"Id", invoice.at("Id")}, {"SyncToken", current.at("SyncToken")}, {"sparse", true},
                 {"CustomerMemo", {{"value", memo}}}}.dump());
        EXPECT_EQ(status, 200) << edited.dump();
        return edited.value("Invoice", json::object());
    };
    const json first_edited = edit(first_in_qbo, "Edited in QuickBooks first");
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    const json second_edited = edit(second_in_qbo, "Edited in QuickBooks second");
    ASSERT_LT(last_updated_ms(first_edited), last_updated_ms(second_edited));

    // Both edits reach the HubSpot invoices they came from.
    ASSERT_TRUE(eventually([&] {
        return sync.hubspot_object("invoices", first).at("properties").value("hs_comments", "") == "Edited in QuickBooks first" &&
               sync.hubspot_object("invoices", second).at("properties").value("hs_comments", "") == "Edited in QuickBooks second";
    })) << sync.log();
    EXPECT_EQ(sync.hubspot().objects("invoices", portal).size(), hubspot_invoices) << "an edit in QuickBooks makes no HubSpot copy";

    // The deal shows the invoice QuickBooks updated last.
    json properties;
    ASSERT_TRUE(eventually([&] {
        properties = sync.hubspot_object("deals", deal).at("properties");
        return properties.value("ledgersync_qbo_invoice_id", "") == second_edited.value("Id", "?");
    })) << properties.dump(2) << sync.log();
    // What QuickBooks held after the second edit (the HubSpot writes it caused are not written back).
    const json& second_now = second_edited;
    EXPECT_EQ(properties.value("ledgersync_qbo_invoice_number", ""), second_now.value("DocNumber", "?"));
    EXPECT_EQ(decimal(json(properties.value("ledgersync_qbo_invoice_total", "0"))), decimal(second_now.at("TotalAmt")));
    EXPECT_EQ(decimal(json(properties.value("ledgersync_qbo_invoice_balance_due", "0"))), decimal(second_now.at("Balance")));
    EXPECT_EQ(properties.value("ledgersync_qbo_invoice_status", ""), "open");
    EXPECT_EQ(properties.value("ledgersync_invoice_id", ""), second);
    const auto held_at = sdk::Timestamp::parse(properties.value("ledgersync_qbo_invoice_updated_at", ""));
    ASSERT_TRUE(held_at.has_value()) << properties.dump(2);
    EXPECT_EQ(held_at->epoch_milliseconds(), last_updated_ms(second_now));
    EXPECT_GT(held_at->epoch_milliseconds(), last_updated_ms(first_edited));
    EXPECT_EQ(sync.qbo_entity("Invoice", "Id", second_edited.at("Id")).at("SyncToken"), second_edited.at("SyncToken"))
        << "nothing was written back to QuickBooks";
    EXPECT_THAT(sync.log(), ::testing::Not(::testing::HasSubstr("HubSpot refused updating a deal")));
}

}  // namespace
}  // namespace ledgersync
