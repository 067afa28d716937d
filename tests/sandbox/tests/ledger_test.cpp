// The QBO business rules at model level: what a Ledger operation stores and refuses.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <ledgersync/sdk/json.hpp>

#include "qbo/payment_application.hpp"
#include "support/model_fixture.hpp"

namespace ledgersync::sandbox::testing {
namespace {

using ::testing::HasSubstr;

constexpr const char* kInvoice = R"({"CustomerRef":{"value":"1"},"Line":[
    {"DetailType":"SalesItemLineDetail","Amount":100.0,"SalesItemLineDetail":{"ItemRef":{"value":"2"},"Qty":2,"UnitPrice":50}},
    {"DetailType":"SalesItemLineDetail","Amount":19.99,"SalesItemLineDetail":{"ItemRef":{"value":"3"}}}]})";

using QboLedger = QboModelTest;

TEST_F(QboLedger, created_invoice_has_computed_totals_subtotal_line_and_first_sync_token) {
    const auto invoice = create("Invoice", kInvoice);
    EXPECT_EQ(invoice["SyncToken"], "0");
    EXPECT_EQ(dec(invoice["TotalAmt"]), dec("119.99"));
    EXPECT_EQ(dec(invoice["Balance"]), dec("119.99"));
    ASSERT_EQ(invoice["Line"].size(), 3u);
    EXPECT_EQ(invoice["Line"][2]["DetailType"], "SubTotalLineDetail");
    EXPECT_EQ(dec(invoice["Line"][2]["Amount"]), dec("119.99"));
    EXPECT_EQ(invoice["Line"][0]["Id"], "1");
    EXPECT_EQ(invoice["Line"][1]["LineNum"], 2);
    EXPECT_EQ(invoice["CustomerRef"]["name"], "Amy's Bird Sanctuary");
    EXPECT_EQ(invoice["Line"][0]["SalesItemLineDetail"]["ItemRef"]["name"], "Hours");
    EXPECT_EQ(invoice["MetaData"]["CreateTime"],
              "2025-03-10T10:30:00-07:00");  // after the DST switch
    EXPECT_EQ(invoice["TxnDate"], "2025-03-10");
    EXPECT_EQ(invoice["DueDate"], "2025-04-09");  // Net 30, the company's default terms
    EXPECT_EQ(invoice["DocNumber"], "1001");
    EXPECT_EQ(invoice["BillAddr"]["City"], "Bayshore");
}

TEST_F(QboLedger, renders_amounts_as_exact_json_numbers) {
    const auto invoice = create("Invoice", kInvoice);
    const std::string text = qbo::render(invoice);
    EXPECT_THAT(text, HasSubstr("\"TotalAmt\":119.99"));
    EXPECT_THAT(text, HasSubstr("\"Amount\":100.0"));
    EXPECT_THAT(text, HasSubstr("\"UnitPrice\":50"));
    EXPECT_THAT(text, HasSubstr("\"SyncToken\":\"0\""));
    EXPECT_TRUE(sdk::parse_json_exact(text).is_object());
}

TEST_F(QboLedger, refuses_amount_that_is_not_qty_times_unit_price) {
    EXPECT_EQ(fault_code([&] {
                  create(
                      "Invoice",
                      R"({"CustomerRef":{"value":"1"},"Line":[{"DetailType":"SalesItemLineDetail",
                      "Amount":120,"SalesItemLineDetail":{"ItemRef":{"value":"2"},"Qty":2,"UnitPrice":50}}]})");
              }),
              "6000");
    EXPECT_THAT(last_fault_detail_,
                HasSubstr("Amount is not equal to UnitPrice * Qty. Supplied value:120"));
}

TEST_F(QboLedger, accepts_qty_times_unit_price_rounded_half_up_to_cents) {
    const auto invoice = create(
        "Invoice", R"({"CustomerRef":{"value":"1"},"Line":[{"DetailType":"SalesItemLineDetail",
        "Amount":10.00,"SalesItemLineDetail":{"ItemRef":{"value":"2"},"Qty":3,"UnitPrice":3.333}}]})");
    EXPECT_EQ(dec(invoice["TotalAmt"]), dec("10.00"));  // 9.999 rounds half up to 10.00
}

