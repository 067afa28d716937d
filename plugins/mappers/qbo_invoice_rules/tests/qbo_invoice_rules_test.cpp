// qbo_invoice_rules through the mapper test kit: the same C entry point and wire format the host
// uses, and every record it returns checked against the canonical schemas.

#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include <ledgersync/sdk.hpp>
#include <ledgersync/sdk/testing/mapper_test_kit.hpp>

namespace {

using nlohmann::json;
namespace kit = ledgersync::sdk::testing;
using ledgersync::sdk::OutcomeClass;

json read_json_file(const std::string& path) {
    std::ifstream in(path);
    EXPECT_TRUE(in.good()) << "cannot read " << path;
    std::stringstream text;
    text << in.rdbuf();
    return ledgersync::sdk::parse_json_exact(text.str());
}

/// A HubSpot invoice record around a canonical body, with the links of its references.
json invoice_record(const json& body, const std::string& id = "1001") {
    const auto invoice = ledgersync::sdk::model::Invoice::from_json(body);
    json links = json::array();
    for (const auto& link : ledgersync::sdk::model::to_record_links(invoice.references())) {
        links.push_back({{"rel", link.rel}, {"type", link.type}, {"id", link.id}, {"path", link.path}});
    }
    return {{"identity", {{"system", "hubspot"}, {"connection", "hubspot"}, {"type", "invoice"}, {"id", id}}},
            {"operation", "upsert"},
            {"version", "1"},
            {"updated_at", "2026-11-26T14:03:20Z"},
            {"schema", {{"id", "ledgersync.invoice"}, {"version", 1}}},
            {"body", body},
            {"links", links}};
}

/// An open USD invoice with `lines`; totals computed from them (amount paid 0).
json invoice_body(const json& lines, const std::string& currency = "USD") {
    json body{{"number", "INV-1001"},
              {"status", "open"},
              {"currency", currency},
              {"issue_date", "2026-11-02"},
              {"customer", {{"type", "customer"}, {"id", "51"}, {"name", "O'Brien & Sons"}}},
              {"lines", lines},
              {"totals", {{"subtotal", "0"}, {"discount", "0"}, {"tax", "0"}, {"total", "0"}, {"amount_paid", "0"}, {"balance_due", "0"}}},
              {"source_system", "hubspot"},
              {"updated_at", "2026-11-26T14:03:20Z"}};
    auto invoice = ledgersync::sdk::model::Invoice::from_json(body);
    invoice.totals.amount_paid = ledgersync::sdk::Decimal(0);
    invoice.totals = invoice.computed_totals();
    return invoice.to_json();
}

json item(const std::string& description, const std::string& quantity, const std::string& price, const std::string& amount,
          const std::string& product = "p-1") {
    return {{"kind", "item"}, {"description", description}, {"product", {{"type", "product"}, {"id", product}}},
            {"quantity", quantity}, {"unit_price", price}, {"amount", amount}};
}

json us_config() { return {{"tax_mode", "us_automated"}}; }

json the_project_sample() {
    return read_json_file(std::string(LEDGERSYNC_SOURCE_DIR) +
                          "/tests/data/canonical/valid/invoice/hubspot_invoice_with_discounts_fees_and_partial_payment.json");
}

json only_body(const kit::MapResult& result) {
    EXPECT_TRUE(result.ok()) << (result.failure ? result.failure->reason : "");
    return result.ok() ? result.records.at(0).body : json::object();
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// ------------------------------------------------------------------------------------------
// Line discounts

TEST(QboInvoiceRulesLineDiscounts, folds_percent_discount_into_net_line_with_reason_in_description) {
    kit::MapperTestKit mapper(us_config());
    json line = item("Widget", "3", "33.33", "89.99");
    line["discount"] = {{"percent", "10"}};
    line["comment"] = "SUMMER";
    const auto result = mapper.map(invoice_record(invoice_body(json::array({line}))));
    const json body = only_body(result);
    const json& mapped = body["lines"][0];
    // 3 x 33.33 = 99.99; 10% of it is 9.999, rounded half-up 10.00; net 89.99 = 3 x 29.997.
    EXPECT_EQ(mapped["amount"], "89.99");
    EXPECT_EQ(mapped["quantity"], "3");
    EXPECT_EQ(mapped["unit_price"], "29.997");
    EXPECT_EQ(mapped["description"], "Widget (incl. 10% discount: SUMMER)");
    EXPECT_FALSE(mapped.contains("discount"));
    EXPECT_FALSE(mapped.contains("comment")) << "the reason is in the description now, not written twice";
    EXPECT_EQ(body["totals"]["total"], "89.99");
    EXPECT_EQ(body["totals"]["subtotal"], "89.99");
}

TEST(QboInvoiceRulesLineDiscounts, folds_amount_discount_without_reason_and_keeps_the_currency_in_the_text) {
    kit::MapperTestKit mapper(us_config());
    json line = item("Gadget", "2", "10.00", "15.00");
    line["discount"] = {{"amount", "5.00"}};
    const json body = only_body(mapper.map(invoice_record(invoice_body(json::array({line})))));
    EXPECT_EQ(body["lines"][0]["unit_price"], "7.50");
    EXPECT_EQ(body["lines"][0]["description"], "Gadget (incl. 5.00 USD discount)");
    EXPECT_EQ(body["totals"]["total"], "15.00");
}

TEST(QboInvoiceRulesLineDiscounts, three_decimal_currency_takes_the_fewest_unit_price_decimals_that_give_the_net) {
    kit::MapperTestKit mapper(us_config());
    // 7 x 1.234 KWD = 8.638; 15% = 1.2957 -> 1.296; net 7.342. 1.049 x 7 = 7.343 is a fils off;
    // 1.0489 x 7 = 7.3423 rounds to 7.342.
    json line = item("Dates, box", "7", "1.234", "7.342");
    line["discount"] = {{"percent", "15"}};
    const json body = only_body(mapper.map(invoice_record(invoice_body(json::array({line}), "KWD"))));
    EXPECT_EQ(body["lines"][0]["unit_price"], "1.0489");
    EXPECT_EQ(body["lines"][0]["amount"], "7.342");
    EXPECT_EQ(body["totals"]["total"], "7.342");
}

TEST(QboInvoiceRulesLineDiscounts, description_format_is_configurable_and_a_comment_it_leaves_out_is_kept) {
    kit::MapperTestKit mapper({{"tax_mode", "us_automated"},
                               {"line_discounts", {{"description", "{description}, {amount} {currency} off {gross}"}}}});
    json line = item("Widget", "3", "33.33", "89.99");
    line["discount"] = {{"percent", "10"}};
    line["comment"] = "SUMMER";
    const json body = only_body(mapper.map(invoice_record(invoice_body(json::array({line})))));
    EXPECT_EQ(body["lines"][0]["description"], "Widget, 10.00 USD off 99.99");
    EXPECT_EQ(body["lines"][0]["comment"], "SUMMER");
}

TEST(QboInvoiceRulesLineDiscounts, line_without_description_is_named_by_its_product) {
    kit::MapperTestKit mapper(us_config());
    json line{{"kind", "item"}, {"product", {{"type", "product"}, {"id", "p-9"}, {"name", "Rock Fountain"}}},
              {"quantity", "2"}, {"unit_price", "275.00"}, {"discount", {{"percent", "10"}}}, {"amount", "495.00"}};
    const json body = only_body(mapper.map(invoice_record(invoice_body(json::array({line})))));
    EXPECT_EQ(body["lines"][0]["description"], "Rock Fountain (incl. 10% discount)");
    EXPECT_EQ(body["lines"][0]["unit_price"], "247.50");
}

TEST(QboInvoiceRulesLineDiscounts, refuses_a_net_amount_no_unit_price_can_give) {
    kit::MapperTestKit mapper(us_config());
    // 1,000,000 x 0.00003 = 30.00, less 0.01 = 29.99; a 5-decimal price moves the line by 10.00.
    json line = item("Micro-units", "1000000", "0.00003", "29.99");
    line["discount"] = {{"amount", "0.01"}};
    const auto result = mapper.map(invoice_record(invoice_body(json::array({line}))));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.failure->kind, OutcomeClass::data);
    EXPECT_TRUE(contains(result.failure->reason, "invoice INV-1001: line 1 is discounted to 29.99 USD, which no unit price of at most 5 decimals gives for quantity 1000000"))
        << result.failure->reason;
    EXPECT_TRUE(contains(result.failure->fix_hint, "split the line")) << result.failure->fix_hint;
}

TEST(QboInvoiceRulesLineDiscounts, refuses_a_description_longer_than_quickbooks_takes) {
    kit::MapperTestKit mapper(us_config());
    // 3,991 UTF-16 units of which the last is an emoji (two UTF-16 units, as QBO counts).
    std::string long_text(3989, 'x');
    long_text += "\xF0\x9F\x98\x80";
    json line = item(long_text, "1", "10.00", "9.00");
    line["discount"] = {{"amount", "1.00"}};
    const auto result = mapper.map(invoice_record(invoice_body(json::array({line}))));
    ASSERT_FALSE(result.ok());
    EXPECT_TRUE(contains(result.failure->reason, "line 1's description with its discount explained is 4017 characters long, and QuickBooks takes at most 4000"))
        << result.failure->reason;
}

// ------------------------------------------------------------------------------------------
// Invoice-level discounts

TEST(QboInvoiceRulesInvoiceDiscounts, one_invoice_discount_passes_unchanged) {
    kit::MapperTestKit mapper(us_config());
    json body = invoice_body(json::array({item("Widget", "3", "33.33", "99.99")}));
    body["discount"] = {{"percent", "10"}};
    auto invoice = ledgersync::sdk::model::Invoice::from_json(body);
    invoice.totals = invoice.computed_totals();
    const json mapped = only_body(mapper.map(invoice_record(invoice.to_json())));
    EXPECT_EQ(mapped["discount"], json({{"percent", "10"}}));
    EXPECT_EQ(mapped["totals"]["discount"], "10.00");
    EXPECT_EQ(mapped["totals"]["total"], "89.99");
}

TEST(QboInvoiceRulesInvoiceDiscounts, refuses_several_invoice_discounts_naming_each_and_the_setting) {
    kit::MapperTestKit mapper({{"tax_mode", "us_automated"}, {"fees", {{"use_connector_fee_item", true}}}});
    const auto result = mapper.map(invoice_record(the_project_sample()));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.failure->kind, OutcomeClass::data);
    EXPECT_TRUE(contains(result.failure->reason,
                         "invoice INV-1003: it has 2 invoice-level discounts (5% invoice discount (102.85); line 6 \"Loyalty credit\", "
                         "Agreed on deal 9876543210 (50.00)), and QuickBooks takes one invoice-level discount"))
        << result.failure->reason;
    EXPECT_TRUE(contains(result.failure->fix_hint, "set invoice_discounts.combine to true")) << result.failure->fix_hint;
    EXPECT_TRUE(contains(result.failure->fix_hint, "152.85 USD")) << result.failure->fix_hint;
}

