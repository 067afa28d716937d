// Payments and refunds into QuickBooks end to end (issue 14, points 1, 4, 6, 7): Stripe
// payments and refunds over the shipped routes, the payments commands and `invoices show`, with
// the HubSpot, QuickBooks and Stripe sandboxes and the `ledgersync run` process over real HTTP
// on 127.0.0.1 (fixture: payment_sync_fixture.hpp).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <utility>
#include <thread>

#include "api/admin/admin_tokens.hpp"
#include "http_request.hpp"
#include "payment_sync_fixture.hpp"

namespace ledgersync {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using testing::eventually;
using testing::InvoiceSync;
using testing::PaymentSync;
using testing::PaymentSyncOptions;
using testing::usd;
using testing::wait_for_qbo_invoice;

/// The entries of `shown` (objects show --json) with `event`.
std::size_t timeline_count(const json& shown, const std::string& event) {
    std::size_t n = 0;
    for (const auto& t : shown.value("timeline", json::array())) n += t.value("event", "") == event ? 1 : 0;
    return n;
}

/// Invoice "plain" (600.00) synced to QuickBooks and paid in full by card: the Stripe charge and
/// its QuickBooks payment's Id, or empty strings when either is not there in time.
std::pair<std::string, std::string> pay_plain_in_full(const PaymentSync& p) {
    const json invoice = wait_for_qbo_invoice(p.sync(), "plain");
    if (invoice.is_null()) return {};
    const std::string charge = p.pay(p.sync().invoice_id("plain"), "600.00");
    const std::vector<json> payments = p.wait_for_qbo_payments(invoice.at("Id"), 1);
    if (payments.size() != 1) return {};
    return {charge, payments.front().at("Id")};
}

/// The payment `object` in what `invoices show --json` printed, or null.
json shown_payment(const json& shown, const std::string& object) {
    for (const auto& p : shown.value("payments", json::array())) {
        if (p.value("object", "") == object) return p;
    }
    return nullptr;
}

TEST(PaymentSync, a_card_payment_on_a_synced_invoice_becomes_a_qbo_payment_linked_to_it_and_the_invoice_is_paid) {
    PaymentSync p;
    const json invoice = wait_for_qbo_invoice(p.sync(), "plain");
    ASSERT_FALSE(invoice.is_null()) << p.sync().log();
    const std::string hubspot_id = p.sync().invoice_id("plain");
    const std::string total = usd(invoice.at("TotalAmt"));
    ASSERT_EQ(total, "600.00");

    const std::string charge = p.pay(hubspot_id, total);
    const std::vector<json> payments = p.wait_for_qbo_payments(invoice.at("Id"), 1);
    ASSERT_EQ(payments.size(), 1u) << p.sync().cli({"objects", "show", "stripe/payment/" + charge}).out << p.sync().log();
    ASSERT_EQ(payments.size(), 1u);
    const json& payment = payments.front();
    EXPECT_EQ(usd(payment.at("TotalAmt")), "600.00");
    EXPECT_EQ(payment.at("DepositToAccountRef").value("value", ""), testing::kClearingAccount);
    EXPECT_EQ(payment.at("CustomerRef").value("value", ""), invoice.at("CustomerRef").value("value", "x"));
    EXPECT_THAT(payment.value("PrivateNote", ""), HasSubstr("stripe_charge: " + charge));
    EXPECT_EQ(usd(p.qbo_invoice(invoice.at("Id")).at("Balance")), "0.00");

    // invoices show: the invoice, its copy in QuickBooks, the payment with its source and its
    // QuickBooks copy and link.
    const std::string object = "hubspot/invoice/" + hubspot_id;
    json shown;
    ASSERT_TRUE(eventually([&] {
        shown = p.sync().cli_json({"invoices", "show", object});
        const json listed = shown_payment(shown, "stripe/payment/" + charge);
        return !listed.is_null() && !listed.value("copies", json::array()).empty();
    })) << shown.dump(2);
    EXPECT_EQ(shown.at("invoice").value("number", ""), p.sync().hubspot_number("plain"));
    EXPECT_EQ(shown.at("copies"), json::array({"qbo/invoice/" + invoice.at("Id").get<std::string>()}));
    const json listed = shown_payment(shown, "stripe/payment/" + charge);
    EXPECT_EQ(listed.value("source", ""), "stripe");
    EXPECT_EQ(listed.value("amount", ""), "600.00");
    EXPECT_EQ(listed.value("status", ""), "succeeded");
    EXPECT_EQ(listed.value("date", "").size(), 10u);
    const std::string qbo_payment = "qbo/payment/" + payment.at("Id").get<std::string>();
    // Its copies: the QuickBooks payment, and the HubSpot payment that shows it on the invoice.
    ASSERT_EQ(listed.at("copies").size(), 2u) << listed.dump(2);
    EXPECT_EQ(listed.at("copies").at(1), qbo_payment);
    EXPECT_EQ(listed.at("copies").at(0).get<std::string>().rfind("hubspot_payments/payment/", 0), 0u);
    EXPECT_THAT(listed.at("links").value(qbo_payment, ""), HasSubstr("/app/recvpayment?txnId=" + payment.at("Id").get<std::string>()));
    EXPECT_EQ(shown.at("payments").size(), 1u) << "the QuickBooks payment read back is the same payment";
    const auto table = p.sync().cli({"invoices", "show", object});
    EXPECT_EQ(table.exit_code, 0) << table.err;
    EXPECT_THAT(table.out, HasSubstr("600.00 USD  succeeded  source stripe  stripe/payment/" + charge));
    EXPECT_THAT(table.out, HasSubstr("copy: " + qbo_payment));
    EXPECT_THAT(table.out, HasSubstr("stripe-payments-to-qbo"));
    EXPECT_THAT(table.out, HasSubstr("timeline:"));
    const auto unknown = p.sync().cli({"invoices", "show", "hubspot/invoice/999999999"});
    EXPECT_EQ(unknown.exit_code, 5) << unknown.out;

    // payments delete: ledgersync only; QuickBooks keeps its payment, and the command says so.
    const auto deleted = p.sync().cli({"payments", "delete", "stripe/payment/" + charge});
    EXPECT_EQ(deleted.exit_code, 0) << deleted.err;
    EXPECT_THAT(deleted.out, HasSubstr("in ledgersync only"));
    EXPECT_THAT(deleted.out, HasSubstr("QuickBooks is NOT changed, nor any other system: "));
    EXPECT_THAT(deleted.out, HasSubstr(" " + qbo_payment + " stay as it is"));
    std::this_thread::sleep_for(std::chrono::seconds(2));
    EXPECT_EQ(p.qbo_payments_of(invoice.at("Id")).size(), 1u);
    EXPECT_EQ(usd(p.qbo_invoice(invoice.at("Id")).at("Balance")), "0.00");
    const json after = p.sync().cli_json({"invoices", "show", object});
    EXPECT_TRUE(shown_payment(after, "stripe/payment/" + charge).value("deleted", false)) << after.dump(2);
    const json history = p.sync().cli_json({"objects", "show", "stripe/payment/" + charge});
    EXPECT_EQ(timeline_count(history, "deleted"), 1u) << history.dump(2);
    const auto again = p.sync().cli({"payments", "delete", "stripe/payment/" + charge});
    EXPECT_EQ(again.exit_code, 0);
    EXPECT_THAT(again.out, HasSubstr("already deleted"));
}

/// The route docs/connectors/hubspot_payments.md gives for HubSpot's own payments: it would carry
/// any commerce payment ledgersync wrote back to QuickBooks were the echo not recognised.
json hubspot_payments_to_qbo() {
    return {{"name", "hubspot-payments-to-qbo"},
            {"from", "hubspot_payments.payment"},
            {"to", "qbo.payment"},
            {"when", {{"ne", {"source", "stripe"}}}},
            {"references_in", {{"invoice", "hubspot"}}},
            {"drop_references", {"customer"}}};
}

// Issue 14's HubSpot side: a card payment reaches QuickBooks and HubSpot; a payment received in
// QuickBooks reaches HubSpot with its QuickBooks id. Each invoice is paid on both sides by exactly
// one payment on each side, and no HubSpot payment ledgersync wrote comes back to QuickBooks,
// even with a route from HubSpot's payments to QuickBooks configured.
TEST(PaymentSync, a_card_payment_and_a_quickbooks_payment_each_become_one_hubspot_payment_paying_its_invoice_and_none_comes_back) {
    PaymentSyncOptions options;
    options.more_routes = json::array({hubspot_payments_to_qbo()});
    PaymentSync p(options);
    const json plain = wait_for_qbo_invoice(p.sync(), "plain");
    const json apostrophe = wait_for_qbo_invoice(p.sync(), "apostrophe");
    ASSERT_FALSE(plain.is_null() || apostrophe.is_null()) << p.sync().log();
    const std::string by_card = p.sync().invoice_id("plain");
    const std::string in_qbo = p.sync().invoice_id("apostrophe");

    // A card payment: QuickBooks payment linked to the invoice, and the HubSpot invoice paid.
    const std::string charge = p.pay(by_card, usd(plain.at("TotalAmt")));
    ASSERT_EQ(p.wait_for_qbo_payments(plain.at("Id"), 1).size(), 1u) << p.sync().log();
    EXPECT_EQ(usd(p.qbo_invoice(plain.at("Id")).at("Balance")), "0.00");
    ASSERT_EQ(p.wait_for_hubspot_payments(by_card, 1).size(), 1u)
        << p.sync().cli({"objects", "show", "stripe/payment/" + charge}).out << p.sync().log();

    // A payment received in QuickBooks: a HubSpot payment of processor quickbooks naming it.
    const std::string amount = usd(apostrophe.at("TotalAmt"));
    const json received = p.receive_in_qbo(apostrophe, amount);
    const std::string qbo_payment = received.at("Id");
    ASSERT_EQ(p.wait_for_hubspot_payments(in_qbo, 1).size(), 1u)
        << p.sync().cli({"objects", "show", "qbo/payment/" + qbo_payment}).out << p.sync().log();

    // Settled: the HubSpot copies read back (and routed towards QuickBooks) change nothing.
    std::this_thread::sleep_for(std::chrono::seconds(4));
    const std::vector<json> card_in_hubspot = p.hubspot_payments_of(by_card);
    ASSERT_EQ(card_in_hubspot.size(), 1u);
    const json& card = card_in_hubspot.front().at("properties");
    EXPECT_EQ(usd(json(card.value("hs_initial_amount", ""))), usd(plain.at("TotalAmt")));
    EXPECT_EQ(card.value("ledgersync_source_id", ""), "stripe/stripe/" + charge);
    EXPECT_THAT(card.value("hs_internal_comment", ""), HasSubstr(charge));
    const json card_invoice = p.sync().hubspot_object("invoices", by_card).at("properties");
    EXPECT_EQ(card_invoice.value("hs_invoice_status", ""), "paid");
    EXPECT_EQ(usd(json(card_invoice.value("hs_balance_due", ""))), "0.00");

    const std::vector<json> qbo_in_hubspot = p.hubspot_payments_of(in_qbo);
    ASSERT_EQ(qbo_in_hubspot.size(), 1u);
    const json& from_qbo = qbo_in_hubspot.front().at("properties");
    EXPECT_EQ(usd(json(from_qbo.value("hs_initial_amount", ""))), amount);
    EXPECT_EQ(from_qbo.value("hs_processor_type", ""), "quickbooks");
    EXPECT_EQ(from_qbo.value("ledgersync_source_id", ""), "quickbooks/qbo/" + qbo_payment);
    EXPECT_THAT(from_qbo.value("hs_internal_comment", ""), HasSubstr("quickbooks payment " + qbo_payment));
    // It links to the payment in QuickBooks' web app (the host's link form for the qbo connection,
    // whose environment is the sandbox's base URL; qbo_payment_link of the fixture).
    EXPECT_EQ(from_qbo.value("ledgersync_qbo_link", ""), p.sync().qbo().url() + "/app/recvpayment?txnId=" + qbo_payment);
    EXPECT_FALSE(card.contains("ledgersync_qbo_link")) << card.dump(2);  // the charge is Stripe's, not QuickBooks'
    const json qbo_invoice_in_hubspot = p.sync().hubspot_object("invoices", in_qbo).at("properties");
    EXPECT_EQ(qbo_invoice_in_hubspot.value("hs_invoice_status", ""), "paid");

    // Exactly one payment per invoice on each side: nothing echoed, nothing booked twice.
    EXPECT_EQ(p.sync().hubspot_objects("commerce_payments").size(), 2u);
    EXPECT_EQ(p.sync().qbo().entities("Payment").size(), 2u);
    EXPECT_EQ(p.qbo_payments_of(plain.at("Id")).size(), 1u);
    EXPECT_EQ(p.qbo_payments_of(apostrophe.at("Id")).size(), 1u);
    EXPECT_EQ(usd(p.qbo_invoice(apostrophe.at("Id")).at("Balance")), "0.00");
    // The payments change the invoice on both sides (balance, status): no conflict, no failure.
    for (const std::string& object : {"hubspot/invoice/" + by_card, "hubspot/invoice/" + in_qbo,
                                      "qbo/invoice/" + plain.at("Id").get<std::string>(), "qbo/invoice/" + apostrophe.at("Id").get<std::string>()}) {
        EXPECT_TRUE(p.sync().failures_of(object).empty()) << object << "\n" << p.sync().cli({"objects", "show", object}).out;
    }
    const json written_from_card = p.sync().cli_json({"objects", "show", "hubspot_payments/payment/" + card_in_hubspot.front().at("id").get<std::string>()});
    EXPECT_EQ(timeline_count(written_from_card, "written"), 0u) << written_from_card.dump(2);
}

TEST(PaymentSync, a_partial_payment_leaves_the_rest_open_the_second_pays_it_and_an_overpayment_fails_with_the_fix) {
    PaymentSync p;
    const json plain = wait_for_qbo_invoice(p.sync(), "plain");
    const json apostrophe = wait_for_qbo_invoice(p.sync(), "apostrophe");
    ASSERT_FALSE(plain.is_null() || apostrophe.is_null()) << p.sync().log();

    p.pay(p.sync().invoice_id("plain"), "250.00");
    ASSERT_EQ(p.wait_for_qbo_payments(plain.at("Id"), 1).size(), 1u) << p.sync().log();
    EXPECT_EQ(usd(p.qbo_invoice(plain.at("Id")).at("Balance")), "350.00");
    p.pay(p.sync().invoice_id("plain"), "350.00");
    ASSERT_EQ(p.wait_for_qbo_payments(plain.at("Id"), 2).size(), 2u) << p.sync().log();
    EXPECT_EQ(usd(p.qbo_invoice(plain.at("Id")).at("Balance")), "0.00");

    // 10.00 more than the invoice owes: a failure that says so and how to fix it; nothing booked.
    const std::string owed = usd(apostrophe.at("Balance"));
    const std::string over = sdk::Money::from_minor_units(testing::cents(owed) + 1000, "USD").amount().to_string();
    const std::string charge = p.pay(p.sync().invoice_id("apostrophe"), over);
    const std::string object = "stripe/payment/" + charge;
    // It fails on both routes: QuickBooks' and HubSpot's (the HubSpot invoice owes as much).
    std::map<std::string, json> failures;
    ASSERT_TRUE(eventually([&] {
        for (const auto& failure : p.sync().failures_of(object)) failures[failure.value("route", "")] = failure;
        return failures.size() >= 2;
    })) << p.sync().cli({"objects", "show", object}).out << p.sync().log();
    const json& in_qbo = failures["stripe-payments-to-qbo"];
    EXPECT_THAT(in_qbo.value("reason", ""), HasSubstr("it is an overpayment: " + over + " USD is more than the open balance of the invoices it pays (invoice " +
                                                      apostrophe.at("Id").get<std::string>() + " " + owed + " USD), by 10.00 USD"));
    EXPECT_EQ(in_qbo.value("class", ""), "data") << in_qbo.dump(2);
    const json& in_hubspot = failures["stripe-payments-to-hubspot"];
    EXPECT_THAT(in_hubspot.value("reason", ""), HasSubstr("is an overpayment"));
    EXPECT_EQ(in_hubspot.value("class", ""), "data") << in_hubspot.dump(2);
    EXPECT_TRUE(p.qbo_payments_of(apostrophe.at("Id")).empty());
    EXPECT_EQ(usd(p.qbo_invoice(apostrophe.at("Id")).at("Balance")), owed);
}

TEST(PaymentSync, a_refund_posted_twice_through_the_admin_api_reaches_stripe_once) {
    const std::string token = api::admin::AdminTokens::generate();
    PaymentSyncOptions options;
    options.admin_api = {{"tokens", {{{"name", "ops"}, {"sha256", api::admin::AdminTokens::hash(token)}, {"scope", "admin"}}}}};
    PaymentSync p(options);
    const json invoice = wait_for_qbo_invoice(p.sync(), "plain");
    ASSERT_FALSE(invoice.is_null()) << p.sync().log();
    const std::string charge = p.pay(p.sync().invoice_id("plain"), "600.00");
    const std::vector<json> payments = p.wait_for_qbo_payments(invoice.at("Id"), 1);
    ASSERT_EQ(payments.size(), 1u) << p.sync().log();

    const std::string url = p.sync().host_url() + "/api/v1/payments/stripe/" + charge + "/refund";
    const std::map<std::string, std::string> headers = {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}};
    const auto too_much = testing::http_request("POST", url, R"({"amount": "600.01", "reason": "other"})", headers);
    EXPECT_EQ(too_much.status, 409) << too_much.body;
    EXPECT_THAT(too_much.body, HasSubstr("has left to refund: 600.00 USD"));
    EXPECT_TRUE(p.stripe_refunds(charge).empty());