TEST_F(QboLedger, refuses_two_discount_lines) {
    EXPECT_EQ(fault_code([&] {
                  create("Invoice", R"({"CustomerRef":{"value":"1"},"Line":[
                      {"DetailType":"SalesItemLineDetail","Amount":100,"SalesItemLineDetail":{"ItemRef":{"value":"1"}}},
                      {"DetailType":"DiscountLineDetail","Amount":5,"DiscountLineDetail":{"PercentBased":false}},
                      {"DetailType":"DiscountLineDetail","Amount":5,"DiscountLineDetail":{"PercentBased":false}}]})");
              }),
              "6000");
    EXPECT_THAT(last_fault_detail_, HasSubstr("Only one discount line"));
}

TEST_F(QboLedger, percent_discount_and_tax_after_discount_are_computed_exactly) {
    const auto invoice =
        create("Invoice", R"({"CustomerRef":{"value":"1"},"ApplyTaxAfterDiscount":true,
        "TxnTaxDetail":{"TxnTaxCodeRef":{"value":"2"}},"Line":[
        {"DetailType":"SalesItemLineDetail","Amount":50.00,"SalesItemLineDetail":{"ItemRef":{"value":"3"},"Qty":1,"UnitPrice":50}},
        {"DetailType":"DiscountLineDetail","DiscountLineDetail":{"PercentBased":true,"DiscountPercent":10}}]})");
    // Subtotal 50.00, discount 10% = 5.00, taxable 45.00 at 8% = 3.60, total 48.60.
    EXPECT_EQ(dec(invoice["Line"][2]["Amount"]), dec("5.00"));
    EXPECT_EQ(invoice["Line"][2]["DiscountLineDetail"]["DiscountAccountRef"]["name"],
              "Discounts given");
    EXPECT_EQ(dec(invoice["TxnTaxDetail"]["TotalTax"]), dec("3.60"));
    EXPECT_EQ(dec(invoice["TotalAmt"]), dec("48.60"));
}

TEST_F(QboLedger, update_with_stale_sync_token_is_5010_with_the_real_detail) {
    const auto invoice = create("Invoice", kInvoice);
    update("Invoice", R"({"Id":")" + invoice["Id"].get<std::string>() +
                          R"(","SyncToken":"0","sparse":true,"PrivateNote":"a"})");
    EXPECT_EQ(fault_code([&] {
                  update("Invoice", R"({"Id":")" + invoice["Id"].get<std::string>() +
                                        R"(","SyncToken":"0","sparse":true,"PrivateNote":"b"})");
              }),
              "5010");
    EXPECT_EQ(last_fault_detail_,
              "Stale Object Error : You and root were working on this at the same time. root "
              "finished before you did, "
              "so your work was not saved.");
}

TEST_F(QboLedger, sparse_update_changes_only_given_fields_and_increments_sync_token) {
    const auto invoice = create("Invoice", kInvoice);
    const auto updated =
        update("Invoice", R"({"Id":")" + invoice["Id"].get<std::string>() +
                              R"(","SyncToken":"0","sparse":true,"DueDate":"2025-09-30"})");
    EXPECT_EQ(updated["SyncToken"], "1");
    EXPECT_EQ(updated["DueDate"], "2025-09-30");
    EXPECT_EQ(updated["Line"], invoice["Line"]);
    EXPECT_EQ(updated["DocNumber"], invoice["DocNumber"]);
}

TEST_F(QboLedger, full_update_clears_omitted_writable_fields) {
    const auto invoice =
        create("Invoice",
               R"({"CustomerRef":{"value":"1"},"PrivateNote":"note","CustomerMemo":{"value":"memo"},
        "Line":[{"DetailType":"SalesItemLineDetail","Amount":10,"SalesItemLineDetail":{"ItemRef":{"value":"1"}}}]})");
    const auto updated =
        update("Invoice", R"({"Id":")" + invoice["Id"].get<std::string>() + R"(","SyncToken":"0",
        "CustomerRef":{"value":"1"},"Line":[{"Id":"1","DetailType":"SalesItemLineDetail","Amount":15,
        "SalesItemLineDetail":{"ItemRef":{"value":"1"}}}]})");
    EXPECT_FALSE(updated.contains("PrivateNote"));
    EXPECT_FALSE(updated.contains("CustomerMemo"));
    EXPECT_EQ(dec(updated["TotalAmt"]), dec("15"));
    EXPECT_EQ(updated["Line"][0]["Id"], "1");
}