TEST(QboInvoiceRulesInvoiceDiscounts, combines_them_into_one_of_their_sum_with_a_note_when_allowed) {
    kit::MapperTestKit mapper({{"tax_mode", "us_automated"},
                               {"invoice_discounts", {{"combine", true}}},
                               {"fees", {{"use_connector_fee_item", true}}}});
    const json body = only_body(mapper.map(invoice_record(the_project_sample())));
    EXPECT_EQ(body["discount"], json({{"amount", "152.85"}}));
    for (const auto& line : body["lines"]) EXPECT_NE(line["kind"], "discount");
    EXPECT_EQ(body["totals"]["subtotal"], "2107.01");
    EXPECT_EQ(body["totals"]["discount"], "152.85");
    EXPECT_EQ(body["totals"]["total"], "2066.50") << "the customer owes what the source says";
    EXPECT_EQ(body["totals"]["balance_due"], "1066.50");
    EXPECT_EQ(body["memo"],
              "Thank you for choosing us. Wire details are on page 2.\nDiscount of 152.85 USD: 5% invoice discount (102.85); "
              "line 6 \"Loyalty credit\", Agreed on deal 9876543210 (50.00)");
}

TEST(QboInvoiceRulesInvoiceDiscounts, an_empty_note_leaves_the_memo_alone) {
    kit::MapperTestKit mapper({{"tax_mode", "us_automated"},
                               {"invoice_discounts", {{"combine", true}, {"note", ""}}},
                               {"fees", {{"use_connector_fee_item", true}}}});
    const json body = only_body(mapper.map(invoice_record(the_project_sample())));
    EXPECT_EQ(body["memo"], "Thank you for choosing us. Wire details are on page 2.");
}

