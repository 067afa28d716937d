// The hubspot_payments connector against the HubSpot sandbox over HTTP: a HubSpot payments
// payment with fees and two refunds read as one canonical payment and two refunds; a byo_stripe
// payment read with its Stripe charge and without its refunds (a Stripe connection books them);
// a backfill whose HubSpot calls per payment the sandbox counts; payments from QuickBooks
// written against their invoice (partial, replayed after a lost answer, an overpayment refused,
// the rest paying the invoice).

#include <gtest/gtest.h>

#include <iostream>

#include <ledgersync/sdk.hpp>

#include "connector_harness.hpp"
#include "hubspot_backfill.hpp"
#include "hubspot_sandbox.hpp"

namespace ledgersync {
namespace {

using nlohmann::json;
using testing::ConnectorHarness;
using testing::HubSpotSandbox;
using testing::WriteItemBuilder;

sdk::Decimal decimal(const json& text) { return sdk::Decimal::parse(text.get<std::string>()); }

/// The sandbox's record of `type` with id `id` in `portal`.
json object_of(const HubSpotSandbox& sandbox, const std::string& type, const std::string& id, const std::string& portal) {
    for (const auto& object : sandbox.objects(type, portal)) {
        if (object.at("id") == id) return object;
    }
    return json();
}

TEST(HubSpotPayments, a_hubspot_payments_payment_with_fees_and_two_refunds_reads_as_one_payment_and_two_refunds) {
    HubSpotSandbox sandbox;
    const json seeded = sandbox.seed({{"defaults", true}});
    const std::string portal = seeded.at("portal_id");
    const std::string invoice = seeded.at("created").at("invoices_by_status").at("open").at(0);
    const std::string base = "/__sandbox/hubspot/accounts/" + portal + "/payments";
    // A buyer pays through HubSpot payments, which keeps its fees; then two refunds in HubSpot.
    const std::string payment =
        sandbox.control("POST", base, {{"invoice_id", invoice}, {"amount", "200.00"}, {"fees_amount", "6.10"}, {"platform_fee", "1.00"}}).at("id");
    sandbox.control("POST", base + "/" + payment + "/refund", {{"amount", "50.00"}});
    sandbox.control("POST", base + "/" + payment + "/refund", {{"amount", "25.00"}});

    ConnectorHarness harness(sandbox.private_app_config(portal), {}, "hubspot_payments", "hubspot_payments");
    const testing::Backfill read = testing::backfill(harness.connector(), "payment");
    EXPECT_EQ(read.untranslated, 0) << harness.log();
    ASSERT_TRUE(read.records.count(payment)) << harness.log();
    const json& body = read.records.at(payment);
    EXPECT_EQ(body["source"], "hubspot_payments");
    EXPECT_EQ(body["status"], "partially_refunded");
    EXPECT_EQ(decimal(body["amount"]), sdk::Decimal::parse("200.00"));
    EXPECT_EQ(decimal(body["fees"]["processing"]), sdk::Decimal::parse("6.10"));
    EXPECT_EQ(decimal(body["fees"]["platform"]), sdk::Decimal::parse("1.00"));
    EXPECT_EQ(decimal(body["net"]), sdk::Decimal::parse("192.90"));
    EXPECT_EQ(decimal(body["refunded_amount"]), sdk::Decimal::parse("75.00"));
    EXPECT_EQ(body["invoices"], json::array({{{"type", "invoice"}, {"id", invoice}}}));
    ASSERT_TRUE(read.records.count(payment + "-refund-1")) << body.dump();
    ASSERT_TRUE(read.records.count(payment + "-refund-2"));
    EXPECT_FALSE(read.records.count(payment + "-refund-3"));
    EXPECT_EQ(decimal(read.records.at(payment + "-refund-1")["amount"]), sdk::Decimal::parse("50.00"));
    EXPECT_EQ(decimal(read.records.at(payment + "-refund-2")["amount"]), sdk::Decimal::parse("25.00"));
    EXPECT_EQ(read.records.at(payment + "-refund-2")["payment"]["id"], payment);

    // The refund stream read by id (a retried failure) finds the refund again.
    const sdk::ReadResult again = harness.connector().read({"refund", std::nullopt, {payment + "-refund-2"}});
    ASSERT_EQ(again.records.size(), 1u);
    EXPECT_EQ(again.records[0].body, read.records.at(payment + "-refund-2"));
}

TEST(HubSpotPayments, a_byo_stripe_payment_reads_with_its_stripe_charge_and_its_refunds_only_when_this_connection_books_it) {
    HubSpotSandbox sandbox;
    const json seeded = sandbox.seed({{"defaults", true}});
    const std::string portal = seeded.at("portal_id");
    const std::string invoice = seeded.at("created").at("invoices_by_status").at("open").at(0);
    const std::string base = "/__sandbox/hubspot/accounts/" + portal + "/payments";
    const std::string payment = sandbox.control("POST", base, {{"invoice_id", invoice}, {"amount", "80.00"}, {"processor", "byo_stripe"},
                                                              {"fees_amount", "2.62"}, {"reference_number", "ch_3QbyoStripe"}})
                                    .at("id");
    sandbox.control("POST", base + "/" + payment + "/refund", {{"amount", "20.00"}});

    for (const std::string booked_by : {"stripe", "hubspot_payments"}) {
        ConnectorHarness harness(sandbox.private_app_config(portal, {{"byo_stripe_booked_by", booked_by}}), {}, "hubspot_payments",
                                 "hubspot_payments");
        const testing::Backfill read = testing::backfill(harness.connector(), "payment");
        EXPECT_EQ(read.untranslated, 0) << harness.log();
        ASSERT_TRUE(read.records.count(payment)) << harness.log();
        const json& body = read.records.at(payment);
        EXPECT_EQ(body["source"], booked_by == "stripe" ? "stripe" : "hubspot_payments");
        EXPECT_EQ(body["processor_ids"]["stripe_charge"], "ch_3QbyoStripe");
        EXPECT_EQ(body["invoices"], json::array({{{"type", "invoice"}, {"id", invoice}}}));  // the invoice link is kept
        EXPECT_EQ(decimal(body["refunded_amount"]), sdk::Decimal::parse("20.00"));
        EXPECT_EQ(read.records.count(payment + "-refund-1"), booked_by == "stripe" ? 0u : 1u) << booked_by;
    }
}

TEST(HubSpotPayments, a_backfill_of_1200_payments_reads_each_once_at_most_a_tenth_of_a_call_per_payment) {
    constexpr int kPayments = 1200;
    HubSpotSandbox sandbox;
    // Each paid invoice has its succeeded payment; one in twelve is then partly refunded.
    const json seeded = sandbox.seed({{"defaults", false}, {"bulk", {{"invoices", kPayments}, {"status", "paid"}, {"contacts", 50}}}});
    const std::string portal = seeded.at("portal_id");
    const json payments = seeded.at("created").at("commerce_payments");
    ASSERT_EQ(static_cast<int>(payments.size()), kPayments);
    int refunded = 0;
    for (std::size_t i = 0; i < payments.size(); i += 12, ++refunded) {
        sandbox.control("POST", "/__sandbox/hubspot/accounts/" + portal + "/payments/" + payments[i].get<std::string>() + "/refund",
                        {{"amount", "1.00"}});
    }
    ConnectorHarness harness(sandbox.private_app_config(portal), {}, "hubspot_payments", "hubspot_payments");
    const std::int64_t before = sandbox.api_calls();
    const testing::Backfill read = testing::backfill(harness.connector(), "payment");
    const std::int64_t calls = sandbox.api_calls() - before;
    EXPECT_EQ(read.untranslated, 0) << harness.log();
    EXPECT_EQ(read.seen_twice, 0);
    EXPECT_EQ(static_cast<int>(read.records.size()), kPayments + refunded);  // each payment, and one refund per refunded one
    EXPECT_EQ(json::parse(read.cursor)["mode"], "poll");
    const std::int64_t thousandths = calls * 1000 / kPayments;
    std::cout << "[ figure ] backfill of " << kPayments << " payments (" << refunded << " refunded): " << calls << " HubSpot calls, 0."
              << (thousandths < 100 ? "0" : "") << (thousandths < 10 ? "0" : "") << thousandths << " per payment, " << read.pages << " pages\n";
    EXPECT_LE(calls * 10, kPayments) << calls << " calls for " << kPayments << " payments";
}

sdk::WriteItem qbo_payment(const std::string& id, const std::string& amount, const std::string& invoice_target) {
    const json body = {{"amount", amount},
                       {"currency", "USD"},
                       {"date", "2026-11-25"},
                       {"status", "succeeded"},
                       {"source", "qbo"},
                       {"method", "check"},
                       {"reference_number", "CHK-" + id},
                       {"processor_ids", {{"qbo_payment", id}}},
                       {"invoices", {{{"type", "invoice"}, {"id", "130"}}}}};
    return WriteItemBuilder::make("payment", id, body, {{"invoice", "invoice", "130", "/invoices/0", invoice_target}});
}

TEST(HubSpotPayments, payments_from_quickbooks_pay_their_invoice_once_even_replayed_and_an_overpayment_is_refused) {
    HubSpotSandbox sandbox;
    const json seeded = sandbox.seed({{"defaults", true}});
    const std::string portal = seeded.at("portal_id");
    const std::string invoice = seeded.at("created").at("invoices_by_status").at("open").at(0);  // 545.50 due
    ConnectorHarness harness(sandbox.private_app_config(portal), {}, "hubspot_payments", "hubspot_payments");

    // A partial payment whose answer is lost after HubSpot committed it, then replayed.
    sandbox.control("POST", "/__sandbox/faults",
                    {{"api", "hubspot"}, {"drop_after_commit", 1}, {"path_prefix", "/crm/v3/objects/commerce_payments/batch/upsert"}});
    const auto lost = harness.connector().write({qbo_payment("501", "100.00", invoice)});
    EXPECT_EQ(lost[0].kind, sdk::OutcomeClass::transient) << lost[0].reason;
    sandbox.control("DELETE", "/__sandbox/faults");
    const auto replayed = harness.connector().write({qbo_payment("501", "100.00", invoice)});
    ASSERT_EQ(replayed[0].kind, sdk::OutcomeClass::ok) << replayed[0].reason << "\n" << harness.log();
    const json payment = object_of(sandbox, "commerce_payments", replayed[0].target_id, portal);
    EXPECT_EQ(payment["properties"]["ledgersync_source_id"], "ledger/src/501");  // WriteItemBuilder's source system and connection
    EXPECT_EQ(payment["properties"]["hs_processor_type"], "quickbooks");
    EXPECT_NE(payment["properties"]["hs_internal_comment"].get<std::string>().find("ledger payment 501"), std::string::npos);
    EXPECT_EQ(payment["associations"]["invoices"], json::array({invoice}));
    int written = 0;
    for (const auto& p : sandbox.objects("commerce_payments", portal)) written += p["properties"].contains("ledgersync_source_id") ? 1 : 0;
    EXPECT_EQ(written, 1);
    json paid = object_of(sandbox, "invoices", invoice, portal);
    EXPECT_EQ(decimal(paid["properties"]["hs_balance_due"]), sdk::Decimal::parse("445.50"));
    EXPECT_EQ(paid["properties"]["hs_invoice_status"], "open");

    // More than the balance due: refused, nothing written.
    const auto over = harness.connector().write({qbo_payment("502", "500.00", invoice)});
    EXPECT_EQ(over[0].kind, sdk::OutcomeClass::data);
    EXPECT_NE(over[0].reason.find("overpayment"), std::string::npos) << over[0].reason;
    EXPECT_NE(over[0].reason.find("445.50"), std::string::npos) << over[0].reason;

    // The rest pays the invoice.
    const auto rest = harness.connector().write({qbo_payment("503", "445.50", invoice)});
    ASSERT_EQ(rest[0].kind, sdk::OutcomeClass::ok) << rest[0].reason;
    paid = object_of(sandbox, "invoices", invoice, portal);
    EXPECT_EQ(paid["properties"]["hs_invoice_status"], "paid");
    EXPECT_TRUE(decimal(paid["properties"]["hs_balance_due"]).is_zero());
}

}  // namespace
}  // namespace ledgersync