TEST_F(QboLedger, payment_linked_to_invoice_reduces_balance_and_links_both_ways) {
    const auto invoice = create("Invoice", kInvoice);
    const std::string invoice_id = invoice["Id"];
    const auto payment =
        create("Payment", R"({"TotalAmt":25,"CustomerRef":{"value":"1"},"Line":[{"Amount":25,
        "LinkedTxn":[{"TxnId":")" +
                              invoice_id + R"(","TxnType":"Invoice"}]}]})");
    EXPECT_EQ(dec(payment["UnappliedAmt"]), dec("0"));
    EXPECT_EQ(payment["DepositToAccountRef"]["value"], "4");  // Undeposited Funds
    const auto after = read("Invoice", invoice_id);
    EXPECT_EQ(dec(after["Balance"]), dec("94.99"));
    EXPECT_EQ(after["SyncToken"], "1");
    ASSERT_EQ(after["LinkedTxn"].size(), 1u);
    EXPECT_EQ(after["LinkedTxn"][0]["TxnType"], "Payment");
    EXPECT_EQ(after["LinkedTxn"][0]["TxnId"], payment["Id"]);
    EXPECT_EQ(dec(read("Customer", "1")["Balance"]), dec("94.99"));
}

TEST_F(QboLedger, payment_larger_than_the_open_balance_is_refused) {
    const auto invoice = create("Invoice", kInvoice);
    EXPECT_EQ(fault_code([&] {
                  create("Payment",
                         R"({"TotalAmt":500,"CustomerRef":{"value":"1"},"Line":[{"Amount":500,
                      "LinkedTxn":[{"TxnId":")" +
                             invoice["Id"].get<std::string>() + R"(","TxnType":"Invoice"}]}]})");
              }),
              "6000");
}

TEST_F(QboLedger, unlinked_payment_is_all_unapplied) {
    const auto payment = create("Payment", R"({"TotalAmt":100,"CustomerRef":{"value":"1"}})");
    EXPECT_EQ(dec(payment["UnappliedAmt"]), dec("100"));
    EXPECT_EQ(dec(read("Customer", "1")["Balance"]), dec("-100"));
}

TEST_F(QboLedger, voiding_an_invoice_zeroes_it_and_unapplies_its_payments) {
    const auto invoice = create("Invoice", kInvoice);
    const std::string id = invoice["Id"];
    const auto payment =
        create("Payment", R"({"TotalAmt":30,"CustomerRef":{"value":"1"},"Line":[{"Amount":30,
        "LinkedTxn":[{"TxnId":")" +
                              id + R"(","TxnType":"Invoice"}]}]})");
    const auto current = read("Invoice", id);
    const auto voided = run([&](qbo::Ledger& l) {
        return l.void_transaction(qbo::kind("Invoice"),
                                  {{"Id", id}, {"SyncToken", current["SyncToken"]}});
    });
    ASSERT_FALSE(last_events_.empty());
    EXPECT_EQ(last_events_.back().operation, "Void");
    EXPECT_EQ(dec(voided["TotalAmt"]), dec("0"));
    EXPECT_EQ(dec(voided["Balance"]), dec("0"));
    EXPECT_EQ(voided["PrivateNote"], "Voided");
    EXPECT_TRUE(voided["LinkedTxn"].empty());
    for (const auto& line : voided["Line"]) {
        EXPECT_EQ(dec(line["Amount"]), dec("0"));
        EXPECT_NE(line["DetailType"], "SubTotalLineDetail");
    }
    const auto unapplied = read("Payment", payment["Id"]);
    EXPECT_EQ(dec(unapplied["UnappliedAmt"]), dec("30"));
    EXPECT_EQ(dec(unapplied["TotalAmt"]), dec("30"));
    EXPECT_TRUE(unapplied["Line"].empty());
}