// ------------------------------------------------------------------------------------------
// Fees

TEST(QboInvoiceRulesFees, fee_lines_get_the_product_of_their_type_and_links_follow) {
    kit::MapperTestKit mapper({{"tax_mode", "us_automated"},
                               {"invoice_discounts", {{"combine", true}}},
                               {"fees", {{"products", {{"Shipping", {{"id", "1290060"}, {"name", "Shipping"}}}, {"card surcharge", "1290061"}}}}}});
    const auto result = mapper.map(invoice_record(the_project_sample()));
    const json body = only_body(result);
    // Lines after folding and combining: 3 items, shipping, surcharge, tax.
    EXPECT_EQ(body["lines"][3]["description"], "Shipping (UPS Ground)");
    EXPECT_EQ(body["lines"][3]["product"], json({{"type", "product"}, {"id", "1290060"}, {"name", "Shipping"}}));
    EXPECT_EQ(body["lines"][4]["product"], json({{"type", "product"}, {"id", "1290061"}}));
    bool linked = false;
    for (const auto& link : result.records.at(0).links) {
        if (link.path == "/lines/4/product") linked = link.id == "1290061" && link.rel == "product";
    }
    EXPECT_TRUE(linked) << "the host resolves the fee product through the links like any product";
}

TEST(QboInvoiceRulesFees, a_fee_type_matches_a_whole_word_only) {
    kit::MapperTestKit mapper({{"tax_mode", "us_automated"}, {"fees", {{"products", {{"Ship", "1"}}}}}});
    const json fee{{"kind", "fee"}, {"description", "Shipping"}, {"amount", "5.00"}};
    const auto result = mapper.map(invoice_record(invoice_body(json::array({item("Widget", "1", "10.00", "10.00"), fee}))));
    ASSERT_FALSE(result.ok()) << "\"Ship\" is not a prefix word of \"Shipping\"";
    EXPECT_TRUE(contains(result.failure->reason, "line 2 is a fee \"Shipping\" without a product, no fee product is configured for it"))
        << result.failure->reason;
    EXPECT_TRUE(contains(result.failure->fix_hint, "add its fee type to fees.products")) << result.failure->fix_hint;
    EXPECT_TRUE(contains(result.failure->fix_hint, "fees.use_connector_fee_item")) << result.failure->fix_hint;
}

