// Writes against the sandbox: invoices from QuickBooks upserted on ledgersync_source_id with
// their line items and contact, finalized, never associated with a deal; a batch replayed
// after a lost response creates no duplicate invoice and no duplicate line item.

#include <gtest/gtest.h>

#include "connector_harness.hpp"
#include "hubspot_sandbox.hpp"

namespace ledgersync {
namespace {

using nlohmann::json;
using testing::canonical_invoice;
using testing::ConnectorHarness;
using testing::HubSpotSandbox;
using testing::WriteItemBuilder;

struct Account {
    std::string portal;
    std::string contact_id;
};

Account seeded_account(const HubSpotSandbox& sandbox) {
    const json seeded = sandbox.seed({{"defaults", true}});
    Account account{seeded.at("portal_id"), {}};
    for (const auto& contact : sandbox.objects("contacts", account.portal)) {
        if (contact["properties"].value("email", "") == "ada@acme.example") account.contact_id = contact.at("id");
    }
    return account;
}

std::vector<sdk::WriteItem> invoices_for(const std::string& contact_id, int count, int lines) {
    std::vector<sdk::WriteItem> items;
    for (int i = 0; i < count; ++i) {
        const std::string id = std::to_string(130 + i);
        items.push_back(WriteItemBuilder::make("invoice", id, canonical_invoice("Q-" + id, "58", "5", "100.00", lines),
                                               {{"customer", "customer", "58", "/customer", contact_id}}));
    }
    return items;
}

/// The sandbox's records of `type` written by the connector (they carry ledgersync_source_id).
std::vector<json> written(const HubSpotSandbox& sandbox, const std::string& type, const std::string& portal) {
    std::vector<json> out;
    for (const auto& object : sandbox.objects(type, portal)) {
        if (object["properties"].contains("ledgersync_source_id") && !object.value("archived", false)) out.push_back(object);
    }
    return out;
}

TEST(HubSpotWrite, invoices_from_quickbooks_are_created_open_with_their_lines_and_contact_and_no_deal) {
    HubSpotSandbox sandbox;
    const Account account = seeded_account(sandbox);
    ASSERT_FALSE(account.contact_id.empty());
    ConnectorHarness harness(sandbox.private_app_config(account.portal), {}, "hubspot", "hubspot");
    const auto outcomes = harness.connector().write(invoices_for(account.contact_id, 3, 2));
    for (const auto& o : outcomes) ASSERT_EQ(o.kind, sdk::OutcomeClass::ok) << o.reason << "\n" << harness.log();
    const auto invoices = written(sandbox, "invoices", account.portal);
    ASSERT_EQ(invoices.size(), 3u);
    for (const auto& invoice : invoices) {
        EXPECT_EQ(invoice["properties"]["hs_invoice_status"], "open") << invoice.dump();
        EXPECT_EQ(invoice["associations"]["contacts"], json::array({account.contact_id})) << invoice.dump();
        EXPECT_EQ(invoice["associations"]["line_items"].size(), 2u);
        EXPECT_FALSE(invoice["associations"].contains("deals"));
        EXPECT_EQ(sdk::Decimal::parse(invoice["properties"]["hs_amount_billed"].get<std::string>()), sdk::Decimal::parse("200.00"));
    }
    // Written again (an update of the same source invoices): the same objects.
    const auto again = harness.connector().write(invoices_for(account.contact_id, 3, 2));
    EXPECT_EQ(again[0].target_id, outcomes[0].target_id);
    EXPECT_EQ(again[0].action, "updated");
    EXPECT_EQ(written(sandbox, "invoices", account.portal).size(), 3u);
    EXPECT_EQ(written(sandbox, "line_items", account.portal).size(), 6u);
}

TEST(HubSpotWrite, with_companies_as_customers_an_invoice_is_opened_with_its_company_and_the_companys_contact) {
    HubSpotSandbox sandbox;
    const Account account = seeded_account(sandbox);
    ASSERT_FALSE(account.contact_id.empty());
    const json company = sandbox.api(
        "POST", "/crm/v3/objects/companies",
        {{"properties", {{"name", "Analytical Engines Ltd"}}},
         {"associations", {{{"to", {{"id", account.contact_id}}},
                            {"types", {{{"associationCategory", "HUBSPOT_DEFINED"}, {"associationTypeId", 280}}}}}}}},
        account.portal);
    ASSERT_TRUE(company.contains("id")) << company.dump();
    ConnectorHarness harness(sandbox.private_app_config(account.portal, {{"customer_from", "company"}}), {}, "hubspot", "hubspot");
    const auto outcomes = harness.connector().write(invoices_for(company.at("id"), 1, 1));
    ASSERT_EQ(outcomes.at(0).kind, sdk::OutcomeClass::ok) << outcomes[0].reason << "\n" << harness.log();
    const auto invoices = written(sandbox, "invoices", account.portal);
    ASSERT_EQ(invoices.size(), 1u);
    EXPECT_EQ(invoices[0]["properties"]["hs_invoice_status"], "open") << invoices[0].dump();
    EXPECT_EQ(invoices[0]["associations"]["companies"], json::array({company.at("id")})) << invoices[0].dump();
    EXPECT_EQ(invoices[0]["associations"]["contacts"], json::array({account.contact_id})) << invoices[0].dump();
}

TEST(HubSpotWrite, configured_invoice_custom_properties_are_written_and_read_back_and_check_names_a_missing_one) {
    HubSpotSandbox sandbox;
    const Account account = seeded_account(sandbox);
    ASSERT_FALSE(account.contact_id.empty());
    const json config = sandbox.private_app_config(
        account.portal, {{"invoice_custom_properties", {"hs_purchase_order_number", "tracking_number", "shipping_method"}}});
    {
        // Before the account has them: check says which and how to fix it.
        ConnectorHarness harness(config, {}, "hubspot", "hubspot");
        const sdk::CheckResult checked = harness.connector().check();
        EXPECT_FALSE(checked.ok);
        EXPECT_NE(checked.details.find("\"tracking_number\" of invoice_custom_properties does not exist"), std::string::npos)
            << checked.details;
    }
    sandbox.api("POST", "/crm/v3/properties/invoices",
                {{"name", "tracking_number"}, {"label", "Tracking number"}, {"type", "string"}, {"fieldType", "text"},
                 {"groupName", "invoiceinformation"}},
                account.portal);
    sandbox.api("POST", "/crm/v3/properties/invoices",
                {{"name", "shipping_method"}, {"label", "Shipping method"}, {"type", "enumeration"}, {"fieldType", "select"},
                 {"groupName", "invoiceinformation"},
                 {"options", {{{"label", "UPS Ground"}, {"value", "ups_ground"}}, {{"label", "Customer pickup"}, {"value", "pickup"}}}}},
                account.portal);
    ConnectorHarness harness(config, {}, "hubspot", "hubspot");
    EXPECT_TRUE(harness.connector().check().ok) << harness.connector().check().details;

    auto items = invoices_for(account.contact_id, 1, 1);
    items[0].record.body["custom_fields"] = {{"hs_purchase_order_number", "PO-7781"}, {"tracking_number", "1Z999AA10123456784"},
                                             {"shipping_method", "ups_ground"}};
    const auto outcomes = harness.connector().write(items);
    ASSERT_EQ(outcomes.at(0).kind, sdk::OutcomeClass::ok) << outcomes[0].reason << "\n" << harness.log();
    const auto invoices = written(sandbox, "invoices", account.portal);
    ASSERT_EQ(invoices.size(), 1u);
    EXPECT_EQ(invoices[0]["properties"]["tracking_number"], "1Z999AA10123456784") << invoices[0].dump();
    EXPECT_EQ(invoices[0]["properties"]["shipping_method"], "ups_ground");
    EXPECT_EQ(invoices[0]["properties"]["hs_purchase_order_number"], "PO-7781");

    const sdk::ReadResult read = harness.connector().read({"invoice", std::nullopt, {outcomes[0].target_id}});
    ASSERT_EQ(read.records.size(), 1u) << harness.log();
    EXPECT_EQ(read.records[0].body["custom_fields"],
              (json{{"hs_purchase_order_number", "PO-7781"}, {"tracking_number", "1Z999AA10123456784"}, {"shipping_method", "ups_ground"}}));

    // A custom field with no configured property is a data failure that names the fix, not a silent drop.
    auto unmapped = invoices_for(account.contact_id, 1, 1);
    unmapped[0].record.body["custom_fields"] = {{"Ship via", "truck"}};
    const auto refused = harness.connector().write(unmapped);
    EXPECT_EQ(refused.at(0).kind, sdk::OutcomeClass::data);
    EXPECT_NE(refused[0].reason.find("\"Ship via\" has no HubSpot invoice property"), std::string::npos) << refused[0].reason;
}

TEST(HubSpotWrite, a_batch_replayed_after_a_lost_response_creates_no_duplicate_invoice_or_line_item) {
    HubSpotSandbox sandbox;
    const Account account = seeded_account(sandbox);
    ConnectorHarness harness(sandbox.private_app_config(account.portal), {}, "hubspot", "hubspot");
    for (const std::string path : {"/crm/v3/objects/invoices/batch/upsert", "/crm/v3/objects/line_items/batch/upsert"}) {
        // The first attempt is committed by HubSpot, but its answer never arrives.
        sandbox.control("POST", "/__sandbox/faults", {{"api", "hubspot"}, {"drop_after_commit", 1}, {"path_prefix", path}});
        const auto items = invoices_for(account.contact_id, 4, 3);
        const auto lost = harness.connector().write(items);
        EXPECT_EQ(lost[0].kind, sdk::OutcomeClass::transient) << lost[0].reason;
        sandbox.control("DELETE", "/__sandbox/faults");
        const auto replayed = harness.connector().write(items);
        for (const auto& o : replayed) ASSERT_EQ(o.kind, sdk::OutcomeClass::ok) << o.reason << "\n" << harness.log();
        EXPECT_EQ(written(sandbox, "invoices", account.portal).size(), 4u) << path;
        EXPECT_EQ(written(sandbox, "line_items", account.portal).size(), 12u) << path;
    }
}

TEST(HubSpotWrite, hubspot_refusals_become_clear_data_failures) {
    HubSpotSandbox sandbox;
    const Account account = seeded_account(sandbox);
    ConnectorHarness harness(sandbox.private_app_config(account.portal), {}, "hubspot", "hubspot");
    auto items = invoices_for(account.contact_id, 2, 1);
    items[0].record.body["currency"] = "";  // HubSpot requires hs_currency
    items[1].record.links[0].target_id = "999999999";  // a contact HubSpot does not have
    const auto outcomes = harness.connector().write(items);
    EXPECT_EQ(outcomes[0].kind, sdk::OutcomeClass::data) << outcomes[0].reason;
    EXPECT_EQ(outcomes[1].kind, sdk::OutcomeClass::data) << outcomes[1].reason;
    EXPECT_NE(outcomes[1].reason.find("HubSpot"), std::string::npos) << outcomes[1].reason;
}

}  // namespace
}  // namespace ledgersync