    const auto first = testing::http_request("POST", url, R"({"amount": "100.00", "reason": "requested_by_customer"})", headers);
    ASSERT_EQ(first.status, 200) << first.body << p.sync().log();
    const json made = json::parse(first.body);
    EXPECT_EQ(made.at("amount"), "100.00");
    EXPECT_EQ(made.at("currency"), "USD");
    EXPECT_EQ(made.at("reason"), "requested_by_customer");
    EXPECT_EQ(made.at("payment"), "stripe/payment/" + charge);
    EXPECT_EQ(made.at("processor_payment"), "stripe/payment/" + charge);
    const auto second = testing::http_request("POST", url, R"({"amount": "100", "reason": "requested_by_customer"})", headers);
    ASSERT_EQ(second.status, 200) << second.body;
    EXPECT_EQ(json::parse(second.body).at("refund_id"), made.at("refund_id"));

    const json refunds = p.stripe_refunds(charge);
    ASSERT_EQ(refunds.size(), 1u) << refunds.dump(2);
    EXPECT_EQ(refunds[0].value("id", ""), made.at("refund_id"));
    EXPECT_EQ(refunds[0].value("amount", 0), 10000);
    EXPECT_EQ(refunds[0].value("reason", ""), "requested_by_customer");
    // The same timeline entry as the CLI's, naming the API's token.
    const json shown = p.sync().cli_json({"objects", "show", "stripe/payment/" + charge});
    EXPECT_EQ(timeline_count(shown, "refund_requested"), 2u) << shown.dump(2);
    EXPECT_THAT(shown.dump(), HasSubstr("by the admin API (token 'ops')"));
}