TEST(QboInvoiceRulesFees, default_product_takes_fees_no_type_matches) {
    kit::MapperTestKit mapper({{"tax_mode", "us_automated"}, {"fees", {{"default_product", "1290099"}}}});
    const json fee{{"kind", "fee"}, {"description", "Late fee"}, {"amount", "15.00"}};
    const json body = only_body(mapper.map(invoice_record(invoice_body(json::array({item("Widget", "1", "10.00", "10.00"), fee})))));
    EXPECT_EQ(body["lines"][1]["product"]["id"], "1290099");
    EXPECT_EQ(body["totals"]["total"], "25.00");
}

TEST(QboInvoiceRulesFees, use_connector_fee_item_leaves_the_line_to_the_connection) {
    kit::MapperTestKit mapper({{"tax_mode", "us_automated"}, {"fees", {{"use_connector_fee_item", true}}}});
    const json fee{{"kind", "fee"}, {"description", "Late fee"}, {"amount", "15.00"}};
    const json body = only_body(mapper.map(invoice_record(invoice_body(json::array({item("Widget", "1", "10.00", "10.00"), fee})))));
    EXPECT_FALSE(body["lines"][1].contains("product"));
}

// ------------------------------------------------------------------------------------------
// Taxes

json taxed_invoice(const std::string& tax_name) {
    const json tax{{"kind", "tax"}, {"description", tax_name}, {"amount", "2.00"}};
    return invoice_body(json::array({item("Widget", "1", "10.00", "10.00"), tax}));
}