TEST_F(QboLedger, voiding_a_payment_restores_the_invoice_balance) {
    const auto invoice = create("Invoice", kInvoice);
    const std::string id = invoice["Id"];
    const auto payment =
        create("Payment", R"({"TotalAmt":19.99,"CustomerRef":{"value":"1"},"Line":[{"Amount":19.99,
        "LinkedTxn":[{"TxnId":")" +
                              id + R"(","TxnType":"Invoice"}]}]})");
    const auto voided = run([&](qbo::Ledger& l) {
        return l.update(qbo::kind("Payment"),
                        {{"Id", payment["Id"]}, {"SyncToken", "0"}, {"sparse", true}}, true);
    });
    EXPECT_EQ(dec(voided["TotalAmt"]), dec("0"));
    EXPECT_EQ(voided["PrivateNote"], "Voided");
    const auto after = read("Invoice", id);
    EXPECT_EQ(dec(after["Balance"]), dec("119.99"));
    EXPECT_TRUE(after["LinkedTxn"].empty());
}

TEST_F(QboLedger, deleting_a_payment_restores_the_invoice_balance_and_leaves_a_stub) {
    const auto invoice = create("Invoice", kInvoice);
    const std::string id = invoice["Id"];
    const auto payment =
        create("Payment", R"({"TotalAmt":10,"CustomerRef":{"value":"1"},"Line":[{"Amount":10,
        "LinkedTxn":[{"TxnId":")" +
                              id + R"(","TxnType":"Invoice"}]}]})");
    const auto deleted = run([&](qbo::Ledger& l) {
        return l.remove(qbo::kind("Payment"), {{"Id", payment["Id"]}, {"SyncToken", "0"}});
    });
    EXPECT_EQ(deleted,
              (nlohmann::json{{"status", "Deleted"}, {"domain", "QBO"}, {"Id", payment["Id"]}}));
    EXPECT_EQ(dec(read("Invoice", id)["Balance"]), dec("119.99"));
    EXPECT_EQ(fault_code([&] { read("Payment", payment["Id"]); }), "610");
    EXPECT_THAT(last_fault_detail_, HasSubstr("Another user has deleted this transaction"));
}

TEST_F(QboLedger, display_name_is_unique_across_customers_vendors_and_employees) {
    EXPECT_EQ(fault_code([&] { create("Vendor", R"({"DisplayName":"amy's bird sanctuary"})"); }),
              "6240");
    EXPECT_EQ(last_fault_detail_,
              "The name supplied already exists. : Another customer, vendor or employee is already "
              "using this name. "
              "Please use a different name.");
    EXPECT_EQ(fault_code([&] { create("Customer", R"({"DisplayName":"Stripe"})"); }),
              "6240");  // a seeded vendor
    EXPECT_EQ(
        fault_code([&] { create("Employee", R"({"GivenName":"Cool","FamilyName":"Cars"})"); }),
        "6240");
    EXPECT_EQ(fault_code([&] { create("Customer", R"({"DisplayName":"Cool Cars 2"})"); }), "");
}

TEST_F(QboLedger, duplicate_doc_number_is_6140_only_with_custom_transaction_numbers) {
    create(
        "Invoice",
        R"({"DocNumber":"INV-7","CustomerRef":{"value":"1"},"Line":[{"DetailType":"SalesItemLineDetail",
        "Amount":1,"SalesItemLineDetail":{"ItemRef":{"value":"1"}}}]})");
    const std::string again =
        R"({"DocNumber":"INV-7","CustomerRef":{"value":"1"},"Line":[{"DetailType":"SalesItemLineDetail",
        "Amount":1,"SalesItemLineDetail":{"ItemRef":{"value":"1"}}}]})";
    EXPECT_EQ(fault_code([&] { create("Invoice", again); }), "");  // preference off: allowed
    const auto prefs = read("Preferences", "1");
    update(
        "Preferences", R"({"Id":"1","SyncToken":")" + prefs["SyncToken"].get<std::string>() +
                           R"(","sparse":true,"SalesFormsPrefs":)" +
                           [&] {
                               auto forms = prefs["SalesFormsPrefs"];
                               forms["CustomTxnNumbers"] = true;
                               return forms.dump();
                           }() +
                           "}");
    EXPECT_EQ(fault_code([&] { create("Invoice", again); }), "6140");
    EXPECT_THAT(last_fault_detail_,
                HasSubstr("DocNumber=INV-7 is assigned to TxnType=Invoice with TxnId=1"));
}

