// Invoice-level discounts, fees and taxes, removed lines and sync status against the sandbox
// over real HTTP: adjustments HubSpot applies are read with the totals HubSpot bills; a
// canonical invoice's fee, tax and discount become HubSpot objects (once, however often it is
// written) and HubSpot bills the source's total; lines the source removed leave the HubSpot
// invoice; sync outcomes set the invoice's sync-status properties.

#include <gtest/gtest.h>

#include <ledgersync/sdk.hpp>

#include "connector_harness.hpp"
#include "hubspot_sandbox.hpp"

namespace ledgersync {
namespace {

using nlohmann::json;
using sdk::Decimal;
using testing::canonical_invoice;
using testing::ConnectorHarness;
using testing::HubSpotSandbox;
using testing::WriteItemBuilder;

struct Seeded {
    std::string portal;
    std::string contact_id;
    std::string open_invoice;
};

Seeded seed(const HubSpotSandbox& sandbox) {
    const json seeded = sandbox.seed({{"defaults", true}});
    Seeded s{seeded.at("portal_id"), {}, seeded.at("created").at("invoices_by_status").at("open").at(0)};
    for (const auto& contact : sandbox.objects("contacts", s.portal)) {
        if (contact["properties"].value("email", "") == "ada@acme.example") s.contact_id = contact.at("id");
    }
    return s;
}

/// The sandbox's object of `type` with `id`, as it holds it.
json object_of(const HubSpotSandbox& sandbox, const std::string& type, const std::string& id, const std::string& portal) {
    for (const auto& object : sandbox.objects(type, portal)) {
        if (object.at("id") == id) return object;
    }
    return json();
}

/// The live objects of `type` the connector wrote (they carry ledgersync_source_id).
std::vector<json> written(const HubSpotSandbox& sandbox, const std::string& type, const std::string& portal) {
    std::vector<json> out;
    for (const auto& object : sandbox.objects(type, portal)) {
        if (object["properties"].contains("ledgersync_source_id") && !object.value("archived", false)) out.push_back(object);
    }
    return out;
}

Decimal decimal_property(const json& object, const std::string& name) {
    return Decimal::parse(object.at("properties").at(name).get<std::string>());
}

/// A canonical invoice: `items` lines of 100.00, a 5.00 fee, a 10% invoice discount and a tax of
/// 8.00, its totals the canonical rules' (the discount applies to the subtotal with the fee).
json invoice_with_adjustments(int items, bool with_fee) {
    json body = canonical_invoice("Q-130", "58", "5", "100.00", items);
    Decimal subtotal = Decimal::parse("100.00") * Decimal(items);
    if (with_fee) {
        body["lines"].push_back({{"kind", "fee"}, {"description", "Shipping"}, {"amount", "5.00"}});
        subtotal += Decimal::parse("5.00");
    }
    body["lines"].push_back({{"kind", "tax"}, {"description", "Sales tax"}, {"amount", "8.00"}});
    body["discount"] = {{"percent", "10"}};
    const Decimal discount = Decimal::divide(subtotal * Decimal(10), Decimal(100), 2, sdk::RoundingMode::half_up);
    const Decimal total = subtotal - discount + Decimal::parse("8.00");
    body["totals"] = {{"subtotal", subtotal.to_string()}, {"discount", discount.to_string()}, {"tax", "8.00"},
                      {"total", total.to_string()}, {"amount_paid", "0.00"}, {"balance_due", total.to_string()}};
    return body;
}

TEST(HubSpotInvoiceParts, discounts_fees_and_taxes_hubspot_applies_are_read_and_total_the_amount_billed) {
    HubSpotSandbox sandbox;
    const Seeded s = seed(sandbox);
    // An app adds a 10% discount, a 5.00 fee and an 8.25% tax to an open invoice.
    json inputs = json::array();
    const std::map<std::string, json> adjustments = {
        {"discounts", {{"hs_label", "Loyalty"}, {"hs_type", "PERCENT"}, {"hs_value", "10"}}},
        {"fees", {{"hs_label", "Shipping"}, {"hs_type", "FIXED"}, {"hs_value", "5.00"}}},
        {"taxes", {{"hs_label", "Sales tax"}, {"hs_type", "PERCENT"}, {"hs_value", "8.25"}}}};
    for (const auto& [type, properties] : adjustments) {
        const json created = sandbox.api("POST", "/crm/v3/objects/" + type, {{"properties", properties}}, s.portal);
        sandbox.api("POST", "/crm/v4/associations/invoices/" + type + "/batch/associate/default",
                    {{"inputs", {{{"from", {{"id", s.open_invoice}}}, {"to", {{"id", created.at("id")}}}}}}}, s.portal);
    }
    const json invoice = object_of(sandbox, "invoices", s.open_invoice, s.portal);
    const Decimal billed = decimal_property(invoice, "hs_amount_billed");
    ASSERT_NE(billed, decimal_property(invoice, "hs_subtotal")) << invoice.dump();

    ConnectorHarness harness(sandbox.private_app_config(s.portal), {}, "hubspot", "hubspot");
    const sdk::ReadResult result = harness.connector().read({"invoice", std::nullopt, {s.open_invoice}});
    ASSERT_TRUE(result.untranslated.empty()) << result.untranslated.front().reason;
    ASSERT_EQ(result.records.size(), 1u);
    const json& body = result.records[0].body;
    EXPECT_EQ(Decimal::parse(body["totals"]["total"].get<std::string>()), billed) << body.dump(2);
    EXPECT_EQ(Decimal::parse(body["totals"]["discount"].get<std::string>()), decimal_property(invoice, "hs_total_discounts"));
    EXPECT_EQ(Decimal::parse(body["totals"]["tax"].get<std::string>()), decimal_property(invoice, "hs_total_taxes"));
    std::map<std::string, int> kinds;
    for (const auto& line : body["lines"]) ++kinds[line["kind"].get<std::string>()];
    EXPECT_EQ(kinds["fee"], 1);
    EXPECT_EQ(kinds["tax"], 1);
    EXPECT_EQ(body["discount"], (json{{"amount", body["totals"]["discount"]}}));
}

TEST(HubSpotInvoiceParts, fees_taxes_and_the_discount_of_a_canonical_invoice_become_hubspot_objects_once_and_hubspot_bills_its_total) {
    HubSpotSandbox sandbox;
    const Seeded s = seed(sandbox);
    ConnectorHarness harness(sandbox.private_app_config(s.portal), {}, "hubspot", "hubspot");
    const json body = invoice_with_adjustments(2, true);
    const auto item = WriteItemBuilder::make("invoice", "130", body, {{"customer", "customer", "58", "/customer", s.contact_id}});
    for (int attempt = 0; attempt < 2; ++attempt) {
        const auto outcomes = harness.connector().write({item});
        ASSERT_EQ(outcomes[0].kind, sdk::OutcomeClass::ok) << outcomes[0].reason << "\n" << harness.log();
        const json invoice = object_of(sandbox, "invoices", outcomes[0].target_id, s.portal);
        EXPECT_EQ(invoice["properties"]["hs_invoice_status"], "open");
        EXPECT_EQ(decimal_property(invoice, "hs_amount_billed"), Decimal::parse(body["totals"]["total"].get<std::string>())) << invoice.dump();
        EXPECT_EQ(decimal_property(invoice, "hs_total_discounts"), Decimal::parse(body["totals"]["discount"].get<std::string>()));
        EXPECT_EQ(invoice["associations"]["fees"].size(), 1u);
        EXPECT_EQ(invoice["associations"]["taxes"].size(), 1u);
        EXPECT_EQ(invoice["associations"]["discounts"].size(), 1u);
        EXPECT_EQ(written(sandbox, "line_items", s.portal).size(), 2u);
        EXPECT_EQ(written(sandbox, "fees", s.portal).size(), 1u);
        EXPECT_EQ(written(sandbox, "taxes", s.portal).size(), 1u);
        EXPECT_EQ(written(sandbox, "discounts", s.portal).size(), 1u);
    }
}

TEST(HubSpotInvoiceParts, a_write_replayed_after_the_answer_to_a_fee_tax_or_discount_upsert_was_lost_creates_no_duplicate) {
    HubSpotSandbox sandbox;
    const Seeded s = seed(sandbox);
    ConnectorHarness harness(sandbox.private_app_config(s.portal), {}, "hubspot", "hubspot");
    for (const std::string type : {"fees", "taxes", "discounts"}) {
        const auto item = WriteItemBuilder::make("invoice", "13" + type, invoice_with_adjustments(1, true),
                                                 {{"customer", "customer", "58", "/customer", s.contact_id}});
        // HubSpot commits the upsert, but its answer never arrives.
        sandbox.control("POST", "/__sandbox/faults", {{"api", "hubspot"}, {"drop_after_commit", 1}, {"path_prefix", "/crm/v3/objects/" + type + "/batch/upsert"}});
        const auto lost = harness.connector().write({item});
        EXPECT_EQ(lost[0].kind, sdk::OutcomeClass::transient) << lost[0].reason;
        sandbox.control("DELETE", "/__sandbox/faults");
        const auto replayed = harness.connector().write({item});
        ASSERT_EQ(replayed[0].kind, sdk::OutcomeClass::ok) << replayed[0].reason << "\n" << harness.log();
        const json invoice = object_of(sandbox, "invoices", replayed[0].target_id, s.portal);
        EXPECT_EQ(invoice["associations"][type].size(), 1u) << type << ": " << invoice.dump();
    }
    EXPECT_EQ(written(sandbox, "fees", s.portal).size(), 3u);
    EXPECT_EQ(written(sandbox, "taxes", s.portal).size(), 3u);
    EXPECT_EQ(written(sandbox, "discounts", s.portal).size(), 3u);
}

TEST(HubSpotInvoiceParts, lines_and_fees_the_source_removed_leave_the_hubspot_invoice_and_hubspot_bills_the_sources_total) {
    HubSpotSandbox sandbox;
    const Seeded s = seed(sandbox);
    ConnectorHarness harness(sandbox.private_app_config(s.portal), {}, "hubspot", "hubspot");
    const std::vector<sdk::RecordLink> links = {{"customer", "customer", "58", "/customer", s.contact_id}};
    const auto first = harness.connector().write({WriteItemBuilder::make("invoice", "130", invoice_with_adjustments(3, true), links)});
    ASSERT_EQ(first[0].kind, sdk::OutcomeClass::ok) << first[0].reason;
    const std::string invoice_id = first[0].target_id;
    // A line item added in HubSpot by hand is not the connector's to remove (free of charge, so
    // that HubSpot's total stays the source's).
    const json by_hand = sandbox.api("POST", "/crm/v3/objects/line_items", {{"properties", {{"name", "Added in HubSpot"}, {"quantity", "1"}, {"price", "0.00"}}}}, s.portal);
    sandbox.api("POST", "/crm/v4/associations/invoices/line_items/batch/associate/default",
                {{"inputs", {{{"from", {{"id", invoice_id}}}, {"to", {{"id", by_hand.at("id")}}}}}}}, s.portal);

    // The source drops a line and the fee.
    json edited = invoice_with_adjustments(2, false);
    const auto second = harness.connector().write(
        {WriteItemBuilder::make("invoice", "130", edited, links, "update", invoice_id, first[0].target_version)});
    ASSERT_EQ(second[0].kind, sdk::OutcomeClass::ok) << second[0].reason << "\n" << harness.log();
    const json invoice = object_of(sandbox, "invoices", invoice_id, s.portal);
    EXPECT_EQ(invoice["associations"]["line_items"].size(), 3u) << invoice.dump();  // 2 written + the one by hand
    EXPECT_FALSE(invoice["associations"].contains("fees")) << invoice.dump();
    EXPECT_EQ(written(sandbox, "line_items", s.portal).size(), 2u);
    EXPECT_TRUE(written(sandbox, "fees", s.portal).empty());
    EXPECT_EQ(decimal_property(invoice, "hs_amount_billed"), Decimal::parse(edited["totals"]["total"].get<std::string>())) << invoice.dump();
}

sdk::WriteItem outcome(const std::string& invoice_id, const std::string& status, const std::string& qbo_id, const std::string& at,
                       const std::string& type = "invoice") {
    json body = {{"route", "hubspot-invoices-to-qbo"},
                 {"source", {{"connection", "hubspot"}, {"type", type}, {"id", invoice_id}}},
                 {"target", {{"connection", "qbo"}, {"type", type}}},
                 {"status", status},
                 {"outcome_class", status == "synced" ? "ok" : "data"},
                 {"at", at}};
    if (!qbo_id.empty()) body["target"]["id"] = qbo_id;
    if (status == "failed") body["reason"] = "QuickBooks refused it: Duplicate Name Exists Error (6240)";
    return WriteItemBuilder::make("sync_outcome", "hubspot-invoices-to-qbo|" + type + "/" + invoice_id + "/" + at, body,
                                  {{"subject", type, invoice_id, "", invoice_id}}, "upsert");
}

TEST(HubSpotInvoiceParts, sync_outcomes_set_the_invoices_sync_status_properties_and_a_failure_keeps_the_quickbooks_id) {
    HubSpotSandbox sandbox;
    const Seeded s = seed(sandbox);
    ConnectorHarness harness(sandbox.private_app_config(s.portal, {{"qbo_invoice_link", "https://app.sandbox.qbo.intuit.com/app/invoice?txnId={id}"}}),
                             {}, "hubspot", "hubspot");
    const auto synced = harness.connector().write({outcome(s.open_invoice, "synced", "130", "2026-11-20T10:00:00Z"),
                                                   outcome("58", "synced", "9", "2026-11-20T10:00:00Z", "customer")});
    ASSERT_EQ(synced[0].kind, sdk::OutcomeClass::ok) << synced[0].reason << "\n" << harness.log();
    EXPECT_EQ(synced[0].action, "updated");
    EXPECT_EQ(synced[1].action, "unchanged");
    json properties = object_of(sandbox, "invoices", s.open_invoice, s.portal)["properties"];
    EXPECT_EQ(properties["ledgersync_sync_status"], "synced");
    EXPECT_EQ(properties["ledgersync_qbo_id"], "130");
    EXPECT_EQ(properties["ledgersync_qbo_link"], "https://app.sandbox.qbo.intuit.com/app/invoice?txnId=130");
    EXPECT_FALSE(properties.value("ledgersync_last_synced_at", "").empty());

    const auto failed = harness.connector().write({outcome(s.open_invoice, "failed", "", "2026-11-20T11:00:00Z")});
    ASSERT_EQ(failed[0].kind, sdk::OutcomeClass::ok) << failed[0].reason;
    properties = object_of(sandbox, "invoices", s.open_invoice, s.portal)["properties"];
    EXPECT_EQ(properties["ledgersync_sync_status"], "failed");
    EXPECT_EQ(properties["ledgersync_qbo_id"], "130");
    EXPECT_NE(properties["ledgersync_last_error"].get<std::string>().find("6240"), std::string::npos);

    harness.connector().write({outcome(s.open_invoice, "synced", "130", "2026-11-20T12:00:00Z")});
    properties = object_of(sandbox, "invoices", s.open_invoice, s.portal)["properties"];
    EXPECT_EQ(properties["ledgersync_sync_status"], "synced");
    EXPECT_EQ(properties.value("ledgersync_last_error", ""), "");

    // The status property is an enumeration of synced, failed and refused in the group ledgersync.
    const json definition = sandbox.api("GET", "/crm/v3/properties/invoices/ledgersync_sync_status", nullptr, s.portal);
    EXPECT_EQ(definition["type"], "enumeration");
    EXPECT_EQ(definition["groupName"], "ledgersync");
    std::vector<std::string> values;
    for (const auto& option : definition["options"]) values.push_back(option.value("value", ""));
    EXPECT_EQ(values, (std::vector<std::string>{"synced", "failed", "refused"}));
}

}  // namespace
}  // namespace ledgersync