TEST(QboInvoiceRulesTaxes, us_automated_passes_tax_lines_as_lines) {
    kit::MapperTestKit mapper(us_config());
    const json body = only_body(mapper.map(invoice_record(taxed_invoice("Sales tax (CA 7.25%)"))));
    EXPECT_EQ(body["lines"][1]["kind"], "tax");
    EXPECT_EQ(body["totals"]["tax"], "2.00");
    EXPECT_EQ(body["totals"]["total"], "12.00");
}

TEST(QboInvoiceRulesTaxes, tax_codes_accept_a_mapped_tax_whatever_its_case) {
    kit::MapperTestKit mapper({{"tax_mode", "tax_codes"}, {"tax_codes", {{"VAT 20%", "7"}}}});
    EXPECT_TRUE(mapper.map(invoice_record(taxed_invoice(" vat 20% "))).ok());
}

TEST(QboInvoiceRulesTaxes, tax_codes_refuse_an_unmapped_tax_naming_it_and_where_to_map_it) {
    kit::MapperTestKit mapper({{"tax_mode", "tax_codes"}, {"tax_codes", {{"VAT 20%", "7"}}}});
    const auto result = mapper.map(invoice_record(taxed_invoice("VAT 5%")));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.failure->kind, OutcomeClass::data);
    EXPECT_EQ(result.failure->reason, "invoice INV-1001: line 2 is the tax \"VAT 5%\", which has no QuickBooks tax code");
    EXPECT_TRUE(contains(result.failure->fix_hint, "map it in tax_codes of the qbo_invoice_rules config (e.g. \"tax_codes\": {\"VAT 5%\""))
        << result.failure->fix_hint;
}

TEST(QboInvoiceRulesTaxes, tax_codes_refuse_a_tax_without_a_name) {
    kit::MapperTestKit mapper({{"tax_mode", "tax_codes"}, {"tax_codes", {{"VAT 20%", "7"}}}});
    const auto result = mapper.map(invoice_record(taxed_invoice("")));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.failure->reason,
              "invoice INV-1001: line 2 is a tax of 2.00 USD without a name, so no QuickBooks tax code can be found for it");
}

// ------------------------------------------------------------------------------------------
// Totals

TEST(QboInvoiceRulesTotals, the_full_sample_maps_with_every_total_to_the_cent) {
    kit::MapperTestKit mapper(read_json_file(std::string(LEDGERSYNC_SOURCE_DIR) + "/config/mappings/qbo-invoice-rules.json"));
    const json body = only_body(mapper.map(invoice_record(the_project_sample())));
    EXPECT_EQ(body["lines"][0]["amount"], "1350.00");
    EXPECT_EQ(body["lines"][0]["unit_price"], "1350.00");
    EXPECT_FALSE(body["lines"][0].contains("discount"));
    EXPECT_EQ(body["totals"], json({{"subtotal", "2107.01"}, {"discount", "152.85"}, {"tax", "112.34"}, {"total", "2066.50"},
                                    {"amount_paid", "1000.00"}, {"balance_due", "1066.50"}}));
}