TEST(PaymentSync, refunds_are_booked_for_exactly_their_amounts_and_the_refund_command_refunds_once) {
    PaymentSync p;
    const json invoice = wait_for_qbo_invoice(p.sync(), "plain");
    ASSERT_FALSE(invoice.is_null()) << p.sync().log();
    const std::string charge = p.pay(p.sync().invoice_id("plain"), "600.00");
    const std::vector<json> payments = p.wait_for_qbo_payments(invoice.at("Id"), 1);
    ASSERT_EQ(payments.size(), 1u) << p.sync().log();
    const std::string qbo_payment = payments.front().at("Id");
    const std::string object = "stripe/payment/" + charge;

    // Refused before anything is sent: a bad reason, more than was paid, an unknown payment.
    const auto bad_reason = p.sync().cli({"payments", "refund", object, "--amount", "100.00", "--reason", "changed_mind"});
    EXPECT_EQ(bad_reason.exit_code, 2);
    EXPECT_THAT(bad_reason.err, HasSubstr("duplicate, fraudulent, requested_by_customer, other"));
    const auto too_much = p.sync().cli({"payments", "refund", object, "--amount", "600.01", "--reason", "other"});
    EXPECT_EQ(too_much.exit_code, 1);
    EXPECT_THAT(too_much.err, HasSubstr("600.01 USD is more than what payment " + object + " has left to refund: 600.00 USD"));
    const auto unknown = p.sync().cli({"payments", "refund", "stripe/payment/ch_unknown", "--amount", "1.00", "--reason", "other"});
    EXPECT_EQ(unknown.exit_code, 5);
    EXPECT_THAT(unknown.err, HasSubstr("unknown payment stripe/payment/ch_unknown"));
    EXPECT_TRUE(p.stripe_refunds(charge).empty());

    // A partial refund, asked twice (the second as "100" instead of "100.00"): one refund at Stripe.
    const auto first = p.sync().cli({"payments", "refund", object, "--amount", "100.00", "--reason", "requested_by_customer"});
    ASSERT_EQ(first.exit_code, 0) << first.err;
    EXPECT_THAT(first.out, HasSubstr("refunded 100.00 USD of " + object + " at stripe: refund re_"));
    const auto second = p.sync().cli({"payments", "refund", object, "--amount", "100", "--reason", "requested_by_customer"});
    ASSERT_EQ(second.exit_code, 0) << second.err;
    const json refunds = p.stripe_refunds(charge);
    ASSERT_EQ(refunds.size(), 1u) << refunds.dump(2);
    EXPECT_EQ(refunds[0].value("amount", 0), 10000);
    EXPECT_EQ(refunds[0].value("reason", ""), "requested_by_customer");

    // It reaches QuickBooks as a refund receipt of exactly 100.00, from the clearing account.
    std::vector<json> receipts;
    ASSERT_TRUE(eventually([&] {
        receipts = p.qbo_refunds_of(qbo_payment);
        return receipts.size() == 1;
    })) << p.sync().cli({"objects", "show", "stripe/refund/" + refunds[0].value("id", "")}).out << p.sync().log();
    EXPECT_EQ(usd(receipts[0].at("TotalAmt")), "100.00");
    EXPECT_EQ(receipts[0].at("DepositToAccountRef").value("value", ""), testing::kClearingAccount);
    EXPECT_THAT(receipts[0].value("PrivateNote", ""), HasSubstr("reason=requested_by_customer"));

    // The rest refunded at Stripe directly: a second receipt for the remainder.
    p.refund(charge, "500.00");
    ASSERT_TRUE(eventually([&] { return p.qbo_refunds_of(qbo_payment).size() == 2; })) << p.sync().log();
    std::vector<std::string> amounts;
    for (const auto& r : p.qbo_refunds_of(qbo_payment)) amounts.push_back(usd(r.at("TotalAmt")));
    EXPECT_THAT(amounts, ::testing::UnorderedElementsAre("100.00", "500.00"));
    // The payment stays booked for its gross amount (the refunds are their own transactions).
    EXPECT_EQ(p.qbo_payments_of(invoice.at("Id")).size(), 1u);
    EXPECT_EQ(usd(p.sync().qbo_entity("Payment", "Id", qbo_payment).at("TotalAmt")), "600.00");

    // Nothing is left to refund, and the command says so.
    ASSERT_TRUE(eventually([&] {
        const auto none = p.sync().cli({"payments", "refund", object, "--amount", "0.01", "--reason", "other"});
        return none.exit_code == 1 && none.err.find("has left to refund: 0.00 USD") != std::string::npos;
    }));
    // invoices show lists both refunds under the payment.
    const json shown = p.sync().cli_json({"invoices", "show", "hubspot/invoice/" + p.sync().invoice_id("plain")});
    const json listed = shown_payment(shown, object);
    ASSERT_FALSE(listed.is_null()) << shown.dump(2);
    EXPECT_EQ(listed.value("refunds", json::array()).size(), 2u) << shown.dump(2);
}

