// Invoice rules as HubSpot applies them: draft -> open needs one contact and a line item and
// assigns the number; totals follow lines, discounts, fees, taxes (in that order) and payments,
// in exact decimals; line item prices cannot be negative; line items have one parent; paid and
// voided invoices cannot be deleted.

#include <gtest/gtest.h>

#include "support/hubspot_client.hpp"

namespace ledgersync::sandbox::testing {
namespace {

class HubSpotInvoiceHttp : public ::testing::Test {
protected:
    std::string contact() {
        return hubspot_.api("GET", "/crm/v3/objects/contacts/alan@example.com?idProperty=email")
            .json["id"];
    }
    std::string line(const std::string& price, const std::string& quantity,
                     const nlohmann::json& extra = nlohmann::json::object()) {
        nlohmann::json properties = {{"name", "Line"}, {"price", price}, {"quantity", quantity}};
        properties.update(extra);
        return hubspot_.create("line_items", properties)["id"];
    }
    std::string draft(const nlohmann::json& associations = nlohmann::json::array()) {
        return hubspot_.create("invoices", {{"hs_currency", "EUR"}}, associations)["id"];
    }
    nlohmann::json invoice(const std::string& id) {
        return hubspot_
            .api("GET", "/crm/v3/objects/invoices/" + id +
                            "?properties=hs_invoice_status,hs_number,hs_subtotal,"
                            "hs_amount_billed,hs_balance_due,hs_amount_paid,hs_total_discounts,"
                            "hs_total_fees,hs_total_taxes")
            .json["properties"];
    }
    ApiResult set_status(const std::string& id, const std::string& status) {
        return hubspot_.api("PATCH", "/crm/v3/objects/invoices/" + id,
                            {{"properties", {{"hs_invoice_status", status}}}});
    }
    std::string adjustment(const std::string& type, const std::string& kind,
                           const std::string& value, int order) {
        return hubspot_.create(type, {{"hs_label", type},
                                      {"hs_type", kind},
                                      {"hs_value", value},
                                      {"hs_sort_order", order}})["id"];
    }
    HubSpotSandbox hubspot_;
};

TEST_F(HubSpotInvoiceHttp, finalizing_needs_one_contact_and_a_line_item) {
    const std::string id = draft();
    const auto refused = set_status(id, "open");
    ASSERT_EQ(refused.status, 400) << refused.body;
    EXPECT_NE(refused.json["message"].get<std::string>().find("exactly one associated contact"),
              std::string::npos);
    EXPECT_EQ(invoice(id)["hs_invoice_status"], "draft");

    ASSERT_EQ(hubspot_
                  .api("PUT", "/crm/v4/objects/invoices/" + id + "/associations/default/contacts/" +
                                  contact())
                  .status,
              200);
    EXPECT_EQ(set_status(id, "open").status, 400);  // still no line item
    ASSERT_EQ(hubspot_
                  .api("PUT", "/crm/v4/objects/invoices/" + id +
                                  "/associations/default/line_items/" + line("10", "1"))
                  .status,
              200);
    const auto opened = set_status(id, "open");
    ASSERT_EQ(opened.status, 200) << opened.body;
    const auto props = invoice(id);
    EXPECT_EQ(props["hs_invoice_status"], "open");
    EXPECT_EQ(props["hs_number"].get<std::string>().rfind("INV-", 0), 0u);
    EXPECT_EQ(set_status(id, "draft").status, 400);
}

TEST_F(HubSpotInvoiceHttp, totals_apply_discounts_then_fees_then_taxes_exactly) {
    // Lines: 3 x 19.99 = 59.97; 2 x (10.00 - 1.00 unit discount) = 18.00; 1 x 0.10 less 10% =
    // 0.09. Subtotal 78.06. Discounts: 10% -> 7.81 (7.806), then 5.00 fixed -> 65.25.
    // Fees: 2.50 fixed + 1% of 65.25 = 0.65 (0.6525) -> 3.15. Taxes: 8.25% of 68.40 = 5.64
    // (5.643). Billed 74.04.
    const std::string id = draft(nlohmann::json::array(
        {HubSpotSandbox::to(line("19.99", "3"), 409),
         HubSpotSandbox::to(line("10.00", "2", {{"discount", "1.00"}}), 409),
         HubSpotSandbox::to(line("0.10", "1", {{"hs_discount_percentage", "10"}}), 409),
         HubSpotSandbox::to(adjustment("discounts", "PERCENT", "10", 1), 411),
         HubSpotSandbox::to(adjustment("discounts", "FIXED", "5.00", 2), 411),
         HubSpotSandbox::to(adjustment("fees", "FIXED", "2.50", 1), 413),
         HubSpotSandbox::to(adjustment("fees", "PERCENT", "1", 2), 413),
         HubSpotSandbox::to(adjustment("taxes", "PERCENT", "8.25", 1), 415),
         HubSpotSandbox::to(contact(), 177)}));
    const auto p = invoice(id);
    EXPECT_EQ(p["hs_subtotal"], "78.06");
    EXPECT_EQ(p["hs_total_discounts"], "12.81");
    EXPECT_EQ(p["hs_total_fees"], "3.15");
    EXPECT_EQ(p["hs_total_taxes"], "5.64");
    EXPECT_EQ(p["hs_amount_billed"], "74.04");
    EXPECT_EQ(p["hs_balance_due"], "74.04");
}

TEST_F(HubSpotInvoiceHttp, payments_reduce_the_balance_and_mark_it_paid) {
    const std::string id = draft(nlohmann::json::array(
        {HubSpotSandbox::to(line("100.00", "1"), 409), HubSpotSandbox::to(contact(), 177)}));
    ASSERT_EQ(set_status(id, "open").status, 200);
    const auto payment = [&](const std::string& amount) {
        return hubspot_
            .create("commerce_payments",
                    {{"hs_initial_amount", amount},
                     {"hs_initiated_date", "2025-03-01T12:00:00Z"},
                     {"hs_latest_status", "succeeded"},
                     {"hs_processor_type", "quickbooks"}},
                    nlohmann::json::array({HubSpotSandbox::to(id, 542)}))["id"]
            .get<std::string>();
    };
    payment("40.01");
    auto p = invoice(id);
    EXPECT_EQ(p["hs_amount_paid"], "40.01");
    EXPECT_EQ(p["hs_balance_due"], "59.99");
    EXPECT_EQ(p["hs_invoice_status"], "open");
    const std::string last = payment("59.99");
    p = invoice(id);
    EXPECT_EQ(p["hs_balance_due"], "0.00");
    EXPECT_EQ(p["hs_invoice_status"], "paid");
    EXPECT_EQ(set_status(id, "voided").status, 400);
    EXPECT_EQ(hubspot_.api("DELETE", "/crm/v3/objects/invoices/" + id).status, 400);
    // A refund reopens it.
    ASSERT_EQ(
        hubspot_
            .api("PATCH", "/crm/v3/objects/commerce_payments/" + last,
                 {{"properties",
                   {{"hs_refunds_amount", "20.00"}, {"hs_latest_status", "partially_refunded"}}}})
            .status,
        200);
    p = invoice(id);
    EXPECT_EQ(p["hs_balance_due"], "20.00");
    EXPECT_EQ(p["hs_invoice_status"], "open");
    EXPECT_EQ(set_status(id, "paid").status, 400);  // paid follows payments, not the API
}

TEST_F(HubSpotInvoiceHttp, line_item_price_cannot_be_negative) {
    const auto r = hubspot_.api("POST", "/crm/v3/objects/line_items",
                                {{"properties", {{"name", "Credit"}, {"price", "-5.00"}}}});
    ASSERT_EQ(r.status, 400);
    EXPECT_EQ(r.json["errors"][0]["code"], "INVALID_LINE_ITEM_PRICE");
}

TEST_F(HubSpotInvoiceHttp, a_line_item_belongs_to_one_parent) {
    const std::string shared = line("5", "1");
    const std::string first = draft(nlohmann::json::array({HubSpotSandbox::to(shared, 409)}));
    const auto second =
        hubspot_.api("POST", "/crm/v3/objects/invoices",
                     {{"properties", {{"hs_currency", "EUR"}}},
                      {"associations", nlohmann::json::array({HubSpotSandbox::to(shared, 409)})}});
    ASSERT_EQ(second.status, 400) << second.body;
    EXPECT_NE(second.json["message"].get<std::string>().find("exactly one parent"),
              std::string::npos);
    const std::string other = draft();
    const auto put = hubspot_.api(
        "PUT", "/crm/v4/objects/line_items/" + shared + "/associations/default/invoices/" + other);
    EXPECT_EQ(put.status, 400);
    (void)first;
}

TEST_F(HubSpotInvoiceHttp, void_and_delete_rules) {
    const std::string id = draft(nlohmann::json::array(
        {HubSpotSandbox::to(line("7.50", "2"), 409), HubSpotSandbox::to(contact(), 177)}));
    ASSERT_EQ(set_status(id, "open").status, 200);
    EXPECT_EQ(hubspot_.api("DELETE", "/crm/v3/objects/invoices/" + id).status, 400);
    const auto voided = set_status(id, "voided");
    ASSERT_EQ(voided.status, 200) << voided.body;
    EXPECT_EQ(invoice(id)["hs_balance_due"], "0.00");
    EXPECT_EQ(set_status(id, "open").status, 400);
    EXPECT_EQ(hubspot_.api("DELETE", "/crm/v3/objects/invoices/" + id).status, 400);
    const std::string removable = draft();
    EXPECT_EQ(hubspot_.api("DELETE", "/crm/v3/objects/invoices/" + removable).status, 204);
}

TEST_F(HubSpotInvoiceHttp, seeded_account_has_an_invoice_in_every_status) {
    for (const std::string status : {"draft", "open", "paid", "voided"}) {
        const auto r = hubspot_.api("POST", "/crm/v3/objects/invoices/search",
                                    {{"filterGroups",
                                      {{{"filters",
                                         {{{"propertyName", "hs_invoice_status"},
                                           {"operator", "EQ"},
                                           {"value", status}}}}}}},
                                     {"properties", {"hs_amount_billed", "hs_balance_due"}}});
        ASSERT_EQ(r.status, 200) << r.body;
        EXPECT_EQ(r.json["total"], 1) << status;
    }
}

}  // namespace
}  // namespace ledgersync::sandbox::testing