TEST(QboInvoiceRulesTotals, stated_totals_that_disagree_with_the_lines_fail_with_the_difference) {
    kit::MapperTestKit mapper(us_config());
    json body = invoice_body(json::array({item("Widget", "3", "33.33", "99.99")}));
    body["totals"]["total"] = "100.00";
    body["totals"]["balance_due"] = "100.00";
    const auto result = mapper.map(invoice_record(body));
    ASSERT_FALSE(result.ok());
    EXPECT_TRUE(contains(result.failure->reason,
                         "its totals would change on the way to QuickBooks: total 100.00 became 99.99 (difference -0.01 USD); "
                         "balance due 100.00 became 99.99 (difference -0.01 USD)"))
        << result.failure->reason;
}

TEST(QboInvoiceRulesTotals, a_negative_total_is_refused_as_a_credit_memo) {
    kit::MapperTestKit mapper(us_config());
    const auto result = mapper.map(invoice_record(invoice_body(json::array({item("Return", "-1", "10.00", "-10.00")}))));
    ASSERT_FALSE(result.ok());
    EXPECT_TRUE(contains(result.failure->reason, "its total is -10.00 USD, and QuickBooks invoices cannot be negative"))
        << result.failure->reason;
}

// ------------------------------------------------------------------------------------------
// Records that are not invoices

TEST(QboInvoiceRulesRecords, a_delete_passes_unchanged) {
    kit::MapperTestKit mapper(us_config());
    json record = invoice_record(invoice_body(json::array({item("Widget", "1", "10.00", "10.00")})));
    record["operation"] = "delete";
    record["body"] = json::object();
    record["links"] = json::array();
    const auto result = mapper.map(record);
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result.records.size(), 1u);
}

TEST(QboInvoiceRulesRecords, a_record_of_another_type_is_refused) {
    kit::MapperTestKit mapper(us_config());
    json record{{"identity", {{"system", "hubspot"}, {"connection", "hubspot"}, {"type", "customer"}, {"id", "51"}}},
                {"operation", "upsert"}, {"version", "1"}, {"schema", {{"id", "ledgersync.customer"}, {"version", 1}}},
                {"body", {{"display_name", "O'Brien & Sons"}}}, {"links", json::array()}};
    const auto result = mapper.map(record);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.failure->reason,
              "customer 51: qbo_invoice_rules makes invoices representable in QuickBooks and was given a customer record");
}

// ------------------------------------------------------------------------------------------
// Invoice numbers

TEST(QboInvoiceRulesNumbers, the_number_gets_the_configured_prefix) {
    kit::MapperTestKit mapper({{"tax_mode", "us_automated"}, {"invoice_numbers", {{"prefix", "HS-"}}}});
    const json body = only_body(mapper.map(invoice_record(invoice_body(json::array({item("Widget", "1", "10.00", "10.00")})))));
    EXPECT_EQ(body["number"], "HS-INV-1001");
}

TEST(QboInvoiceRulesNumbers, without_a_prefix_a_number_that_fits_is_unchanged) {
    kit::MapperTestKit mapper(us_config());
    const json body = only_body(mapper.map(invoice_record(invoice_body(json::array({item("Widget", "1", "10.00", "10.00")})))));
    EXPECT_EQ(body["number"], "INV-1001");
}

TEST(QboInvoiceRulesNumbers, a_number_longer_than_qbo_takes_is_shortened_the_same_way_every_time) {
    kit::MapperTestKit mapper({{"tax_mode", "us_automated"}, {"invoice_numbers", {{"prefix", "HS-"}}}});
    json source = invoice_body(json::array({item("Widget", "1", "10.00", "10.00")}));
    source["number"] = "2026-00000001234567";
    const json first = only_body(mapper.map(invoice_record(source)));
    EXPECT_EQ(first["number"], "HS-2026-000000-b16a98");
    EXPECT_EQ(only_body(mapper.map(invoice_record(source)))["number"], first["number"]);
}