TEST(PaymentSync, with_refund_as_credit_memo_a_refund_becomes_a_credit_memo_of_its_amount) {
    PaymentSync p(PaymentSyncOptions{"credit_memo", true});
    const auto [charge, qbo_payment] = pay_plain_in_full(p);
    ASSERT_FALSE(qbo_payment.empty()) << p.sync().log();
    p.refund(charge, "75.50");
    std::vector<json> memos;
    ASSERT_TRUE(eventually([&] {
        memos = p.qbo_refunds_of(qbo_payment, "CreditMemo");
        return memos.size() == 1;
    })) << p.sync().log();
    EXPECT_EQ(usd(memos[0].at("TotalAmt")), "75.50");
    EXPECT_TRUE(p.sync().qbo().entities("RefundReceipt").empty());
}

// The refund's form is the route's (issue 14 point 4): one QuickBooks company books the refunds
// of one route (fraud) as credit memos, through the mapper refund_booking, and those of the
// shipped route as refund receipts (the connection's mapping.refund_as), each for exactly its
// amount. QuickBooks numbers refund receipts and credit memos apart, so the first of each has Id
// 1: each keeps a link of its own (the credit memo's names its entity) and reads back as the echo
// of its write, never as a new refund.
TEST(PaymentSync, one_company_books_one_routes_refunds_as_credit_memos_and_the_others_as_receipts_each_linked_apart) {
    PaymentSyncOptions options;
    const json succeeded = {{"eq", {"status", "succeeded"}}};
    json receipts;
    for (const auto& route : testing::shipped_routes("payment-sync.json")) {
        if (route.value("name", "") == "stripe-refunds-to-qbo") receipts = route;
    }
    ASSERT_FALSE(receipts.is_null());
    receipts["when"] = {{"and", {succeeded, {{"ne", {"reason", "fraudulent"}}}}}};
    const json memos = {{"name", "stripe-fraud-refunds-to-qbo"},
                        {"from", "stripe.refund"},
                        {"to", "qbo.refund"},
                        {"when", {{"and", {succeeded, {{"eq", {"reason", "fraudulent"}}}}}}},
                        {"via", {{{"mapper", "refund_booking"}, {"config", {{"book_as", "credit_memo"}}}}}}};
    options.refund_routes = json::array({receipts, memos});
    // QuickBooks refunds are read (a route takes them) and would be refunded at Stripe: the
    // refunds read back must be recognised as this host's own writes, or they would go back.
    options.more_routes = json::array({{{"name", "qbo-refunds-to-stripe"}, {"from", "qbo.refund"}, {"to", "stripe.refund"}}});
    PaymentSync p(options);
    const auto [charge, qbo_payment] = pay_plain_in_full(p);
    ASSERT_FALSE(qbo_payment.empty()) << p.sync().log();
    const std::string returned = p.refund(charge, "100.00", "requested_by_customer");
    const std::string fraud = p.refund(charge, "75.50", "fraudulent");

    std::vector<json> receipt, memo;
    ASSERT_TRUE(eventually([&] {
        receipt = p.qbo_refunds_of(qbo_payment, "RefundReceipt");
        memo = p.qbo_refunds_of(qbo_payment, "CreditMemo");
        return receipt.size() == 1 && memo.size() == 1;
    })) << p.sync().cli({"objects", "show", "stripe/refund/" + fraud}).out << p.sync().log();
    EXPECT_EQ(usd(receipt[0].at("TotalAmt")), "100.00");
    EXPECT_EQ(receipt[0].at("DepositToAccountRef").value("value", ""), testing::kClearingAccount);
    EXPECT_THAT(receipt[0].value("PrivateNote", ""), HasSubstr("reason=requested_by_customer"));
    EXPECT_EQ(usd(memo[0].at("TotalAmt")), "75.50");
    EXPECT_THAT(memo[0].value("PrivateNote", ""), HasSubstr("reason=fraudulent"));
    // The case the link ids are for: the same Id in both entities.
    const std::string id = receipt[0].at("Id");
    ASSERT_EQ(memo[0].at("Id").get<std::string>(), id);

    // Each Stripe refund is linked to its own entity...
    const auto target_of = [&](const std::string& refund) {
        const json shown = p.sync().cli_json({"objects", "show", "stripe/refund/" + refund});
        for (const auto& s : shown.value("sync_status", json::array())) {
            if (s.value("target_connection", "") == "qbo" && s.value("state", "") == "synced") return s.value("target_id", "");
        }
        return std::string();
    };
    std::string receipt_link, memo_link;
    ASSERT_TRUE(eventually([&] {
        receipt_link = target_of(returned);
        memo_link = target_of(fraud);
        return !receipt_link.empty() && !memo_link.empty();
    })) << p.sync().cli({"objects", "show", "stripe/refund/" + fraud}).out;
    EXPECT_EQ(receipt_link, id);  // as refund receipts always were
    EXPECT_EQ(memo_link, "creditmemo-" + id);
    // ...and QuickBooks' feed brings both back as the echoes of those writes, nothing new: not
    // routed to Stripe, where they would be refunded again.
    for (const std::string& object : {"qbo/refund/" + receipt_link, "qbo/refund/" + memo_link}) {
        json shown;
        EXPECT_TRUE(eventually([&] {
            shown = p.sync().cli_json({"objects", "show", object});
            return timeline_count(shown, "echo_suppressed") > 0;
        })) << object << "\n" << shown.dump(2) << p.sync().log();
        EXPECT_EQ(timeline_count(shown, "routed"), 0u) << shown.dump(2);
    }
    std::this_thread::sleep_for(std::chrono::seconds(3));  // a late write would show by now
    EXPECT_EQ(p.stripe_refunds(charge).size(), 2u) << p.stripe_refunds(charge).dump(2);
    EXPECT_TRUE(p.sync().failures_of("stripe/refund/" + returned).empty());
    EXPECT_TRUE(p.sync().failures_of("stripe/refund/" + fraud).empty());
    EXPECT_EQ(p.sync().qbo().entities("RefundReceipt").size(), 1u);
    EXPECT_EQ(p.sync().qbo().entities("CreditMemo").size(), 1u);
}

