// Invoice-level discounts, fees and taxes: read in HubSpot's order (discounts, then fees, then
// taxes) into canonical invoices whose totals are HubSpot's amount billed, or refused with both
// figures; and canonical invoices written as line items, discounts, fees and taxes.

#include <gtest/gtest.h>

#include <ledgersync/sdk.hpp>

#include "adjustments.hpp"
#include "hubspot_test_support.hpp"

namespace ledgersync::connectors::hubspot {
namespace {

using nlohmann::json;
using testing::crm_object;
using testing::kCustomProperties;

/// An open invoice of two line items worth 319.90, with `adjustments` associated (type -> ids)
/// and billing `billed`.
json invoice_with(const std::map<std::string, std::vector<std::string>>& adjustments, const std::string& billed) {
    std::map<std::string, std::vector<std::string>> associations = {{"line_items", {"6001", "6002"}}, {"contacts", {"7001"}}};
    associations.insert(adjustments.begin(), adjustments.end());
    return crm_object("5001",
                      {{"hs_invoice_status", "open"}, {"hs_number", "INV-1001"}, {"hs_currency", "USD"},
                       {"hs_invoice_date", "2026-11-18T00:00:00.000Z"}, {"hs_amount_billed", billed}, {"hs_amount_paid", "0"},
                       {"hs_balance_due", billed}},
                      associations);
}

json adjustment(const std::string& id, const std::string& label, const std::string& type, const std::string& value,
                const std::string& sort_order = "0") {
    return crm_object(id, {{"hs_label", label}, {"hs_type", type}, {"hs_value", value}, {"hs_sort_order", sort_order}});
}

RelatedObjects related() {
    RelatedObjects r;
    r.line_items["6001"] = crm_object("6001", {{"name", "Consulting"}, {"quantity", "2"}, {"price", "150.00"}, {"amount", "300.00"}});
    r.line_items["6002"] = crm_object("6002", {{"name", "Licence"}, {"quantity", "1"}, {"price", "19.90"}, {"amount", "19.90"}});
    r.discounts["7101"] = adjustment("7101", "Loyalty", "PERCENT", "10");
    r.discounts["7102"] = adjustment("7102", "Voucher", "FIXED", "20.00", "1");
    r.fees["7201"] = adjustment("7201", "Shipping", "FIXED", "5.00");
    r.taxes["7301"] = adjustment("7301", "Sales tax", "PERCENT", "8.25");
    return r;
}

void expect_valid(const json& body) {
    const auto problems = sdk::model::Invoice::validate_json(body);
    EXPECT_TRUE(problems.empty()) << problems.to_string() << "\n" << body.dump(2);
}

TEST(HubSpotAdjustments, a_discount_a_fee_and_a_tax_apply_in_hubspots_order_and_total_the_amount_billed) {
    // 319.90 - 10% (31.99) = 287.91; + 5.00 fee = 292.91; + 8.25% tax of 292.91 (24.17) = 317.08.
    const json invoice = invoice_with({{"discounts", {"7101"}}, {"fees", {"7201"}}, {"taxes", {"7301"}}}, "317.08");
    const sdk::Record record = invoice_record(invoice, related(), "contact", kCustomProperties);
    const json& body = record.body;
    ASSERT_EQ(body["lines"].size(), 4u) << body.dump(2);
    EXPECT_EQ(body["lines"][2], (json{{"id", "7201"}, {"kind", "fee"}, {"description", "Shipping"}, {"amount", "5.00"}}));
    EXPECT_EQ(body["lines"][3], (json{{"id", "7301"}, {"kind", "tax"}, {"description", "Sales tax"}, {"amount", "24.17"},
                                      {"comment", "8.25% of 292.91"}}));
    // The canonical percentage would apply to the subtotal with the fee: the amount stands instead.
    EXPECT_EQ(body["discount"], (json{{"amount", "31.99"}}));
    EXPECT_EQ(body["totals"]["subtotal"], "324.90");
    EXPECT_EQ(body["totals"]["discount"], "31.99");
    EXPECT_EQ(body["totals"]["tax"], "24.17");
    EXPECT_EQ(body["totals"]["total"], "317.08");
    expect_valid(body);
}

TEST(HubSpotAdjustments, one_percentage_discount_without_fees_stays_a_percentage_and_several_discounts_are_discount_lines) {
    const sdk::Record one = invoice_record(invoice_with({{"discounts", {"7101"}}}, "287.91"), related(), "contact", kCustomProperties);
    EXPECT_EQ(one.body["discount"], (json{{"percent", "10"}}));
    EXPECT_EQ(one.body["totals"]["total"], "287.91");
    expect_valid(one.body);

    // Sort order first: 10% of 319.90 (31.99), then 20.00 of what is left.
    const sdk::Record two = invoice_record(invoice_with({{"discounts", {"7102", "7101"}}}, "267.91"), related(), "contact", kCustomProperties);
    EXPECT_FALSE(two.body.contains("discount"));
    ASSERT_EQ(two.body["lines"].size(), 4u);
    EXPECT_EQ(two.body["lines"][2], (json{{"id", "7101"}, {"kind", "discount"}, {"description", "Loyalty"}, {"amount", "-31.99"},
                                          {"comment", "10% of 319.90"}}));
    EXPECT_EQ(two.body["lines"][3]["amount"], "-20.00");
    EXPECT_EQ(two.body["totals"]["total"], "267.91");
    expect_valid(two.body);
}

TEST(HubSpotAdjustments, a_total_other_than_hubspots_amount_billed_is_refused_with_both_figures) {
    try {
        invoice_record(invoice_with({{"fees", {"7201"}}}, "330.00"), related(), "contact", kCustomProperties);
        FAIL() << "accepted";
    } catch (const TranslationError& e) {
        const std::string reason = e.what();
        EXPECT_NE(reason.find("invoice 5001"), std::string::npos) << reason;
        EXPECT_NE(reason.find("324.90 USD"), std::string::npos) << reason;
        EXPECT_NE(reason.find("HubSpot bills 330.00"), std::string::npos) << reason;
    }
    RelatedObjects odd = related();
    odd.fees["7201"]["properties"]["hs_type"] = "TIERED";
    try {
        invoice_record(invoice_with({{"fees", {"7201"}}}, "324.90"), odd, "contact", kCustomProperties);
        FAIL() << "accepted";
    } catch (const TranslationError& e) {
        EXPECT_NE(std::string(e.what()).find("fee 7201 has hs_type \"TIERED\""), std::string::npos) << e.what();
    }
    EXPECT_THROW(invoice_record(invoice_with({{"taxes", {"7399"}}}, "319.90"), related(), "contact", kCustomProperties), TranslationError);
}

TEST(HubSpotAdjustments, a_canonical_invoice_becomes_line_items_discounts_fees_and_taxes) {
    const json lines = json::array({{{"kind", "item"}, {"description", "Consulting"}, {"quantity", "2"}, {"unit_price", "150.00"}, {"amount", "300.00"}},
                                    {{"kind", "discount"}, {"description", "Loyalty"}, {"amount", "-10.00"}},
                                    {{"kind", "fee"}, {"description", "Shipping"}, {"comment", "UPS"}, {"amount", "5.00"}},
                                    {{"kind", "tax"}, {"description", "Sales tax"}, {"amount", "24.50"}}});
    json canonical = {{"currency", "USD"}, {"lines", lines}, {"discount", {{"percent", "10"}}},
                      {"totals", {{"subtotal", "295.00"}, {"discount", "29.50"}, {"tax", "24.50"}, {"total", "290.00"}}}};
    // The item line's product, resolved by the host to HubSpot product 9001.
    const auto children = invoice_children(canonical, "quickbooks/qbo/130", {{0, "9001"}});
    ASSERT_EQ(children.size(), 5u);
    EXPECT_EQ(children[0].type, "line_items");
    EXPECT_EQ(children[0].properties[kSourceIdProperty], "quickbooks/qbo/130#line1");
    EXPECT_EQ(children[0].properties["hs_product_id"], "9001");
    EXPECT_EQ(children[1].type, "discounts");
    EXPECT_EQ(children[1].properties, (json{{"hs_label", "Loyalty"}, {"hs_type", "FIXED"}, {"hs_value", "10"}, {"hs_sort_order", "1"},
                                            {kSourceIdProperty, "quickbooks/qbo/130#discount2"}}));
    EXPECT_EQ(children[2].type, "fees");
    EXPECT_EQ(children[2].properties["hs_label"], "Shipping - UPS");
    EXPECT_EQ(children[2].properties[kSourceIdProperty], "quickbooks/qbo/130#fee3");
    EXPECT_EQ(children[3].type, "taxes");
    EXPECT_EQ(children[3].properties["hs_value"], "24.5");
    // With a fee, HubSpot's base for a percentage differs: the source's amount is written.
    EXPECT_EQ(children[4].properties, (json{{"hs_label", "Discount 10%"}, {"hs_type", "FIXED"}, {"hs_value", "29.5"}, {"hs_sort_order", "4"},
                                            {kSourceIdProperty, "quickbooks/qbo/130#discount"}}));

    canonical["lines"].erase(2);
    const auto without_fee = invoice_children(canonical, "quickbooks/qbo/130", {});
    EXPECT_FALSE(without_fee[0].properties.contains("hs_product_id")) << "no product resolved: none written";
    EXPECT_EQ(without_fee.back().properties["hs_type"], "PERCENT");
    EXPECT_EQ(without_fee.back().properties["hs_value"], "10");

    json negative_tax = canonical;
    negative_tax["lines"][2]["amount"] = "-1.00";
    EXPECT_THROW(invoice_children(negative_tax, "x", {}), TranslationError);
    json positive_discount = canonical;
    positive_discount["lines"][1]["amount"] = "1.00";
    EXPECT_THROW(invoice_children(positive_discount, "x", {}), TranslationError);
}

}  // namespace
}  // namespace ledgersync::connectors::hubspot