TEST(QboInvoiceRulesNumbers, a_draft_without_a_number_keeps_none) {
    kit::MapperTestKit mapper({{"tax_mode", "us_automated"}, {"invoice_numbers", {{"prefix", "HS-"}}}});
    json source = invoice_body(json::array({item("Widget", "1", "10.00", "10.00")}));
    source.erase("number");
    source["status"] = "draft";
    EXPECT_FALSE(only_body(mapper.map(invoice_record(source))).contains("number"));
}

// ------------------------------------------------------------------------------------------
// Configuration

std::string rejection(const json& config) {
    try {
        kit::MapperTestKit mapper(config);
    } catch (const kit::MapperConfigRejected& e) {
        return e.what();
    }
    return "(accepted)";
}

TEST(QboInvoiceRulesConfig, tax_mode_is_required) {
    EXPECT_TRUE(contains(rejection(json::object()), "/tax_mode: required key is missing")) << rejection(json::object());
}

TEST(QboInvoiceRulesConfig, an_unknown_key_is_refused_at_its_path_with_a_suggestion) {
    const std::string text = rejection({{"tax_mode", "us_automated"}, {"fees", {{"prodcuts", json::object()}}}});
    EXPECT_TRUE(contains(text, "/fees/prodcuts: unknown key; did you mean \"products\"?")) << text;
}

TEST(QboInvoiceRulesConfig, an_unknown_placeholder_is_refused) {
    const std::string text = rejection({{"tax_mode", "us_automated"}, {"line_discounts", {{"description", "{descripton} off"}}}});
    EXPECT_TRUE(contains(text, "/line_discounts/description: \"{descripton}\" is not a placeholder this text knows")) << text;
}

TEST(QboInvoiceRulesConfig, tax_codes_need_the_tax_codes_mode_and_the_mode_needs_codes) {
    EXPECT_TRUE(contains(rejection({{"tax_mode", "us_automated"}, {"tax_codes", {{"VAT", "7"}}}}),
                         "/tax_codes: tax codes are used only with \"tax_mode\": \"tax_codes\""));
    EXPECT_TRUE(contains(rejection({{"tax_mode", "tax_codes"}}), "/tax_codes: with \"tax_mode\": \"tax_codes\" every tax must map"));
}

TEST(QboInvoiceRulesConfig, default_product_and_connector_fee_item_exclude_each_other) {
    const std::string text =
        rejection({{"tax_mode", "us_automated"}, {"fees", {{"default_product", "1"}, {"use_connector_fee_item", true}}}});
    EXPECT_TRUE(contains(text, "/fees/use_connector_fee_item: cannot be true together with default_product")) << text;
}

TEST(QboInvoiceRulesConfig, a_number_prefix_longer_than_10_characters_is_refused) {
    const std::string text = rejection({{"tax_mode", "us_automated"}, {"invoice_numbers", {{"prefix", "HUBSPOT-INV-"}}}});
    EXPECT_TRUE(contains(text, "/invoice_numbers/prefix: \"HUBSPOT-INV-\" has 12 characters; a prefix has at most 10")) << text;
    EXPECT_EQ(rejection({{"tax_mode", "us_automated"}, {"invoice_numbers", {{"prefix", "HUBSPOT-IN"}}}}), "(accepted)");
}

TEST(QboInvoiceRulesConfig, an_unknown_key_of_invoice_numbers_is_refused) {
    const std::string text = rejection({{"tax_mode", "us_automated"}, {"invoice_numbers", {{"prefx", "HS-"}}}});
    EXPECT_TRUE(contains(text, "/invoice_numbers/prefx: unknown key; did you mean \"prefix\"?")) << text;
    EXPECT_TRUE(contains(rejection({{"tax_mode", "us_automated"}, {"invoice_numbers", {{"prefix", 7}}}}), "/invoice_numbers/prefix"));
}

}  // namespace