// Out of order and repeated: the payment arrives before its invoice is in QuickBooks (a draft
// the route leaves out until it is finalized), its refund before the payment is booked, and
// every Stripe event is delivered by webhook twice more besides the polls. The books end as in
// order: one payment of the whole amount, one refund receipt of the refund.
TEST(PaymentSync, a_payment_before_its_invoice_and_a_refund_before_its_payment_end_in_the_same_books_however_often_they_arrive) {
    PaymentSync p;
    ASSERT_FALSE(wait_for_qbo_invoice(p.sync(), "plain").is_null()) << p.sync().log();
    p.stripe().control("POST", "/__sandbox/stripe/webhooks",
                       {{"endpoints", {{{"url", p.sync().host_url() + "/webhooks/stripe"}, {"enabled_events", {"*"}},
                                        {"secret", testing::kStripeWebhookSecret}}}},
                        {"mode", "duplicate"}});
    const std::string draft = p.sync().invoice_id("draft");
    const std::string charge = p.pay(draft, "300.00");
    const std::string refund = p.refund(charge, "30.00");
    // Both wait: the payment for its invoice, the refund for its payment.
    json shown;
    ASSERT_TRUE(eventually([&] {
        shown = p.sync().cli_json({"objects", "show", "stripe/payment/" + charge});
        return timeline_count(shown, "waiting") > 0;
    })) << shown.dump(2) << p.sync().log();
    EXPECT_THAT(shown.dump(), HasSubstr("waiting for hubspot/invoice/" + draft + " to be synced to qbo"));
    EXPECT_TRUE(p.sync().failures_of("stripe/payment/" + charge).empty());
    EXPECT_TRUE(p.sync().qbo().entities("RefundReceipt").empty());
    // Each event once more.
    const auto [status, events] = p.stripe().get("/v1/events?limit=100");
    ASSERT_EQ(status, 200) << events.dump();
    json ids = json::array();
    for (const auto& e : events.at("data")) ids.push_back(e.at("id"));
    p.stripe().control("POST", "/__sandbox/stripe/webhooks/redeliver", {{"events", ids}});

    // The invoice is finalized: it reaches QuickBooks, then the payment, then the refund.
    const auto finalized = p.sync().hubspot_api("PATCH", "/crm/v3/objects/invoices/" + draft, {{"properties", {{"hs_invoice_status", "open"}}}});
    ASSERT_EQ(finalized.status, 200) << finalized.body;
    const json invoice = wait_for_qbo_invoice(p.sync(), "draft");
    ASSERT_FALSE(invoice.is_null()) << p.sync().log();
    std::vector<json> payments;
    ASSERT_TRUE(eventually([&] {
        payments = p.qbo_payments_of(invoice.at("Id"));
        return payments.size() == 1 && p.qbo_refunds_of(payments.front().at("Id")).size() == 1;
    })) << p.sync().cli({"objects", "show", "stripe/refund/" + refund}).out << p.sync().log();
    std::this_thread::sleep_for(std::chrono::seconds(3));  // late duplicates change nothing
    payments = p.qbo_payments_of(invoice.at("Id"));
    ASSERT_EQ(payments.size(), 1u);
    EXPECT_EQ(usd(payments.front().at("TotalAmt")), "300.00");
    EXPECT_EQ(usd(p.qbo_invoice(invoice.at("Id")).at("Balance")), "0.00");
    const auto receipts = p.qbo_refunds_of(payments.front().at("Id"));
    ASSERT_EQ(receipts.size(), 1u);
    EXPECT_EQ(usd(receipts.front().at("TotalAmt")), "30.00");
    EXPECT_EQ(p.sync().qbo().entities("Payment").size(), 1u);
    EXPECT_EQ(p.sync().qbo().entities("RefundReceipt").size(), 1u);
    EXPECT_TRUE(p.sync().failures_of("stripe/payment/" + charge).empty());
    EXPECT_TRUE(p.sync().failures_of("stripe/refund/" + refund).empty());
    // The repeated deliveries did reach the host, and were recognised there.
    const std::string metrics = testing::http_request("GET", p.sync().host_url() + "/metrics").body;
    EXPECT_THAT(metrics, HasSubstr("ledgersync_plugin_stripe_webhook_events_duplicate_total")) << metrics;
}

