// One payment, two invoices, end to end (docs/bus.md, "Duplicates"): two-way invoice sync and a
// "create paid invoice" automation triggered by a payment a buyer made through an invoice. The
// HubSpot and QuickBooks Online sandboxes and the `ledgersync run` process with the real plugins
// and the shipped routes, over real HTTP on 127.0.0.1 (fixture: invoice_sync_host.hpp).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "invoice_sync_host.hpp"

namespace ledgersync {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using testing::eventually;
using testing::InvoiceSync;
using testing::wait_for_qbo_invoice;

constexpr const char* kRoute = "hubspot-invoices-to-qbo";

json association(const std::string& id, int type_id) {
    return {{"to", {{"id", id}}}, {"types", {{{"associationCategory", "HUBSPOT_DEFINED"}, {"associationTypeId", type_id}}}}};
}

/// The entry of `event` on `route` in the timeline `objects show --json` printed, or null.
json timeline_entry(const json& shown, const std::string& event) {
    for (const auto& t : shown.value("timeline", json::array())) {
        if (t.value("event", "") == event && t.value("route", "") == kRoute) return t;
    }
    return nullptr;
}

/// The sync status towards QuickBooks in what `objects show --json` printed, or null.
json qbo_status(const json& shown) {
    for (const auto& s : shown.value("sync_status", json::array())) {
        if (s.value("route", "") == kRoute) return s;
    }
    return nullptr;
}

TEST(InvoiceSyncDuplicate, an_invoice_an_automation_made_for_a_payment_made_through_a_synced_invoice_stays_out_of_quickbooks) {
    InvoiceSync sync;
    const std::string paid = sync.invoice_id("plain");
    const json in_qbo = wait_for_qbo_invoice(sync, "plain");
    ASSERT_FALSE(in_qbo.is_null()) << sync.log();
    const json before = sync.hubspot_object("invoices", paid);
    const std::string amount = before.at("properties").at("hs_balance_due");
    const std::string contact = before.at("associations").at("contacts").at(0);

    // The buyer pays the synced invoice through HubSpot payments: HubSpot records the payment as
    // made through that invoice.
    const std::string payment = sync.pay_through_hubspot(paid);
    const json payment_object = sync.hubspot_object("commerce_payments", payment);
    EXPECT_EQ(payment_object.at("properties").value("hs_payment_source_app", ""), "INVOICE");
    EXPECT_EQ(payment_object.at("properties").value("hs_payment_source_id", ""), paid);
    // Read-only, as in HubSpot.
    const auto rewritten = sync.hubspot_api("PATCH", "/crm/v3/objects/commerce_payments/" + payment,
                                            {{"properties", {{"hs_payment_source_app", "QUOTE"}}}});
    EXPECT_EQ(rewritten.status, 400) << rewritten.body;

    // The "create paid invoice" workflow fires for that payment: a second invoice, same contact,
    // same amount, associated with the payment (it is paid as soon as it is finalized).
    const std::string duplicate = sync.create_paid_invoice_for(contact, amount, payment);
    const json automation_invoice = sync.hubspot_object("invoices", duplicate);
    EXPECT_EQ(automation_invoice.at("properties").value("hs_invoice_status", ""), "paid");
    const std::string number = automation_invoice.at("properties").value("hs_number", "");
    ASSERT_FALSE(number.empty());

    // The bus refuses it, and says which payment, through which invoice, where that one is, and
    // how to override.
    const std::string object = "hubspot/invoice/" + duplicate;
    json shown;
    ASSERT_TRUE(eventually([&] {
        shown = sync.cli_json({"objects", "show", object});
        return !timeline_entry(shown, "duplicate_refused").is_null();
    })) << shown.dump(2) << sync.log();
    const std::string detail = timeline_entry(shown, "duplicate_refused").value("detail", "");
    EXPECT_THAT(detail, HasSubstr("not created in qbo: payment " + payment + " of this invoice was made through invoice " + paid +
                                  " (hubspot/invoice/" + paid + ", synced to qbo as invoice " + in_qbo.at("Id").get<std::string>() + ")"));
    EXPECT_THAT(detail, HasSubstr("remove payment " + payment + " from this invoice in hubspot"));
    const json status = qbo_status(shown);
    ASSERT_FALSE(status.is_null()) << shown.dump(2);
    EXPECT_EQ(status.value("state", ""), "refused");
    EXPECT_THAT(status.value("reason", ""), HasSubstr("payment " + payment));
    // The operator's view in plain text.
    const auto text = sync.cli({"objects", "show", object});
    EXPECT_EQ(text.exit_code, 0) << text.err;
    EXPECT_THAT(text.out, HasSubstr("-> qbo: refused: not created in qbo: payment " + payment));
    EXPECT_THAT(text.out, HasSubstr("duplicate_refused"));

    // HubSpot shows the invoice refused, and why.
    json properties;
    ASSERT_TRUE(eventually([&] {
        properties = sync.hubspot_object("invoices", duplicate).at("properties");
        return properties.value("ledgersync_sync_status", "") == "refused";
    })) << properties.dump(2) << sync.log();
    EXPECT_THAT(properties.value("ledgersync_last_error", ""), HasSubstr("payment " + payment + " of this invoice was made through invoice " + paid));

    // QuickBooks holds one invoice for the payment, however long the host runs; showing the
    // refusal in HubSpot (a new version of the invoice) refuses nothing new, so it is written once.
    const std::size_t invoices = sync.qbo().entities("Invoice").size();
    const std::string shown_at = sync.hubspot_object("invoices", duplicate).value("updatedAt", "");
    std::this_thread::sleep_for(std::chrono::seconds(3));
    EXPECT_TRUE(sync.qbo_invoices(number).empty());
    EXPECT_EQ(sync.qbo().entities("Invoice").size(), invoices);
    EXPECT_EQ(sync.hubspot_object("invoices", duplicate).value("updatedAt", ""), shown_at) << "the refusal is written again and again";
    EXPECT_TRUE(sync.failures_of(object).empty()) << "a refusal is a decision, not a failure";

    // The invoice the buyer paid went on syncing: no refusal of its own.
    const json paid_shown = sync.cli_json({"objects", "show", "hubspot/invoice/" + paid});
    EXPECT_TRUE(timeline_entry(paid_shown, "duplicate_refused").is_null()) << paid_shown.dump(2);
    EXPECT_EQ(qbo_status(paid_shown).value("state", ""), "synced") << paid_shown.dump(2);
    EXPECT_EQ(sync.qbo_invoices(sync.hubspot_number("plain")).size(), 1u);
}

TEST(InvoiceSyncDuplicate, an_invoice_paid_through_itself_before_it_first_synced_is_created_as_usual) {
    InvoiceSync sync;
    ASSERT_FALSE(wait_for_qbo_invoice(sync, "plain").is_null()) << sync.log();
    const json plain = sync.hubspot_object("invoices", sync.invoice_id("plain"));
    const std::string contact = plain.at("associations").at("contacts").at(0);
    // QuickBooks item lines need an item: the line sells the plain invoice's product.
    const std::string product =
        sync.hubspot_object("line_items", plain.at("associations").at("line_items").at(0)).at("properties").value("hs_product_id", "");
    // While the host is down, a new invoice is finalized and its buyer pays it through HubSpot
    // payments: the first version the bus reads is paid, through itself.
    sync.kill_host();
    const auto line = sync.hubspot_api("POST", "/crm/v3/objects/line_items",
                                       {{"properties", {{"name", "Workshop"}, {"price", "320.00"}, {"quantity", "1"}, {"hs_product_id", product}}}});
    ASSERT_EQ(line.status, 201) << line.body;
    const auto created = sync.hubspot_api(
        "POST", "/crm/v3/objects/invoices",
        {{"properties", {{"hs_currency", "USD"}}},
         {"associations", {association(contact, 177), association(json::parse(line.body).at("id"), 409)}}});
    ASSERT_EQ(created.status, 201) << created.body;
    const std::string invoice = json::parse(created.body).at("id");
    ASSERT_EQ(sync.hubspot_api("PATCH", "/crm/v3/objects/invoices/" + invoice, {{"properties", {{"hs_invoice_status", "open"}}}}).status,
              200);
    const std::string payment = sync.pay_through_hubspot(invoice);
    const json paid = sync.hubspot_object("invoices", invoice);
    ASSERT_EQ(paid.at("properties").value("hs_invoice_status", ""), "paid");
    ASSERT_EQ(paid.at("associations").at("commerce_payments").at(0), payment);
    const std::string number = paid.at("properties").value("hs_number", "");
    sync.start_host();

    const std::string object = "hubspot/invoice/" + invoice;
    json shown;
    ASSERT_TRUE(eventually([&] {
        shown = sync.cli_json({"objects", "show", object});
        const json status = qbo_status(shown);
        return !status.is_null() && status.value("state", "") == "synced";
    })) << shown.dump(2) << sync.log();
    EXPECT_TRUE(timeline_entry(shown, "duplicate_refused").is_null()) << shown.dump(2);
    EXPECT_EQ(sync.qbo_invoices(number).size(), 1u);
}

}  // namespace
}  // namespace ledgersync
