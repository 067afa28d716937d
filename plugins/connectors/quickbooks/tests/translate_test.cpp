// Translation of every JSON sample of Intuit's docs that is an entity the connector maps
// (../shared/specs/qbo/samples/json-intuit-docs/), field by field, into canonical records and
// back; and the refusals of what QBO cannot represent.

#include <gtest/gtest.h>

#include <map>

#include <ledgersync/sdk.hpp>

#include "fake_host.hpp"
#include "qbo_json.hpp"
#include "translate.hpp"

namespace ledgersync::connectors::quickbooks {
namespace {

using nlohmann::json;
using testing::sample;

json load(const std::string& name) { return sdk::parse_json_exact(sample("json-intuit-docs/" + name)); }

MappingSettings default_mapping() { return MappingSettings{}; }

std::string text(const json& value) { return value.get<std::string>(); }

sdk::Money usd(const char* amount) { return sdk::Money::parse(amount, "USD"); }

// ---------------------------------------------------------------------------------------------
// Invoices

TEST(TranslateInvoice, invoice_object_maps_every_field) {
    const json document = load("invoice_object.json");
    MappingSettings mapping;
    mapping.term_ids = {{"Net 30", "3"}};
    const sdk::Record record = record_from_qbo("Invoice", document["Invoice"], mapping, document["time"]);
    EXPECT_EQ(record.identity.system, "quickbooks");
    EXPECT_EQ(record.identity.type, "invoice");
    EXPECT_EQ(record.identity.id, "130");
    EXPECT_EQ(record.version, "0");
    EXPECT_EQ(record.updated_at, "2014-09-19T20:16:17Z");  // 13:16:17-07:00
    EXPECT_EQ(record.schema, "ledgersync.invoice");
    EXPECT_EQ(record.raw, document["Invoice"]);

    const json& body = record.body;
    EXPECT_EQ(body["number"], "1037");
    EXPECT_EQ(body["status"], "open");
    EXPECT_EQ(body["currency"], "USD");
    EXPECT_EQ(body["issue_date"], "2014-09-19");
    EXPECT_EQ(body["due_date"], "2014-10-19");
    EXPECT_EQ(body["customer"], (json{{"type", "customer"}, {"id", "24"}, {"name", "Sonnenschein Family Store"}}));
    EXPECT_EQ(body["memo"], "Thank you for your business and have a great day!");
    EXPECT_EQ(body["terms"], "Net 30");
    EXPECT_EQ(body["custom_fields"], (json{{"Crew #", "102"}}));
    EXPECT_EQ(body["source_system"], "quickbooks");
    EXPECT_EQ(body["updated_at"], "2014-09-19T20:16:17Z");

    ASSERT_EQ(body["lines"].size(), 4u);
    const json expected_items[] = {
        {{"id", "1"}, {"kind", "item"}, {"description", "Rock Fountain"},
         {"product", {{"type", "product"}, {"id", "5"}, {"name", "Rock Fountain"}}}, {"quantity", "1"}, {"unit_price", "275"},
         {"amount", "275.00"}},
        {{"id", "2"}, {"kind", "item"}, {"description", "Fountain Pump"},
         {"product", {{"type", "product"}, {"id", "11"}, {"name", "Pump"}}}, {"quantity", "1"}, {"unit_price", "12.75"},
         {"amount", "12.75"}},
        {{"id", "3"}, {"kind", "item"}, {"description", "Concrete for fountain installation"},
         {"product", {{"type", "product"}, {"id", "3"}, {"name", "Concrete"}}}, {"quantity", "5"}, {"unit_price", "9.5"},
         {"amount", "47.50"}},
    };
    for (int i = 0; i < 3; ++i) EXPECT_EQ(body["lines"][i], expected_items[i]) << "line " << i;
    // TxnTaxDetail: one TaxLine of 26.82 at 8% (rate 3).
    EXPECT_EQ(body["lines"][3], (json{{"kind", "tax"}, {"description", "Sales tax 8% (tax rate 3)"}, {"amount", "26.82"}}));
    EXPECT_EQ(body["totals"], (json{{"subtotal", "335.25"}, {"discount", "0.00"}, {"tax", "26.82"}, {"total", "362.07"},
                                    {"amount_paid", "0.00"}, {"balance_due", "362.07"}}));

    ASSERT_EQ(record.links.size(), 4u);
    EXPECT_EQ(record.links[0].rel, "customer");
    EXPECT_EQ(record.links[0].id, "24");
    EXPECT_EQ(record.links[0].path, "/customer");
    EXPECT_EQ(record.links[3].rel, "product");
    EXPECT_EQ(record.links[3].id, "3");
    EXPECT_EQ(record.links[3].path, "/lines/2/product");
    sdk::Record ingested = record;
    ingested.identity.connection = "qbo";  // what the host sets when it ingests the record
    EXPECT_TRUE(sdk::model::validate_record(ingested).empty()) << sdk::model::validate_record(ingested).to_string();
}

TEST(TranslateInvoice, create_response_without_quantity_reads_one_unit_at_the_amount) {
    const json document = load("invoice_create_response.json");
    const sdk::Record record = record_from_qbo("Invoice", document["Invoice"], default_mapping());
    EXPECT_EQ(record.identity.id, "238");
    EXPECT_EQ(record.body["number"], "1069");
    EXPECT_EQ(record.body["customer"]["id"], "1");
    ASSERT_EQ(record.body["lines"].size(), 1u);
    EXPECT_EQ(record.body["lines"][0]["quantity"], "1");
    EXPECT_EQ(record.body["lines"][0]["unit_price"], "100.00");
    EXPECT_EQ(record.body["lines"][0]["amount"], "100.00");
    EXPECT_EQ(record.body["lines"][0]["product"]["id"], "1");
    EXPECT_FALSE(record.body.contains("custom_fields"));  // a defined field without a value
    EXPECT_EQ(record.body["totals"]["total"], "100.00");
    EXPECT_EQ(record.body["due_date"], "2015-08-23");
}

TEST(TranslateInvoice, query_response_rows_translate) {
    const json document = load("invoice_query_response.json");
    const json& row = document["QueryResponse"]["Invoice"][0];
    const sdk::Record record = record_from_qbo("Invoice", row, default_mapping(), document["time"]);
    EXPECT_EQ(record.identity.id, "239");
    EXPECT_EQ(record.body["number"], "1070");
    EXPECT_EQ(record.body["totals"]["balance_due"], "150.00");
    // No MetaData in the row: dated by the response.
    EXPECT_EQ(record.updated_at, "2015-07-24T17:38:50.010Z");
}

TEST(TranslateInvoice, void_response_reads_as_voided_with_zero_amounts) {
    const json document = load("invoice_void_response.json");
    const sdk::Record record = record_from_qbo("Invoice", document["Invoice"], default_mapping(), document["time"]);
    EXPECT_EQ(record.body["status"], "voided");
    EXPECT_EQ(record.version, "1");
    ASSERT_EQ(record.body["lines"].size(), 1u);
    EXPECT_EQ(record.body["lines"][0]["quantity"], "0");  // DetailType in QBO's enum spelling
    EXPECT_EQ(record.body["lines"][0]["amount"], "0.00");
    EXPECT_EQ(record.body["totals"]["total"], "0.00");
    EXPECT_EQ(record.updated_at, "2016-03-16T19:27:10.711Z");
}

TEST(TranslateInvoice, discount_line_and_fee_tax_items_map_to_their_kinds) {
    json invoice = load("invoice_object.json")["Invoice"];
    // A shipping line, a tax-item line and a 10% discount, as QBO writes them.
    invoice["Line"].insert(invoice["Line"].begin() + 3,
                           json{{"DetailType", "SalesItemLineDetail"}, {"Amount", "10.00"},
                                {"SalesItemLineDetail", {{"ItemRef", {{"value", "SHIPPING_ITEM_ID"}}}}}});
    invoice["Line"].push_back(json{{"DetailType", "DiscountLineDetail"}, {"Amount", "34.53"},
                                   {"DiscountLineDetail", {{"PercentBased", true}, {"DiscountPercent", "10"},
                                                           {"DiscountAccountRef", {{"value", "54"}}}}}});
    invoice["TotalAmt"] = "337.54";  // 335.25 + 10.00 - 34.53 + 26.82
    invoice["Balance"] = "337.54";
    const sdk::Record record = record_from_qbo("Invoice", invoice, default_mapping());
    const json& lines = record.body["lines"];
    EXPECT_EQ(lines[3]["kind"], "fee");
    EXPECT_FALSE(lines[3].contains("product"));
    EXPECT_EQ(record.body["discount"], (json{{"percent", "10"}}));
    EXPECT_EQ(record.body["totals"]["subtotal"], "345.25");
    EXPECT_EQ(record.body["totals"]["discount"], "34.53");
    EXPECT_EQ(record.body["totals"]["total"], "337.54");
}

TEST(TranslateInvoice, totals_that_do_not_add_up_are_refused_with_the_numbers) {
    json invoice = load("invoice_object.json")["Invoice"];
    invoice["TotalAmt"] = "400.00";
    try {
        (void)record_from_qbo("Invoice", invoice, default_mapping());
        FAIL() << "expected a TranslationError";
    } catch (const TranslationError& e) {
        EXPECT_NE(std::string(e.what()).find("362.07"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("400.00"), std::string::npos) << e.what();
    }
}

TEST(TranslateInvoice, delete_response_is_a_delete_record) {
    const json document = load("invoice_delete_response.json");
    ASSERT_EQ(document["Invoice"]["status"], "Deleted");
    const sdk::Record record = deleted_record("Invoice", text(document["Invoice"]["Id"]), "2013-03-15T07:18:15Z");
    EXPECT_EQ(record.operation, sdk::RecordOperation::remove);
    EXPECT_EQ(record.identity.type, "invoice");
    EXPECT_EQ(record.identity.id, "33");
    EXPECT_EQ(record.version, "deleted");
}

sdk::Record canonical_record(const std::string& type, json body, std::vector<sdk::RecordLink> links) {
    sdk::Record record;
    record.identity = {"hubspot", "hs", type, "hs-1"};
    record.version = "1";
    record.schema = "ledgersync." + type;
    record.body = std::move(body);
    record.links = std::move(links);
    return record;
}

TEST(TranslateInvoice, back_to_qbo_keeps_every_mapped_field_with_exact_numbers) {
    const json document = load("invoice_object.json");
    MappingSettings mapping;
    mapping.tax_item_id = "33";
    mapping.custom_field_ids = {{"Crew #", "1"}};
    mapping.term_ids = {{"Net 30", "3"}};
    sdk::Record record = record_from_qbo("Invoice", document["Invoice"], mapping);
    for (auto& link : record.links) link.target_id = link.id;  // as the host resolves them
    const QboBody out = invoice_to_qbo(record, mapping);
    const json body = sdk::parse_json_exact(dump_qbo_json(out.body));
    EXPECT_EQ(out.entity, "Invoice");
    EXPECT_EQ(body["CustomerRef"]["value"], "24");
    EXPECT_EQ(body["DocNumber"], "1037");
    EXPECT_EQ(body["TxnDate"], "2014-09-19");
    EXPECT_EQ(body["DueDate"], "2014-10-19");
    EXPECT_EQ(body["CurrencyRef"]["value"], "USD");
    EXPECT_EQ(body["CustomerMemo"]["value"], "Thank you for your business and have a great day!");
    EXPECT_EQ(body["SalesTermRef"]["value"], "3");
    EXPECT_EQ(body["CustomField"][0], (json{{"DefinitionId", "1"}, {"Name", "Crew #"}, {"Type", "StringType"}, {"StringValue", "102"}}));
    ASSERT_EQ(body["Line"].size(), 4u);
    for (int i = 0; i < 3; ++i) {
        const json& original = document["Invoice"]["Line"][i];
        const json& line = body["Line"][i];
        EXPECT_EQ(line["DetailType"], "SalesItemLineDetail");
        EXPECT_EQ(line["Description"], original["Description"]);
        EXPECT_EQ(line["SalesItemLineDetail"]["ItemRef"]["value"], original["SalesItemLineDetail"]["ItemRef"]["value"]);
        EXPECT_EQ(sdk::Decimal::from_json(line["Amount"]), sdk::Decimal::from_json(original["Amount"]));
        EXPECT_EQ(sdk::Decimal::from_json(line["SalesItemLineDetail"]["Qty"]),
                  sdk::Decimal::from_json(original["SalesItemLineDetail"]["Qty"]));
        EXPECT_EQ(sdk::Decimal::from_json(line["SalesItemLineDetail"]["UnitPrice"]),
                  sdk::Decimal::from_json(original["SalesItemLineDetail"]["UnitPrice"]));
        EXPECT_EQ(line["SalesItemLineDetail"]["TaxCodeRef"]["value"], "NON");
    }
    // The tax becomes a line on the tax item, not QBO's tax center.
    EXPECT_EQ(body["Line"][3]["SalesItemLineDetail"]["ItemRef"]["value"], "33");
    EXPECT_EQ(body["Line"][3]["Amount"], "26.82");
    EXPECT_FALSE(body.contains("TxnTaxDetail"));
    ASSERT_TRUE(out.expected_total);
    EXPECT_EQ(out.expected_total->to_string(), "362.07");
    // Amounts are JSON numbers with their exact text.
    const std::string wire = dump_qbo_json(out.body);
    EXPECT_NE(wire.find("\"Amount\":47.50"), std::string::npos) << wire;
    EXPECT_NE(wire.find("\"UnitPrice\":9.5"), std::string::npos) << wire;
}

TEST(TranslateInvoice, back_to_qbo_matches_the_create_request_sample) {
    const json request = load("invoice_create_request.json");
    const sdk::Record record = canonical_record(
        "invoice",
        {{"status", "open"}, {"currency", "USD"}, {"issue_date", "2015-07-24"},
         {"customer", {{"type", "customer"}, {"id", "c1"}}},
         {"lines", json::array({{{"kind", "item"}, {"product", {{"type", "product"}, {"id", "p1"}}}, {"quantity", "1"},
                                 {"unit_price", "100.00"}, {"amount", "100.00"}}})},
         {"totals", {{"subtotal", "100.00"}, {"discount", "0.00"}, {"tax", "0.00"}, {"total", "100.00"}, {"amount_paid", "0.00"},
                     {"balance_due", "100.00"}}},
         {"source_system", "hubspot"}, {"updated_at", "2015-07-24T17:00:00Z"}},
        {{"customer", "customer", "c1", "/customer", "1"}, {"product", "product", "p1", "/lines/0/product", "1"}});
    MappingSettings mapping;
    mapping.line_tax_code.clear();
    const json body = sdk::parse_json_exact(dump_qbo_json(invoice_to_qbo(record, mapping).body));
    EXPECT_EQ(body["CustomerRef"]["value"], request["CustomerRef"]["value"]);
    EXPECT_EQ(body["Line"][0]["DetailType"], request["Line"][0]["DetailType"]);
    EXPECT_EQ(sdk::Decimal::from_json(body["Line"][0]["Amount"]), sdk::Decimal::from_json(request["Line"][0]["Amount"]));
    EXPECT_EQ(body["Line"][0]["SalesItemLineDetail"]["ItemRef"]["value"],
              request["Line"][0]["SalesItemLineDetail"]["ItemRef"]["value"]);
}

json valid_invoice_body() {
    return {{"number", "INV-1"}, {"status", "open"}, {"currency", "USD"}, {"issue_date", "2026-11-01"},
            {"customer", {{"type", "customer"}, {"id", "c1"}}},
            {"lines", json::array({{{"kind", "item"}, {"product", {{"type", "product"}, {"id", "p1"}}}, {"quantity", "3"},
                                    {"unit_price", "33.333"}, {"amount", "100.00"}}})},
            {"totals", {{"subtotal", "100.00"}, {"discount", "0.00"}, {"tax", "0.00"}, {"total", "100.00"}, {"amount_paid", "0.00"},
                        {"balance_due", "100.00"}}},
            {"source_system", "hubspot"}, {"updated_at", "2026-11-01T10:00:00Z"}};
}

std::vector<sdk::RecordLink> resolved_invoice_links() {
    return {{"customer", "customer", "c1", "/customer", "58"}, {"product", "product", "p1", "/lines/0/product", "1"}};
}

std::string refusal(const std::function<void()>& write) {
    try {
        write();
    } catch (const sdk::Error& e) {
        EXPECT_EQ(e.outcome().kind, sdk::OutcomeClass::data);
        EXPECT_FALSE(e.outcome().fix_hint.empty());
        return e.outcome().reason + " | " + e.outcome().fix_hint;
    }
    ADD_FAILURE() << "expected a data refusal";
    return {};
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(TranslateInvoice, refuses_what_qbo_cannot_represent_with_reasons) {
    const MappingSettings mapping;
    {
        json body = valid_invoice_body();
        body["number"] = "INV-2026-0000000000001";  // 22 characters
        const auto why = refusal([&] { invoice_to_qbo(canonical_record("invoice", body, resolved_invoice_links()), mapping); });
        EXPECT_TRUE(contains(why, "at most 21")) << why;
    }
    {
        json body = valid_invoice_body();
        body["lines"][0]["amount"] = "99.99";  // != round(3 x 33.333)
        body["totals"] = {{"subtotal", "99.99"}, {"discount", "0.00"}, {"tax", "0.00"}, {"total", "99.99"}, {"amount_paid", "0.00"},
                          {"balance_due", "99.99"}};
        const auto why = refusal([&] { invoice_to_qbo(canonical_record("invoice", body, resolved_invoice_links()), mapping); });
        EXPECT_TRUE(contains(why, "/lines/0/amount")) << why;
    }
    {
        auto links = resolved_invoice_links();
        links[0].target_id.clear();
        const auto why = refusal([&] { invoice_to_qbo(canonical_record("invoice", valid_invoice_body(), links), mapping); });
        EXPECT_TRUE(contains(why, "unresolved")) << why;
        EXPECT_TRUE(contains(why, "customer c1")) << why;
    }
    {
        json body = valid_invoice_body();
        body["terms"] = "Net 45";  // not in mapping.term_ids: never dropped silently
        const auto why = refusal([&] { invoice_to_qbo(canonical_record("invoice", body, resolved_invoice_links()), mapping); });
        EXPECT_TRUE(contains(why, "its payment terms \"Net 45\" have no QuickBooks term to go to")) << why;
    }
    {
        json body = valid_invoice_body();
        body["custom_fields"] = {{"PO number", "4711"}};
        const auto why = refusal([&] { invoice_to_qbo(canonical_record("invoice", body, resolved_invoice_links()), mapping); });
        EXPECT_TRUE(contains(why, "custom_field_ids")) << why;
    }
    {
        json body = valid_invoice_body();
        body["lines"].push_back({{"kind", "tax"}, {"amount", "8.00"}});
        body["totals"] = {{"subtotal", "100.00"}, {"discount", "0.00"}, {"tax", "8.00"}, {"total", "108.00"}, {"amount_paid", "0.00"},
                          {"balance_due", "108.00"}};
        const auto why = refusal([&] { invoice_to_qbo(canonical_record("invoice", body, resolved_invoice_links()), mapping); });
        EXPECT_TRUE(contains(why, "tax_item_id")) << why;
    }
    {
        json body = valid_invoice_body();
        body["status"] = "draft";
        const auto why = refusal([&] { invoice_to_qbo(canonical_record("invoice", body, resolved_invoice_links()), mapping); });
        EXPECT_TRUE(contains(why, "draft")) << why;
    }
    {
        json body = valid_invoice_body();
        body["lines"][0]["discount"] = {{"percent", "10"}};
        body["lines"][0]["amount"] = "90.00";
        body["totals"] = {{"subtotal", "90.00"}, {"discount", "0.00"}, {"tax", "0.00"}, {"total", "90.00"}, {"amount_paid", "0.00"},
                          {"balance_due", "90.00"}};
        const auto why = refusal([&] { invoice_to_qbo(canonical_record("invoice", body, resolved_invoice_links()), mapping); });
        EXPECT_TRUE(contains(why, "discount_item_id")) << why;
    }
}

TEST(TranslateInvoice, line_discounts_become_discount_lines_and_the_invoice_discount_one_discount_line) {
    json body = valid_invoice_body();
    body["lines"][0]["discount"] = {{"percent", "10"}};
    body["lines"][0]["comment"] = "loyalty discount";
    body["lines"][0]["amount"] = "90.00";
    body["discount"] = {{"amount", "5.00"}};
    body["totals"] = {{"subtotal", "90.00"}, {"discount", "5.00"}, {"tax", "0.00"}, {"total", "85.00"}, {"amount_paid", "0.00"},
                      {"balance_due", "85.00"}};
    MappingSettings mapping;
    mapping.discount_item_id = "77";
    mapping.discount_account_id = "54";
    const json out = sdk::parse_json_exact(dump_qbo_json(invoice_to_qbo(canonical_record("invoice", body, resolved_invoice_links()), mapping).body));
    ASSERT_EQ(out["Line"].size(), 3u);
    EXPECT_EQ(out["Line"][0]["Amount"], "100.00");
    EXPECT_EQ(out["Line"][1]["SalesItemLineDetail"]["ItemRef"]["value"], "77");
    EXPECT_EQ(out["Line"][1]["Amount"], "-10.00");
    EXPECT_EQ(out["Line"][1]["Description"], "loyalty discount");
    EXPECT_EQ(out["Line"][2]["DetailType"], "DiscountLineDetail");
    EXPECT_EQ(out["Line"][2]["Amount"], "5.00");
    EXPECT_EQ(out["Line"][2]["DiscountLineDetail"]["PercentBased"], false);
    EXPECT_EQ(out["Line"][2]["DiscountLineDetail"]["DiscountAccountRef"]["value"], "54");
}


// A tax-inclusive invoice of a non-US (Australian, GST 10%) company, in the shape QBO returns it:
// Line.Amount is the amount before tax also here, SalesItemLineDetail.TaxInclusiveAmt the amount
// with tax, TxnTaxDetail the tax, TotalAmt = lines + tax (Intuit's XSD: TaxInclusiveAmt "the total
// amount of line item including tax"; the shape of an AU sandbox company's invoice). The shared
// specs hold no tax-inclusive sample, so this one is written here.
constexpr const char* kTaxInclusiveInvoice = R"({
  "Id": "185", "SyncToken": "0", "domain": "QBO", "sparse": false,
  "MetaData": {"CreateTime": "2021-04-13T07:38:37-07:00", "LastUpdatedTime": "2021-04-13T07:38:37-07:00"},
  "DocNumber": "1019", "TxnDate": "2021-04-14", "DueDate": "2021-05-14",
  "CurrencyRef": {"value": "AUD", "name": "Australian Dollar"}, "ExchangeRate": 1,
  "Line": [
    {"Id": "1", "LineNum": 1, "Description": "promotional items -- misc engraved items", "Amount": 409.09,
     "DetailType": "SalesItemLineDetail",
     "SalesItemLineDetail": {"TaxInclusiveAmt": 450.0, "ItemRef": {"value": "11", "name": "Promotional items:Misc"},
                             "UnitPrice": 0.9090889, "Qty": 450, "TaxCodeRef": {"value": "10"}}},
    {"Amount": 409.09, "DetailType": "SubTotalLineDetail", "SubTotalLineDetail": {}}
  ],
  "TxnTaxDetail": {"TotalTax": 40.91, "TaxLine": [
    {"Amount": 40.91, "DetailType": "TaxLineDetail",
     "TaxLineDetail": {"TaxRateRef": {"value": "20"}, "PercentBased": true, "TaxPercent": 10, "NetAmountTaxable": 409.09}}]},
  "CustomerRef": {"value": "8", "name": "Clement's Cleaners"},
  "GlobalTaxCalculation": "TaxInclusive", "TotalAmt": 450.0, "HomeTotalAmt": 450.0, "Balance": 450.0
})";

TEST(TranslateInvoice, a_tax_inclusive_invoice_reads_as_net_lines_plus_its_tax_exactly) {
    MappingSettings mapping;
    mapping.home_currency = "AUD";
    const sdk::Record record = record_from_qbo("Invoice", sdk::parse_json_exact(kTaxInclusiveInvoice), mapping);
    const json& body = record.body;
    EXPECT_EQ(body["currency"], "AUD");
    ASSERT_EQ(body["lines"].size(), 2u);
    EXPECT_EQ(body["lines"][0]["kind"], "item");
    EXPECT_EQ(body["lines"][0]["amount"], "409.09");
    EXPECT_EQ(body["lines"][0]["quantity"], "450");
    EXPECT_EQ(body["lines"][0]["unit_price"], "0.9090889");
    EXPECT_EQ(body["lines"][1], (json{{"kind", "tax"}, {"description", "Sales tax 10% (tax rate 20)"}, {"amount", "40.91"}}));
    EXPECT_EQ(body["totals"], (json{{"subtotal", "409.09"}, {"discount", "0.00"}, {"tax", "40.91"}, {"total", "450.00"},
                                    {"amount_paid", "0.00"}, {"balance_due", "450.00"}}));
    sdk::Record ingested = record;
    ingested.identity.connection = "qbo";
    EXPECT_TRUE(sdk::model::validate_record(ingested).empty()) << sdk::model::validate_record(ingested).to_string();
}

TEST(TranslateInvoice, tax_lines_carry_a_non_taxable_code_even_when_item_lines_are_taxable) {
    MappingSettings mapping;
    mapping.home_currency = "AUD";
    mapping.tax_item_id = "33";
    mapping.line_tax_code = "10";     // GST on the items...
    mapping.tax_line_tax_code = "4";  // ...and the company's out-of-scope code on the tax itself
    sdk::Record record = record_from_qbo("Invoice", sdk::parse_json_exact(kTaxInclusiveInvoice), mapping);
    for (auto& link : record.links) link.target_id = link.id;
    const json body = sdk::parse_json_exact(dump_qbo_json(invoice_to_qbo(record, mapping).body));
    ASSERT_EQ(body["Line"].size(), 2u);
    EXPECT_EQ(body["Line"][0]["SalesItemLineDetail"]["TaxCodeRef"]["value"], "10");
    EXPECT_EQ(body["Line"][1]["SalesItemLineDetail"]["ItemRef"]["value"], "33");
    EXPECT_EQ(body["Line"][1]["Amount"], "40.91");
    EXPECT_EQ(body["Line"][1]["SalesItemLineDetail"]["TaxCodeRef"]["value"], "4");
    // By default (a US company under automated sales tax) the tax line is "NON" whatever the items are.
    MappingSettings us;
    us.tax_item_id = "33";
    us.line_tax_code = "TAX";
    us.custom_field_ids = {{"Crew #", "1"}};
    const json invoice = load("invoice_object.json");
    sdk::Record usd_record = record_from_qbo("Invoice", invoice["Invoice"], us);
    for (auto& link : usd_record.links) link.target_id = link.id;
    const json us_body = sdk::parse_json_exact(dump_qbo_json(invoice_to_qbo(usd_record, us).body));
    EXPECT_EQ(us_body["Line"][0]["SalesItemLineDetail"]["TaxCodeRef"]["value"], "TAX");
    EXPECT_EQ(us_body["Line"][3]["SalesItemLineDetail"]["ItemRef"]["value"], "33");
    EXPECT_EQ(us_body["Line"][3]["SalesItemLineDetail"]["TaxCodeRef"]["value"], "NON");
}

TEST(TranslateInvoice, doc_number_limit_counts_characters_not_bytes) {
    const MappingSettings mapping;
    std::string at_limit;
    for (int i = 0; i < 21; ++i) at_limit += "\xc3\xa9";  // 21 x "é": 42 bytes
    json body = valid_invoice_body();
    body["number"] = at_limit;
    const json out =
        sdk::parse_json_exact(dump_qbo_json(invoice_to_qbo(canonical_record("invoice", body, resolved_invoice_links()), mapping).body));
    EXPECT_EQ(out["DocNumber"], at_limit);
    body["number"] = at_limit + "\xc3\xa9";
    const auto why = refusal([&] { invoice_to_qbo(canonical_record("invoice", body, resolved_invoice_links()), mapping); });
    EXPECT_TRUE(contains(why, "has 22 characters; QuickBooks allows at most 21")) << why;
}

// ---------------------------------------------------------------------------------------------
// Customers and items

TEST(TranslateCustomer, customer_object_maps_every_field_and_back) {
    const json document = load("customer_object.json");
    const sdk::Record record = record_from_qbo("Customer", document["Customer"], default_mapping());
    EXPECT_EQ(record.identity.id, "58");
    EXPECT_EQ(record.body, (json{{"display_name", "ABC Corporation"},
                                 {"company_name", "ABC Corporation"},
                                 {"email", "john@abccorp.com"},
                                 {"phone", "(555) 555-1234"},
                                 {"billing_address",
                                  {{"line1", "123 Main Street"}, {"city", "San Francisco"}, {"region", "CA"}, {"postal_code", "94105"}}}}));
    const json back = customer_to_qbo(record).body;
    for (const char* key : {"DisplayName", "CompanyName", "PrimaryEmailAddr", "PrimaryPhone", "BillAddr"}) {
        EXPECT_EQ(back[key], document["Customer"][key]) << key;
    }
}

TEST(TranslateCustomer, company_create_request_sample_is_what_a_company_customer_becomes) {
    const json request = load("customer_create_request_company.json");
    const sdk::Record record = canonical_record("customer", customer_from_qbo(request).to_json(), {});
    const json back = customer_to_qbo(record).body;
    for (const char* key : {"DisplayName", "CompanyName", "PrimaryEmailAddr", "PrimaryPhone", "BillAddr"}) {
        if (request.contains(key)) {
            json expected = request[key];
            if (std::string(key) == "BillAddr") {
                json trimmed = json::object();
                for (const char* member : {"Line1", "Line2", "City", "CountrySubDivisionCode", "PostalCode", "Country"}) {
                    if (expected.contains(member)) trimmed[member] = expected[member];
                }
                expected = trimmed;
            }
            EXPECT_EQ(back[key], expected) << key;
        }
    }
}

TEST(TranslateCustomer, refuses_names_qbo_does_not_accept) {
    const auto why = refusal([] { customer_to_qbo(canonical_record("customer", {{"display_name", "ACME: West"}}, {})); });
    EXPECT_TRUE(contains(why, "colon")) << why;
}

TEST(TranslateProduct, item_object_maps_every_field) {
    const json document = load("item_object.json");
    const sdk::Record record = record_from_qbo("Item", document["Item"], default_mapping());
    EXPECT_EQ(record.identity.type, "product");
    EXPECT_EQ(record.version, "2");
    EXPECT_EQ(record.body, (json{{"name", "Rock Fountain"},
                                 {"description", "Rock Fountain"},
                                 {"unit_price", "275"},
                                 {"currency", "USD"},
                                 {"type", "inventory"},
                                 {"income_account", {{"type", "account"}, {"id", "79"}, {"name", "Sales of Product Income"}}}}));
    ASSERT_EQ(record.links.size(), 1u);
    EXPECT_EQ(record.links[0].rel, "income_account");
}

TEST(TranslateProduct, service_create_request_sample_is_what_a_service_product_becomes) {
    const json request = load("item_create_request_service.json");
    const sdk::Record record = canonical_record(
        "product", {{"name", "Garden Design"}, {"type", "service"}, {"income_account", {{"type", "account"}, {"id", "1"}}}}, {});
    const json back = product_to_qbo(record, default_mapping(), false).body;
    EXPECT_EQ(back, request);
}

TEST(TranslateProduct, refuses_to_create_inventory_items_and_items_without_income_account) {
    const auto inventory = refusal([] {
        product_to_qbo(canonical_record("product", {{"name", "Pump"}, {"type", "inventory"}}, {}), MappingSettings{}, false);
    });
    EXPECT_TRUE(contains(inventory, "inventory")) << inventory;
    const auto account = refusal([] {
        product_to_qbo(canonical_record("product", {{"name", "Pump"}, {"type", "service"}}, {}), MappingSettings{}, false);
    });
    EXPECT_TRUE(contains(account, "income_account_id")) << account;
}

// ---------------------------------------------------------------------------------------------
// Payments

TEST(TranslatePayment, payment_object_maps_every_field) {
    const json document = load("payment_object.json");
    MappingSettings mapping;
    mapping.payment_method_ids = {{"cash", "1"}};
    const sdk::Record record = record_from_qbo("Payment", document["Payment"], mapping);
    EXPECT_EQ(record.identity.id, "125");
    EXPECT_EQ(record.body, (json{{"amount", "25.00"},
                                 {"currency", "USD"},
                                 {"date", "2014-09-14"},
                                 {"status", "succeeded"},
                                 {"source", "qbo"},
                                 {"method", "cash"},
                                 {"customer", {{"type", "customer"}, {"id", "20"}, {"name", "Red Rock Diner"}}},
                                 {"processor_ids", {{"qbo_payment", "125"}}},
                                 {"invoices", json::array({{{"type", "invoice"}, {"id", "67"}}})}}));
    ASSERT_EQ(record.links.size(), 2u);
    EXPECT_EQ(record.links[1].path, "/invoices/0");
}

TEST(TranslatePayment, create_response_without_currency_is_in_the_home_currency) {
    const json document = load("payment_create_response.json");
    const sdk::Record record = record_from_qbo("Payment", document["Payment"], default_mapping());
    EXPECT_EQ(record.body["currency"], "USD");
    EXPECT_EQ(record.body["date"], "2014-09-16");
    EXPECT_FALSE(record.body.contains("method"));
}

TEST(TranslatePayment, back_to_qbo_applies_to_the_invoice_like_the_linked_request_sample) {
    const json request = load("payment_create_request_linked_invoice.json");
    const sdk::Record record = canonical_record(
        "payment",
        {{"amount", "25.00"}, {"currency", "USD"}, {"date", "2014-09-16"}, {"status", "succeeded"}, {"source", "stripe"},
         {"customer", {{"type", "customer"}, {"id", "cus_1"}}}, {"invoices", json::array({{{"type", "invoice"}, {"id", "in_1"}}})}},
        {{"customer", "customer", "cus_1", "/customer", "20"}, {"invoice", "invoice", "in_1", "/invoices/0", "67"}});
    const QboBody out = payment_to_qbo(record, default_mapping(), {{"67", usd("100.00"), "20"}}, "20");
    const json body = sdk::parse_json_exact(dump_qbo_json(out.body));
    EXPECT_EQ(sdk::Decimal::from_json(body["TotalAmt"]), sdk::Decimal::from_json(request["TotalAmt"]));
    EXPECT_EQ(body["CustomerRef"], request["CustomerRef"]);
    EXPECT_EQ(sdk::Decimal::from_json(body["Line"][0]["Amount"]), sdk::Decimal::from_json(request["Line"][0]["Amount"]));
    EXPECT_EQ(body["Line"][0]["LinkedTxn"], request["Line"][0]["LinkedTxn"]);
}

TEST(TranslatePayment, several_invoices_are_paid_in_order_up_to_their_balances) {
    const sdk::Record record = canonical_record(
        "payment", {{"amount", "150.00"}, {"currency", "USD"}, {"date", "2026-11-01"}, {"status", "succeeded"}, {"source", "manual"}}, {});
    const json body = sdk::parse_json_exact(dump_qbo_json(
        payment_to_qbo(record, default_mapping(),
                       {{"1", usd("100.00"), "9"}, {"2", usd("0.00"), "9"}, {"3", usd("80.00"), "9"}},
                       "9")
            .body));
    ASSERT_EQ(body["Line"].size(), 2u);
    EXPECT_EQ(body["Line"][0]["Amount"], "100.00");
    EXPECT_EQ(body["Line"][1]["Amount"], "50.00");
    EXPECT_EQ(body["Line"][1]["LinkedTxn"][0]["TxnId"], "3");
}

TEST(TranslatePayment, an_overpayment_is_refused_with_what_is_owed_unless_the_rest_may_stay_unapplied) {
    const sdk::Record record = canonical_record(
        "payment", {{"amount", "150.00"}, {"currency", "USD"}, {"date", "2026-11-01"}, {"status", "succeeded"}, {"source", "stripe"}}, {});
    const std::vector<InvoiceBalance> owed = {{"1", usd("100.00"), "9"}, {"3", usd("20.00"), "9"}};
    const auto why = refusal([&] { payment_to_qbo(record, default_mapping(), owed, "9"); });
    EXPECT_TRUE(contains(why, "it is an overpayment: 150.00 USD is more than the open balance of the invoices it pays "
                              "(invoice 1 100.00 USD, invoice 3 20.00 USD), by 30.00 USD")) << why;
    EXPECT_TRUE(contains(why, "mapping.overpayment")) << why;
    // Exactly what is owed is no overpayment.
    const sdk::Record exact = canonical_record(
        "payment", {{"amount", "120.00"}, {"currency", "USD"}, {"date", "2026-11-01"}, {"status", "succeeded"}, {"source", "stripe"}}, {});
    EXPECT_EQ(payment_to_qbo(exact, default_mapping(), owed, "9").body["Line"].size(), 2u);
    MappingSettings lenient = default_mapping();
    lenient.overpayment = "leave_unapplied";
    const json body = sdk::parse_json_exact(dump_qbo_json(payment_to_qbo(record, lenient, owed, "9").body));
    ASSERT_EQ(body["Line"].size(), 2u);
    EXPECT_EQ(body["TotalAmt"], "150.00");
}

TEST(TranslatePayment, a_payment_in_eur_is_refused_for_an_invoice_in_usd) {
    const sdk::Record record = canonical_record(
        "payment", {{"amount", "100.00"}, {"currency", "EUR"}, {"date", "2026-11-01"}, {"status", "succeeded"}, {"source", "stripe"}},
        {});
    const auto why = refusal([&] { payment_to_qbo(record, default_mapping(), {{"130", usd("362.07"), "24"}}, "24"); });
    EXPECT_TRUE(contains(why, "100.00 EUR cannot be applied to invoice 130, which is in USD")) << why;
    EXPECT_TRUE(contains(why, "never converts between currencies")) << why;
}

TEST(TranslatePayment, an_invoice_balance_is_read_in_the_invoices_currency) {
    json invoice = load("invoice_object.json")["Invoice"];
    EXPECT_EQ(invoice_balance_from_qbo(invoice, default_mapping(), sdk::Decimal(0)).balance, usd("362.07"));
    // What the payment being updated already applies to it is open again for that payment.
    EXPECT_EQ(invoice_balance_from_qbo(invoice, default_mapping(), sdk::Decimal::parse("10.00")).balance, usd("372.07"));
    invoice["CurrencyRef"] = {{"value", "EUR"}, {"name", "Euro"}};
    EXPECT_EQ(invoice_balance_from_qbo(invoice, default_mapping(), sdk::Decimal(0)).balance.currency(), "EUR");
    EXPECT_EQ(invoice_balance_from_qbo(invoice, default_mapping(), sdk::Decimal(0)).customer_id, "24");
}

TEST(TranslatePayment, a_long_multibyte_reference_is_cut_on_a_character_boundary) {
    std::string reference = "R";
    for (int i = 0; i < 24; ++i) reference += "\xc3\xa9";  // "é": 2 bytes, 1 character
    const sdk::Record record = canonical_record(
        "payment",
        {{"amount", "10.00"}, {"currency", "USD"}, {"date", "2026-11-01"}, {"status", "succeeded"}, {"source", "manual"},
         {"reference_number", reference}},
        {});
    const json body = sdk::parse_json_exact(dump_qbo_json(payment_to_qbo(record, default_mapping(), {}, "9").body));
    const std::string sent = body["PaymentRefNum"].get<std::string>();
    EXPECT_EQ(sdk::character_count(sent), 21u);
    EXPECT_TRUE(sdk::is_valid_utf8(sent));
    EXPECT_EQ(reference.compare(0, sent.size(), sent), 0);
    EXPECT_TRUE(contains(body["PrivateNote"].get<std::string>(), "Reference: " + reference)) << "the whole reference is kept";
}

// ---------------------------------------------------------------------------------------------
// Refund receipts and credit memos

TEST(TranslateRefund, refund_receipt_without_a_payment_is_refused_with_how_to_name_it) {
    const json document = load("refundreceipt_object.json");
    try {
        (void)record_from_qbo("RefundReceipt", document["RefundReceipt"], default_mapping());
        FAIL() << "expected a TranslationError";
    } catch (const TranslationError& e) {
        EXPECT_NE(std::string(e.what()).find("[ledgersync] payment="), std::string::npos) << e.what();
    }
}

TEST(TranslateRefund, refund_receipt_object_maps_every_field_once_it_names_its_payment) {
    json receipt = load("refundreceipt_object.json")["RefundReceipt"];
    receipt["PrivateNote"] = "Pest control was ineffective\n[ledgersync] payment=125; reason=requested_by_customer";
    const sdk::Record record = record_from_qbo("RefundReceipt", receipt, default_mapping());
    EXPECT_EQ(record.identity.type, "refund");
    EXPECT_EQ(record.identity.id, "66");
    EXPECT_EQ(record.body, (json{{"amount", "87.50"},
                                 {"currency", "USD"},
                                 {"reason", "requested_by_customer"},
                                 {"status", "succeeded"},
                                 {"payment", {{"type", "payment"}, {"id", "125"}}},
                                 {"date", "2014-09-17"},
                                 {"processor_ids", {{"qbo_refund_receipt", "66"}}},
                                 {"memo", "Pest control was ineffective"},
                                 {"book_as", "refund_receipt"}}));
}

TEST(TranslateRefund, refund_receipt_create_response_translates_with_its_payment) {
    json receipt = load("refundreceipt_create_response.json")["RefundReceipt"];
    receipt["LinkedTxn"] = json::array({{{"TxnId", "125"}, {"TxnType", "Payment"}}});
    const sdk::Record record = record_from_qbo("RefundReceipt", receipt, default_mapping());
    EXPECT_EQ(record.body["amount"], "420.00");
    EXPECT_EQ(record.body["payment"]["id"], "125");
    EXPECT_EQ(record.body["reason"], "other");
    EXPECT_EQ(record.body["book_as"], "refund_receipt");
    EXPECT_EQ(record.identity.id, receipt["Id"]);  // refund receipts keep their plain ids
}

TEST(TranslateRefund, credit_memos_translate_with_their_payment) {
    for (const char* name : {"creditmemo_object.json", "creditmemo_create_response.json"}) {
        json memo = load(name)["CreditMemo"];
        EXPECT_THROW((void)record_from_qbo("CreditMemo", memo, default_mapping()), TranslationError) << name;
        memo["PrivateNote"] = "[ledgersync] payment=7; reason=duplicate";
        const sdk::Record record = record_from_qbo("CreditMemo", memo, default_mapping());
        EXPECT_EQ(record.body["amount"], sdk::Decimal::from_json(memo["TotalAmt"]).rescaled(2).to_string()) << name;
        EXPECT_EQ(record.body["reason"], "duplicate");
        EXPECT_EQ(record.body["processor_ids"]["qbo_credit_memo"], memo["Id"]);
        EXPECT_EQ(record.body["book_as"], "credit_memo");
        // Numbered apart from refund receipts: the record names its entity.
        EXPECT_EQ(record.identity.id, "creditmemo-" + memo["Id"].get<std::string>());
        EXPECT_EQ(deleted_record("CreditMemo", memo["Id"], "2026-11-02T10:00:00Z").identity.id, record.identity.id);
    }
}

TEST(TranslateRefund, ids_name_the_entity_where_several_serve_one_type_and_stay_plain_for_the_first) {
    // Every type that several entities serve has exactly one of them with plain ids (links from
    // before stay valid), and each prefix leads back to its entity.
    std::map<std::string, int> plain;
    for (const auto* kinds : {&entity_kinds(), &written_only_kinds()}) {
        for (const auto& kind : *kinds) {
            plain[std::string(kind.type)] += kind.id_prefix.empty() ? 1 : 0;
            const LinkedEntity back = entity_of_link(kind.type, link_id(kind, "17"));
            EXPECT_EQ(back.kind, &kind) << kind.type << " " << kind.entity;
            EXPECT_EQ(back.qbo_id, "17");
        }
    }
    for (const auto& [type, count] : plain) EXPECT_LE(count, 1) << type;
    EXPECT_EQ(plain["refund"], 1);
    EXPECT_EQ(entity_of_link("refund", "9").kind->entity, "RefundReceipt");
    EXPECT_EQ(entity_of_link("refund", "creditmemo-9").kind->entity, "CreditMemo");
    EXPECT_EQ(entity_of_link("dispute", "purchase-5").kind->entity, "Purchase");
    EXPECT_EQ(entity_of_link("payout", "deposit-5").kind->entity, "Deposit");
    EXPECT_EQ(entity_of_link("payout", "5").kind->entity, "Transfer");
}

TEST(TranslateRefund, the_routes_choice_wins_over_the_connections_default) {
    MappingSettings mapping;
    mapping.refund_as = "credit_memo";
    sdk::Record record;
    record.body = {{"amount", "1.00"}};
    EXPECT_EQ(refund_entity(record, mapping), "CreditMemo");
    record.body["book_as"] = "refund_receipt";
    EXPECT_EQ(refund_entity(record, mapping), "RefundReceipt");
    mapping.refund_as = "refund_receipt";
    record.body["book_as"] = "credit_memo";
    EXPECT_EQ(refund_entity(record, mapping), "CreditMemo");
}

TEST(TranslateRefund, back_to_qbo_marks_the_payment_and_reason) {
    const sdk::Record record = canonical_record(
        "refund",
        {{"amount", "25.00"}, {"currency", "USD"}, {"reason", "duplicate"}, {"status", "succeeded"},
         {"payment", {{"type", "payment"}, {"id", "ch_1"}}}, {"date", "2026-11-02"}, {"processor_ids", {{"stripe_refund", "re_1"}}}},
        {{"payment", "payment", "ch_1", "/payment", "125"}});
    MappingSettings mapping;
    mapping.refund_item_id = "40";
    mapping.refund_account_id = "91";
    const QboBody out = refund_to_qbo(record, mapping, refund_entity(record, mapping), "125", "20");
    EXPECT_EQ(out.entity, "RefundReceipt");
    const json body = sdk::parse_json_exact(dump_qbo_json(out.body));
    EXPECT_EQ(body["DepositToAccountRef"]["value"], "91");
    EXPECT_EQ(body["CustomerRef"]["value"], "20");
    EXPECT_EQ(body["Line"][0]["Amount"], "25.00");
    // What the connector writes, it reads back as the same refund.
    json receipt = body;
    receipt["Id"] = "300";
    receipt["SyncToken"] = "0";
    receipt["TotalAmt"] = "25.00";
    receipt["MetaData"] = {{"LastUpdatedTime", "2026-11-02T10:00:00Z"}};
    const sdk::Record back = record_from_qbo("RefundReceipt", receipt, mapping);
    EXPECT_EQ(back.body["payment"]["id"], "125");
    EXPECT_EQ(back.body["reason"], "duplicate");
    EXPECT_EQ(back.body["amount"], "25.00");
    EXPECT_EQ(back.body["memo"], "stripe_refund: re_1");
}

// ---------------------------------------------------------------------------------------------
// Expenses

TEST(TranslateExpense, purchases_round_trip_with_fee_types) {
    const sdk::Record record = canonical_record(
        "expense",
        {{"vendor", {{"type", "vendor"}, {"id", "41"}}}, {"date", "2026-11-26"}, {"currency", "USD"},
         {"paid_from_account", {{"type", "account"}, {"id", "91"}}},
         {"lines", json::array({{{"fee_type", "processing"}, {"account", {{"type", "account"}, {"id", "90"}}}, {"amount", "3.20"},
                                 {"description", "Stripe fee on ch_1"}},
                                {{"fee_type", "platform"}, {"account", {{"type", "account"}, {"id", "90"}}}, {"amount", "1.00"}}})},
         {"memo", "Stripe fees on ch_1"}},
        {});
    const QboBody out = expense_to_qbo(record, default_mapping());
    json purchase = sdk::parse_json_exact(dump_qbo_json(out.body));
    EXPECT_EQ(purchase["PaymentType"], "Cash");
    EXPECT_EQ(purchase["AccountRef"]["value"], "91");
    EXPECT_EQ(purchase["EntityRef"], (json{{"value", "41"}, {"type", "Vendor"}}));
    EXPECT_EQ(purchase["Line"][0]["Description"], "Processing fees: Stripe fee on ch_1");
    EXPECT_EQ(purchase["Line"][1]["Description"], "Platform fees");
    purchase["Id"] = "500";
    purchase["SyncToken"] = "0";
    purchase["MetaData"] = {{"LastUpdatedTime", "2026-11-26T10:00:00Z"}};
    const sdk::Record back = record_from_qbo("Purchase", purchase, default_mapping());
    EXPECT_EQ(back.body["lines"], record.body["lines"]);
    EXPECT_EQ(back.body["memo"], "Stripe fees on ch_1");
    EXPECT_EQ(back.body["vendor"]["id"], "41");
}

// ---------------------------------------------------------------------------------------------
// Disputes: one money movement per record (the mapper dispute_movements splits them)

MappingSettings dispute_mapping() {
    MappingSettings mapping;
    mapping.payment_deposit_account_id = "91";
    mapping.dispute_account_id = "92";
    mapping.dispute_fee_account_id = "93";
    mapping.dispute_vendor_id = "1";
    return mapping;
}

/// A dispute of 250.00 USD on ch_1 carrying the one movement `transaction`.
sdk::Record dispute_movement(const json& transaction) {
    sdk::Record record = canonical_record("dispute",
                                          {{"payment", {{"type", "payment"}, {"id", "ch_1"}}},
                                           {"amount", "250.00"},
                                           {"currency", "USD"},
                                           {"reason", "fraudulent"},
                                           {"status", "won"},
                                           {"date", "2026-11-28"},
                                           {"transactions", json::array({transaction})},
                                           {"processor_ids", {{"stripe_dispute", "dp_1"}}}},
                                          {});
    record.identity.id = transaction.at("id").get<std::string>();
    return record;
}

json movement(const std::string& id, const std::string& type, const std::string& gross, const std::string& fee,
              const std::string& net) {
    return {{"id", id}, {"type", type}, {"source_id", "dp_1"}, {"gross", gross},     {"fee", fee},
            {"net", net}, {"currency", "USD"}, {"date", type == "dispute" ? "2026-11-28" : "2027-01-20"}};
}

TEST(TranslateDispute, the_withdrawal_is_a_purchase_from_clearing_of_the_amount_and_the_fee_each_to_its_account) {
    const sdk::Record record = dispute_movement(movement("txn_w", "dispute", "-250.00", "15.00", "-265.00"));
    EXPECT_EQ(dispute_entity(record), "Purchase");
    const QboBody out = dispute_to_qbo(record, dispute_mapping());
    EXPECT_EQ(out.entity, "Purchase");
    const json purchase = sdk::parse_json_exact(dump_qbo_json(out.body));
    EXPECT_EQ(purchase["PaymentType"], "Cash");
    EXPECT_EQ(purchase["AccountRef"]["value"], "91");
    EXPECT_EQ(purchase["EntityRef"], (json{{"value", "1"}, {"type", "Vendor"}}));
    EXPECT_EQ(purchase["TxnDate"], "2026-11-28");
    EXPECT_EQ(purchase["CurrencyRef"]["value"], "USD");
    ASSERT_EQ(purchase["Line"].size(), 2u);
    EXPECT_EQ(sdk::Decimal::from_json(purchase["Line"][0]["Amount"]), sdk::Decimal::parse("250.00"));
    EXPECT_EQ(purchase["Line"][0]["AccountBasedExpenseLineDetail"]["AccountRef"]["value"], "92");
    EXPECT_EQ(purchase["Line"][0]["Description"], "Disputed amount of payment ch_1 (fraudulent)");
    EXPECT_EQ(sdk::Decimal::from_json(purchase["Line"][1]["Amount"]), sdk::Decimal::parse("15.00"));
    EXPECT_EQ(purchase["Line"][1]["AccountBasedExpenseLineDetail"]["AccountRef"]["value"], "93");
    EXPECT_EQ(purchase["PrivateNote"], "Stripe dispute dp_1 of payment ch_1 (fraudulent): the disputed amount and the dispute fee withdrawn (txn_w)");
}

TEST(TranslateDispute, the_reinstatement_is_a_deposit_into_clearing_with_the_fee_only_when_it_was_returned) {
    const sdk::Record kept = dispute_movement(movement("txn_r", "dispute_reversal", "250.00", "0", "250.00"));
    EXPECT_EQ(dispute_entity(kept), "Deposit");
    MappingSettings without_fee_account = dispute_mapping();
    without_fee_account.dispute_fee_account_id.clear();
    const json deposit = sdk::parse_json_exact(dump_qbo_json(dispute_to_qbo(kept, without_fee_account).body));
    EXPECT_EQ(deposit["DepositToAccountRef"]["value"], "91");
    EXPECT_EQ(deposit["TxnDate"], "2027-01-20") << "the day it was won, not the day it was opened";
    ASSERT_EQ(deposit["Line"].size(), 1u) << "no fee account is needed for a fee Stripe kept";
    EXPECT_EQ(sdk::Decimal::from_json(deposit["Line"][0]["Amount"]), sdk::Decimal::parse("250.00"));
    EXPECT_EQ(deposit["Line"][0]["DepositLineDetail"]["AccountRef"]["value"], "92");

    const sdk::Record returned = dispute_movement(movement("txn_r", "dispute_reversal", "250.00", "-15.00", "265.00"));
    const QboBody out = dispute_to_qbo(returned, dispute_mapping());
    EXPECT_EQ(out.entity, "Deposit");
    const json both = sdk::parse_json_exact(dump_qbo_json(out.body));
    ASSERT_EQ(both["Line"].size(), 2u);
    EXPECT_EQ(sdk::Decimal::from_json(both["Line"][1]["Amount"]), sdk::Decimal::parse("15.00"));
    EXPECT_EQ(both["Line"][1]["DepositLineDetail"]["AccountRef"]["value"], "93");
    EXPECT_EQ(both["Line"][1]["Description"], "Dispute fee on payment ch_1 returned");
    EXPECT_EQ(both["PrivateNote"],
              "Stripe dispute dp_1 of payment ch_1 (fraudulent) won: the disputed amount and the dispute fee reinstated (txn_r)");
}

TEST(TranslateDispute, missing_accounts_and_unsplit_or_odd_movements_are_refused_with_the_fix) {
    const sdk::Record withdrawal = dispute_movement(movement("txn_w", "dispute", "-250.00", "15.00", "-265.00"));
    MappingSettings mapping = dispute_mapping();
    mapping.dispute_account_id.clear();
    EXPECT_NE(refusal([&] { dispute_to_qbo(withdrawal, mapping); }).find("mapping.dispute_account_id"), std::string::npos);
    mapping = dispute_mapping();
    mapping.dispute_fee_account_id.clear();
    EXPECT_NE(refusal([&] { dispute_to_qbo(withdrawal, mapping); }).find("mapping.dispute_fee_account_id"), std::string::npos);
    mapping = dispute_mapping();
    mapping.payment_deposit_account_id.clear();
    EXPECT_NE(refusal([&] { dispute_to_qbo(withdrawal, mapping); }).find("clearing account"), std::string::npos);

    sdk::Record both = withdrawal;
    both.body["transactions"].push_back(movement("txn_r", "dispute_reversal", "250.00", "0", "250.00"));
    EXPECT_NE(refusal([&] { dispute_to_qbo(both, dispute_mapping()); }).find("dispute_movements"), std::string::npos);
    const sdk::Record backwards = dispute_movement(movement("txn_w", "dispute", "250.00", "15.00", "235.00"));
    EXPECT_NE(refusal([&] { dispute_to_qbo(backwards, dispute_mapping()); }).find("a negative amount"), std::string::npos);
    const sdk::Record other = dispute_movement(movement("txn_x", "adjustment", "-1.00", "0", "-1.00"));
    EXPECT_NE(refusal([&] { dispute_to_qbo(other, dispute_mapping()); }).find("type adjustment"), std::string::npos);
}

TEST(TranslateEntities, entities_without_a_canonical_form_are_refused) {
    EXPECT_THROW((void)record_from_qbo("Account", load("account_object.json")["Account"], default_mapping()), TranslationError);
    const json batch = load("batch_response.json");
    const json& receipt = batch["BatchItemResponse"][3]["QueryResponse"]["SalesReceipt"][0];
    EXPECT_THROW((void)record_from_qbo("SalesReceipt", receipt, default_mapping()), TranslationError);
    // CDC's customers carry only their Id: nothing to map.
    const json cdc = load("cdc_response.json");
    EXPECT_THROW((void)record_from_qbo("Customer", cdc["CDCResponse"][0]["QueryResponse"][0]["Customer"][0], default_mapping()),
                 TranslationError);
}

}  // namespace
}  // namespace ledgersync::connectors::quickbooks