TEST_F(QboLedger, doc_number_longer_than_21_characters_is_refused) {
    EXPECT_EQ(fault_code([&] {
                  create(
                      "Invoice",
                      R"({"DocNumber":"0123456789012345678901","CustomerRef":{"value":"1"},"Line":[
                      {"DetailType":"SalesItemLineDetail","Amount":1,"SalesItemLineDetail":{"ItemRef":{"value":"1"}}}]})");
              }),
              "6000");
}

TEST_F(QboLedger, unknown_reference_is_2500_and_inactive_one_is_610) {
    EXPECT_EQ(fault_code([&] {
                  create(
                      "Invoice",
                      R"({"CustomerRef":{"value":"999"},"Line":[{"DetailType":"SalesItemLineDetail",
                      "Amount":1,"SalesItemLineDetail":{"ItemRef":{"value":"1"}}}]})");
              }),
              "2500");
    const auto customer = read("Customer", "3");
    update("Customer", R"({"Id":"3","SyncToken":")" + customer["SyncToken"].get<std::string>() +
                           R"(","sparse":true,"Active":false})");
    EXPECT_EQ(fault_code([&] {
                  create(
                      "Invoice",
                      R"({"CustomerRef":{"value":"3"},"Line":[{"DetailType":"SalesItemLineDetail",
                      "Amount":1,"SalesItemLineDetail":{"ItemRef":{"value":"1"}}}]})");
              }),
              "610");
    EXPECT_EQ(fault_code([&] {
                  create(
                      "Invoice",
                      R"({"CustomerRef":{"value":"1"},"Line":[{"DetailType":"SalesItemLineDetail",
                      "Amount":1,"SalesItemLineDetail":{"ItemRef":{"value":"777"}}}]})");
              }),
              "2500");
}

TEST_F(QboLedger, missing_line_and_customer_are_2020) {
    EXPECT_EQ(fault_code([&] { create("Invoice", R"({"CustomerRef":{"value":"1"}})"); }), "2020");
    EXPECT_EQ(last_fault_detail_, "Required parameter Line is missing in the request");
    EXPECT_EQ(fault_code([&] {
                  create("Invoice", R"({"Line":[{"DetailType":"SalesItemLineDetail","Amount":1,
                      "SalesItemLineDetail":{"ItemRef":{"value":"1"}}}]})");
              }),
              "2020");
}

TEST_F(QboLedger, non_number_amount_and_malformed_json_are_2010) {
    EXPECT_EQ(fault_code([&] { (void)qbo::parse_request_body(R"({"TotalAmt":"ten"})"); }), "2010");
    EXPECT_EQ(fault_code([&] { (void)qbo::parse_request_body(R"({"TotalAmt": )"); }), "2010");
    EXPECT_EQ(fault_code([&] { (void)qbo::parse_request_body("[]"); }), "2010");
}

TEST_F(QboLedger, name_list_entities_cannot_be_deleted) {
    EXPECT_EQ(fault_code([&] {
                  run([&](qbo::Ledger& l) {
                      return l.remove(qbo::kind("Customer"), {{"Id", "1"}, {"SyncToken", "0"}});
                  });
              }),
              "500");
}

TEST_F(QboLedger, multicurrency_fixes_the_customer_currency) {
    seed({{"customers", true}, {"multicurrency", true}});
    const auto customer =
        create("Customer", R"({"DisplayName":"Euro GmbH","CurrencyRef":{"value":"EUR"}})");
    const std::string id = customer["Id"];
    const std::string lines = R"("Line":[{"DetailType":"SalesItemLineDetail","Amount":10,
        "SalesItemLineDetail":{"ItemRef":{"value":"1"}}}])";
    EXPECT_EQ(fault_code([&] {
                  create("Invoice", R"({"CustomerRef":{"value":")" + id +
                                        R"("},"CurrencyRef":{"value":"USD"},)" + lines + "}");
              }),
              "6000");
    const auto invoice = create(
        "Invoice", R"({"CustomerRef":{"value":")" + id + R"("},"ExchangeRate":1.1,)" + lines + "}");
    EXPECT_EQ(invoice["CurrencyRef"]["value"], "EUR");
    EXPECT_EQ(dec(invoice["HomeTotalAmt"]), dec("11"));
    EXPECT_EQ(fault_code([&] {
                  update("Customer",
                         R"({"Id":")" + id +
                             R"(","SyncToken":"0","sparse":true,"CurrencyRef":{"value":"GBP"}})");
              }),
              "6000");
}