// The seed's duplication (MISSION.md point 17) with the money booked: the buyer pays a synced
// invoice through HubSpot's checkout with Stripe as processor, and a "create paid invoice"
// automation makes a second invoice for that payment. QuickBooks ends with one invoice and one
// payment, applied to the invoice the buyer paid.
TEST(PaymentSync, the_seeds_duplication_scenario_ends_with_one_invoice_and_one_payment_in_quickbooks) {
    PaymentSync p;
    InvoiceSync& sync = p.sync();
    const json invoice = wait_for_qbo_invoice(sync, "plain");
    ASSERT_FALSE(invoice.is_null()) << sync.log();
    const std::string paid = sync.invoice_id("plain");
    const json before = sync.hubspot_object("invoices", paid);
    const std::string amount = before.at("properties").at("hs_balance_due");
    const std::string contact = before.at("associations").at("contacts").at(0);
    // Stripe makes the charge; HubSpot records the payment (processor the account's Stripe, made
    // through the invoice, the charge its reference).
    const std::string charge = p.pay(paid, usd(json(amount)));
    const json recorded = sync.hubspot().control("POST", "/__sandbox/hubspot/accounts/" + sync.seeded().at("portal_id").get<std::string>() + "/payments",
                                                 {{"invoice_id", paid}, {"amount", amount}, {"processor", "byo_stripe"}, {"reference_number", charge}});
    const std::string hubspot_payment = recorded.at("id");
    // The automation's invoice for the same payment.
    const std::string duplicate = sync.create_paid_invoice_for(contact, amount, hubspot_payment);

    json shown;
    ASSERT_TRUE(eventually([&] {
        shown = sync.cli_json({"objects", "show", "hubspot/invoice/" + duplicate});
        return timeline_count(shown, "duplicate_refused") > 0;
    })) << shown.dump(2) << sync.log();
    ASSERT_EQ(p.wait_for_qbo_payments(invoice.at("Id"), 1).size(), 1u) << sync.log();
    std::this_thread::sleep_for(std::chrono::seconds(3));
    const std::string number = sync.hubspot_object("invoices", duplicate).at("properties").value("hs_number", "");
    EXPECT_TRUE(sync.qbo_invoices(number).empty());
    EXPECT_EQ(sync.qbo_invoices(sync.hubspot_number("plain")).size(), 1u);
    EXPECT_EQ(sync.qbo().entities("Payment").size(), 1u);
    EXPECT_TRUE(sync.qbo().entities("SalesReceipt").empty()) << "the payment became a sales receipt";
    EXPECT_EQ(p.qbo_payments_of(invoice.at("Id")).size(), 1u);
    EXPECT_EQ(usd(p.qbo_invoice(invoice.at("Id")).at("Balance")), "0.00");
    // HubSpot keeps its own record of the charge: the Stripe payment is linked to it, not written
    // a second time (nor refused as an overpayment of the invoice it already paid).
    json charge_shown;
    EXPECT_TRUE(eventually([&] {
        charge_shown = sync.cli_json({"objects", "show", "stripe/payment/" + charge});
        for (const auto& status : charge_shown.value("sync_status", json::array())) {
            if (status.value("route", "") == "stripe-payments-to-hubspot") {
                return status.value("state", "") == "synced" && status.value("target_id", "") == hubspot_payment;
            }
        }
        return false;
    })) << charge_shown.dump(2);
    EXPECT_EQ(p.hubspot_payments_of(paid).size(), 1u);
    EXPECT_EQ(sync.hubspot_objects("commerce_payments").size(), 1u);
    EXPECT_TRUE(sync.failures_of("stripe/payment/" + charge).empty());
}

}  // namespace
}  // namespace ledgersync
