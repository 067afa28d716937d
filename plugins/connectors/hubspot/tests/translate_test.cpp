// Translation: HubSpot invoices with line items and associations, contacts, companies and
// products into canonical records (checked against the canonical schemas), what has no
// canonical form, and canonical invoices into HubSpot properties.

#include <gtest/gtest.h>

#include <ledgersync/sdk.hpp>

#include "hubspot_test_support.hpp"
#include "translate.hpp"

namespace ledgersync::connectors::hubspot {
namespace {

using nlohmann::json;
using testing::crm_object;
using testing::kCustomProperties;

json open_invoice() {
    return crm_object("5001",
                      {{"hs_invoice_status", "open"}, {"hs_number", "INV-1001"}, {"hs_currency", "USD"},
                       {"hs_invoice_date", "2026-11-18T00:00:00.000Z"}, {"hs_due_date", "1797552000000"},
                       {"hs_comments", "Thank you"}, {"hs_purchase_order_number", "PO-7"}, {"tracking_number", "1Z999"},
                       {"shipping_method", "ups_ground"}, {"hs_subtotal", "319.90"},
                       {"hs_amount_billed", "319.90"}, {"hs_amount_paid", "100.00"}, {"hs_balance_due", "219.90"}},
                      {{"line_items", {"6001", "6002"}}, {"contacts", {"7001"}}, {"companies", {"8001"}}});
}

RelatedObjects related() {
    RelatedObjects r;
    r.line_items["6001"] = crm_object("6001", {{"name", "Consulting"}, {"quantity", "2"}, {"price", "150.00"}, {"amount", "300.00"},
                                               {"hs_product_id", "9001"}});
    r.line_items["6002"] = crm_object("6002", {{"name", "Licence"}, {"quantity", "1"}, {"price", "22.10"}, {"discount", "2.20"},
                                               {"amount", "19.90"}});
    r.contacts["7001"] = crm_object("7001", {{"firstname", "Ada"}, {"lastname", "Lovelace"}, {"email", "ada@acme.example"},
                                             {"lastmodifieddate", "2026-11-01T00:00:00.000Z"}});
    return r;
}

TEST(HubSpotTranslate, an_open_invoice_with_lines_and_a_contact_is_a_valid_canonical_invoice) {
    const sdk::Record record = invoice_record(open_invoice(), related(), "contact", kCustomProperties);
    EXPECT_EQ(record.identity.system, "hubspot");
    EXPECT_EQ(record.identity.type, "invoice");
    EXPECT_EQ(record.identity.id, "5001");
    EXPECT_EQ(record.version, "2026-11-18T10:00:00Z");
    EXPECT_EQ(record.schema, "ledgersync.invoice");
    const json& body = record.body;
    EXPECT_EQ(body["number"], "INV-1001");
    EXPECT_EQ(body["status"], "open");
    EXPECT_EQ(body["issue_date"], "2026-11-18");
    EXPECT_EQ(body["due_date"], "2026-12-18");
    EXPECT_EQ(body["memo"], "Thank you");
    // The configured custom properties, by their names; others are not custom fields.
    EXPECT_EQ(body["custom_fields"], (json{{"hs_purchase_order_number", "PO-7"}, {"tracking_number", "1Z999"}}));
    EXPECT_EQ(body["customer"], (json{{"type", "customer"}, {"id", "7001"}, {"name", "Ada Lovelace"}}));
    EXPECT_EQ(body["associations"], (json{{"contacts", {"7001"}}, {"companies", {"8001"}}}));
    ASSERT_EQ(body["lines"].size(), 2u);
    EXPECT_EQ(body["lines"][0], (json{{"id", "6001"}, {"kind", "item"}, {"description", "Consulting"},
                                      {"product", {{"type", "product"}, {"id", "9001"}}}, {"quantity", "2"},
                                      {"unit_price", "150.00"}, {"amount", "300.00"}}));
    EXPECT_EQ(body["lines"][1]["discount"], (json{{"amount", "2.20"}}));
    EXPECT_EQ(body["totals"]["total"], "319.90");
    EXPECT_EQ(body["totals"]["amount_paid"], "100.00");
    EXPECT_EQ(body["totals"]["balance_due"], "219.90");
    EXPECT_EQ(body["source_system"], "hubspot");
    EXPECT_TRUE(sdk::model::Invoice::validate_json(body).empty()) << sdk::model::Invoice::validate_json(body).to_string();
    ASSERT_EQ(record.links.size(), 2u);
    EXPECT_EQ(record.links[0].rel, "customer");
    EXPECT_EQ(record.links[0].id, "7001");
    EXPECT_EQ(record.links[1].path, "/lines/0/product");
}

TEST(HubSpotTranslate, an_invoice_is_at_the_version_of_its_latest_part_since_a_part_change_may_leave_its_own_date) {
    RelatedObjects parts = related();
    parts.line_items["6002"] = crm_object("6002", {{"name", "Licence (renamed)"}, {"quantity", "1"}, {"price", "22.10"},
                                                   {"discount", "2.20"}, {"amount", "19.90"}},
                                          {}, "2026-11-18T10:07:30.000Z");
    const sdk::Record renamed = invoice_record(open_invoice(), parts, "contact", kCustomProperties);
    EXPECT_EQ(renamed.version, "2026-11-18T10:07:30Z");
    EXPECT_EQ(renamed.updated_at, renamed.version);
    EXPECT_EQ(renamed.body["updated_at"], renamed.version);
    // A part older than the invoice leaves the invoice's own date.
    parts.line_items["6002"] = crm_object("6002", {{"name", "Licence"}, {"quantity", "1"}, {"price", "22.10"}, {"discount", "2.20"},
                                                   {"amount", "19.90"}},
                                          {}, "2026-11-17T09:00:00.000Z");
    EXPECT_EQ(invoice_record(open_invoice(), parts, "contact", kCustomProperties).version, "2026-11-18T10:00:00Z");
}

TEST(HubSpotTranslate, the_company_is_the_customer_when_configured_so) {
    RelatedObjects r = related();
    r.companies["8001"] = crm_object("8001", {{"name", "Acme Corporation"}});
    const sdk::Record record = invoice_record(open_invoice(), r, "company", kCustomProperties);
    EXPECT_EQ(record.body["customer"], (json{{"type", "customer"}, {"id", "8001"}, {"name", "Acme Corporation"}}));
}

TEST(HubSpotTranslate, invoices_without_a_faithful_canonical_form_are_refused_with_the_reason) {
    json no_currency = open_invoice();
    no_currency["properties"].erase("hs_currency");
    EXPECT_THROW(invoice_record(no_currency, related(), "contact", kCustomProperties), TranslationError);

    RelatedObjects wrong_amount = related();
    wrong_amount.line_items["6001"]["properties"]["amount"] = "301.00";
    try {
        invoice_record(open_invoice(), wrong_amount, "contact", kCustomProperties);
        FAIL() << "accepted";
    } catch (const TranslationError& e) {
        EXPECT_NE(std::string(e.what()).find("invoice 5001"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("/lines/0/amount"), std::string::npos) << e.what();
    }
    json unread_line = open_invoice();
    unread_line["associations"]["line_items"]["results"].push_back({{"id", "6099"}});
    EXPECT_THROW(invoice_record(unread_line, related(), "contact", kCustomProperties), TranslationError);
    json unread_fee = open_invoice();
    unread_fee["associations"]["fees"] = {{"results", {{{"id", "1"}}}}};
    try {
        invoice_record(unread_fee, related(), "contact", kCustomProperties);
        FAIL() << "accepted";
    } catch (const TranslationError& e) {
        EXPECT_NE(std::string(e.what()).find("its fee 1 could not be read"), std::string::npos) << e.what();
    }
}

TEST(HubSpotTranslate, contacts_companies_and_products_are_valid_canonical_records) {
    const sdk::Record contact = customer_record(related().contacts["7001"], "contacts");
    EXPECT_EQ(contact.body["display_name"], "Ada Lovelace");
    EXPECT_EQ(contact.body["email"], "ada@acme.example");
    EXPECT_EQ(contact.version, "2026-11-01T00:00:00Z");
    const sdk::Record company = customer_record(crm_object("8001", {{"name", "Acme Corporation"}, {"city", "Springfield"}}), "companies");
    EXPECT_EQ(company.body["display_name"], "Acme Corporation");
    EXPECT_EQ(company.body["billing_address"]["city"], "Springfield");
    const sdk::Record product = product_record(crm_object("9001", {{"name", "Consulting"}, {"price", "150.00"}, {"hs_sku", "C-1"}}), "USD");
    EXPECT_EQ(product.body, (json{{"name", "Consulting"}, {"sku", "C-1"}, {"unit_price", "150.00"}, {"currency", "USD"}, {"type", "service"}}));
    EXPECT_THROW(product_record(crm_object("9002", {{"price", "1"}}), "USD"), TranslationError);
}

TEST(HubSpotTranslate, a_canonical_invoice_becomes_invoice_and_line_item_properties) {
    const json canonical = {{"number", "1037"}, {"status", "open"}, {"currency", "USD"}, {"issue_date", "2026-11-20"},
                            {"due_date", "2026-12-20"}, {"memo", "Thanks"},
                            {"custom_fields", {{"hs_purchase_order_number", "4711"}, {"tracking_number", "1Z999"}}}};
    const json properties = invoice_properties(canonical, "quickbooks/qbo/130", "quickbooks", kCustomProperties);
    EXPECT_EQ(properties["hs_currency"], "USD");
    EXPECT_EQ(properties["hs_invoice_date"], "1795132800000");
    EXPECT_EQ(properties["hs_due_date"], "1797724800000");
    EXPECT_EQ(properties["hs_comments"], "Thanks");
    EXPECT_EQ(properties["hs_purchase_order_number"], "4711");
    EXPECT_EQ(properties["tracking_number"], "1Z999");
    // A custom field with no HubSpot property is refused, never dropped.
    json unmapped = canonical;
    unmapped["custom_fields"]["PO number"] = "4711";
    try {
        invoice_properties(unmapped, "quickbooks/qbo/130", "quickbooks", kCustomProperties);
        ADD_FAILURE() << "an unmapped custom field was written";
    } catch (const TranslationError& e) {
        EXPECT_NE(std::string(e.what()).find("\"PO number\" has no HubSpot invoice property"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("invoice_custom_properties"), std::string::npos) << e.what();
    }
    EXPECT_EQ(properties[kSourceIdProperty], "quickbooks/qbo/130");
    EXPECT_EQ(properties[kSourceSystemProperty], "quickbooks");
    EXPECT_FALSE(properties.contains("hs_invoice_status"));

    const json line = line_item_properties({{"kind", "item"}, {"description", "Rock Fountain"}, {"quantity", "4"}, {"unit_price", "25.00"},
                                            {"discount", {{"amount", "10.00"}}}, {"amount", "90.00"}},
                                           "USD", line_source_id("quickbooks/qbo/130", 0));
    EXPECT_EQ(line, (json{{"name", "Rock Fountain"}, {"hs_line_item_currency_code", "USD"}, {"quantity", "4"}, {"price", "25.00"},
                          {"discount", "2.5"}, {kSourceIdProperty, "quickbooks/qbo/130#line1"}}));
    const json fee = line_item_properties({{"kind", "fee"}, {"amount", "5.00"}}, "USD", "x#line2");
    EXPECT_EQ(fee["price"], "5.00");
    EXPECT_EQ(fee["name"], "Fee");
    EXPECT_THROW(line_item_properties({{"kind", "discount"}, {"amount", "-5.00"}}, "USD", "x#line3"), TranslationError);
}

}  // namespace
}  // namespace ledgersync::connectors::hubspot