TEST_F(QboLedger, foreign_currency_without_multicurrency_is_refused) {
    EXPECT_EQ(fault_code([&] {
                  create("Invoice",
                         R"({"CustomerRef":{"value":"1"},"CurrencyRef":{"value":"EUR"},"Line":[
                      {"DetailType":"SalesItemLineDetail","Amount":1,"SalesItemLineDetail":{"ItemRef":{"value":"1"}}}]})");
              }),
              "6000");
}

TEST_F(QboLedger, custom_fields_follow_the_company_definitions) {
    const auto invoice = create("Invoice", R"({"CustomerRef":{"value":"1"},"CustomField":[
        {"DefinitionId":"1","StringValue":"PO-42","Type":"StringType"},{"DefinitionId":"9","StringValue":"dropped"}],
        "Line":[{"DetailType":"SalesItemLineDetail","Amount":1,"SalesItemLineDetail":{"ItemRef":{"value":"1"}}}]})");
    ASSERT_EQ(invoice["CustomField"].size(), 1u);
    EXPECT_EQ(invoice["CustomField"][0], (nlohmann::json{{"DefinitionId", "1"},
                                                         {"Name", "Crew #"},
                                                         {"Type", "StringType"},
                                                         {"StringValue", "PO-42"}}));
}

TEST_F(QboLedger, purchase_totals_its_expense_lines) {
    const auto purchase = create("Purchase", R"({"PaymentType":"Cash","AccountRef":{"value":"91"},
        "EntityRef":{"value":"1","type":"Vendor"},"Line":[{"DetailType":"AccountBasedExpenseLineDetail","Amount":2.90,
        "AccountBasedExpenseLineDetail":{"AccountRef":{"value":"90"}}},{"DetailType":"AccountBasedExpenseLineDetail",
        "Amount":0.30,"AccountBasedExpenseLineDetail":{"AccountRef":{"value":"90"}}}]})");
    EXPECT_EQ(dec(purchase["TotalAmt"]), dec("3.20"));
    EXPECT_EQ(purchase["EntityRef"]["name"], "Stripe");
    EXPECT_EQ(fault_code([&] {
                  create("Purchase",
                         R"({"PaymentType":"CreditCard","AccountRef":{"value":"91"},"Line":[]})");
              }),
              "6000");
}

TEST_F(QboLedger, a_failed_operation_leaves_the_company_untouched) {
    const auto invoice = create("Invoice", kInvoice);
    const std::string before = qbo::render(read("Invoice", invoice["Id"]));
    // Valid first link, invalid second: nothing of the payment may stick.
    EXPECT_EQ(fault_code([&] {
                  create("Payment", R"({"TotalAmt":20,"CustomerRef":{"value":"1"},"Line":[
                      {"Amount":10,"LinkedTxn":[{"TxnId":")" +
                                        invoice["Id"].get<std::string>() +
                                        R"(","TxnType":"Invoice"}]},
                      {"Amount":10,"LinkedTxn":[{"TxnId":"999","TxnType":"Invoice"}]}]})");
              }),
              "2500");
    EXPECT_EQ(qbo::render(read("Invoice", invoice["Id"])), before);
    EXPECT_TRUE(store_->entities("Payment").empty());
}

TEST_F(QboLedger, send_marks_the_invoice_emailed) {
    const auto invoice = create("Invoice", kInvoice);
    const auto sent = run([&](qbo::Ledger& l) {
        return l.send(qbo::kind("Invoice"), invoice["Id"], "ap@example.com");
    });
    EXPECT_EQ(sent["EmailStatus"], "EmailSent");
    EXPECT_EQ(sent["BillEmail"]["Address"], "ap@example.com");
    EXPECT_EQ(sent["DeliveryInfo"]["DeliveryType"], "Email");
    ASSERT_FALSE(last_events_.empty());
    EXPECT_EQ(last_events_.back().operation, "Emailed");
}

}  // namespace
}  // namespace ledgersync::sandbox::testing
