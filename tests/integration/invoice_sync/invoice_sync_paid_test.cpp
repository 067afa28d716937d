// An invoice paid in HubSpot, then edited in QuickBooks: what the edit may change reaches the
// HubSpot invoice, which stays paid; nothing is duplicated.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "invoice_sync_host.hpp"

namespace ledgersync {
namespace {

using nlohmann::json;
using testing::eventually;
using testing::InvoiceSync;
using testing::wait_for_qbo_invoice;

TEST(InvoiceSyncPaid, a_quickbooks_edit_of_an_invoice_paid_in_hubspot_reaches_it_and_it_stays_paid) {
    InvoiceSync sync;
    const json written = wait_for_qbo_invoice(sync, "plain");
    ASSERT_FALSE(written.is_null()) << sync.log();
    const std::string hubspot_id = sync.invoice_id("plain");
    const std::string object = "hubspot/invoice/" + hubspot_id;
    // Synced and shown so; then the buyer pays it through HubSpot payments.
    ASSERT_TRUE(eventually([&] {
        return sync.hubspot_object("invoices", hubspot_id).at("properties").value("ledgersync_sync_status", "") == "synced";
    })) << sync.log();
    sync.pay_through_hubspot(hubspot_id);
    ASSERT_EQ(sync.hubspot_object("invoices", hubspot_id).at("properties").value("hs_invoice_status", ""), "paid");
    // The paid version goes to QuickBooks first (status paid; the payment itself is issue 14's).
    ASSERT_TRUE(eventually([&] {
        const json shown = sync.cli_json({"objects", "show", object});
        int written_count = 0;
        for (const auto& t : shown.value("timeline", json::array())) written_count += t.value("event", "") == "written" ? 1 : 0;
        return written_count >= 2;
    })) << sync.cli({"objects", "show", object}).out;

    const std::string qbo_object = "qbo/invoice/" + written.at("Id").get<std::string>();
    const auto writes_from_quickbooks = [&] {
        int count = 0;
        for (const auto& t : sync.cli_json({"objects", "show", qbo_object}).value("timeline", json::array())) {
            count += t.value("event", "") == "written" ? 1 : 0;
        }
        return count;
    };
    const int written_before = writes_from_quickbooks();
    const json current = sync.qbo_entity("Invoice", "Id", written.at("Id"));
    const auto [status, answer] = sync.qbo().api(
        "POST", "invoice",
        json{{"Id", written.at("Id")}, {"SyncToken", current.at("SyncToken")}, {"sparse", true},
             {"CustomerMemo", {{"value", "Paid by card, thank you"}}}}.dump());
    ASSERT_EQ(status, 200) << answer.dump();
    // The memo reaches HubSpot; once that write has settled, the invoice is paid, its amounts as
    // they were. The write takes several calls (the invoice, then its lines replaced): HubSpot
    // shows the memo from the first, so only the settled write is judged.
    ASSERT_TRUE(eventually([&] { return writes_from_quickbooks() > written_before; }))
        << sync.cli({"objects", "show", qbo_object}).out << sync.log();
    const json in_hubspot = sync.hubspot_object("invoices", hubspot_id);
    const json& properties = in_hubspot.at("properties");
    ASSERT_EQ(properties.value("hs_comments", ""), "Paid by card, thank you") << in_hubspot.dump(2);
    EXPECT_EQ(properties.value("hs_invoice_status", ""), "paid");
    EXPECT_EQ(testing::decimal(properties.at("hs_balance_due")), testing::decimal("0"));
    EXPECT_EQ(testing::decimal(properties.at("hs_amount_paid")), testing::decimal(properties.at("hs_amount_billed")));
    EXPECT_EQ(testing::decimal(properties.at("hs_amount_billed")), testing::decimal(written.at("TotalAmt")));

    // HubSpot's copy of the edit comes back to the polls as our own write: nothing goes to
    // QuickBooks again, no second invoice on either side, nothing failed.
    const auto invoice_searches = [&] {
        return sync.hubspot().counters().value(json::json_pointer("/by_api/hubspot/by_endpoint/POST ~1crm~1v3~1objects~1invoices~1search"),
                                               std::int64_t{0});
    };
    const std::int64_t searched = invoice_searches();
    ASSERT_TRUE(eventually([&] { return invoice_searches() >= searched + 2; }, std::chrono::seconds(150))) << sync.log();
    const json edited = sync.qbo_entity("Invoice", "Id", written.at("Id"));
    EXPECT_EQ(edited.value("SyncToken", ""), answer.at("Invoice").value("SyncToken", ""))
        << "QuickBooks was written again: " << answer.dump(2) << "\nnow: " << edited.dump(2) << sync.cli({"objects", "show", object}).out;
    EXPECT_EQ(sync.qbo_invoices(sync.hubspot_number("plain")).size(), 1u);
    std::size_t numbered = 0;
    for (const auto& invoice : sync.hubspot_objects("invoices")) {
        numbered += invoice.at("properties").value("hs_number", "") == sync.hubspot_number("plain") ? 1 : 0;
    }
    EXPECT_EQ(numbered, 1u);
    EXPECT_TRUE(sync.failures_of(object).empty()) << json(sync.failures_of(object)).dump(2) << sync.cli({"objects", "show", object}).out;
    EXPECT_TRUE(sync.failures_of(qbo_object).empty()) << sync.cli({"failures", "list"}).out;
}

}  // namespace
}  // namespace ledgersync
