// Crash safety of the money routes (issue 14's acceptance): 500 Stripe card payments of one
// synced invoice, 20 of them partly refunded, are booked into QuickBooks (payments, the fee
// route's Purchases, refund receipts) and shown in HubSpot while the `ledgersync` host is
// SIGKILLed ten times and restarted each time. A kill may land between a system making an object
// and the host committing that it did; the retry carries the same idempotency key (QuickBooks'
// requestid, HubSpot's upsert on ledgersync_source_id), which answers with the object already
// made. Afterwards each charge is one QuickBooks payment, one Purchase of its exact fee and one
// HubSpot payment, and each refund one refund receipt of its exact amount.

#include <gtest/gtest.h>

#include <iostream>
#include <map>
#include <set>
#include <thread>

#include "payment_sync_fixture.hpp"

namespace ledgersync {
namespace {

using nlohmann::json;
using testing::eventually;
using testing::PaymentSync;
using testing::PaymentSyncOptions;
using testing::usd;

constexpr int kPayments = 500;
constexpr int kRefundEvery = 25;  // 20 refunds
constexpr int kKills = 10;
constexpr const char* kPaid = "1.00";
constexpr const char* kRefunded = "0.40";

/// The Stripe id in a QuickBooks memo after `label` ("stripe_charge: "), up to the next separator.
std::string id_after(const std::string& memo, const std::string& label) {
    const auto at = memo.find(label);
    if (at == std::string::npos) return "";
    const auto start = at + label.size();
    const auto end = memo.find_first_of(" ,;)\n", start);
    return memo.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

/// Each Stripe charge's fee (balance transactions of type charge, by source).
std::map<std::string, std::string> stripe_fees(const PaymentSync& p) {
    std::map<std::string, std::string> fees;
    std::string after;
    for (;;) {
        const auto [status, page] = p.stripe().get("/v1/balance_transactions?limit=100" + (after.empty() ? "" : "&starting_after=" + after));
        if (status != 200) throw std::runtime_error("listing balance transactions failed: " + page.dump());
        const json& data = page.at("data");
        for (const auto& t : data) {
            if (t.value("type", "") != "charge") continue;
            fees[t.at("source").get<std::string>()] = sdk::Money::from_minor_units(t.at("fee").get<std::int64_t>(), "USD").amount().to_string();
        }
        if (!page.value("has_more", false) || data.empty()) break;
        after = data.back().at("id");
    }
    return fees;
}

TEST(PaymentSyncCrash, ten_sigkills_during_500_card_payments_leave_each_payment_fee_and_refund_booked_once) {
    PaymentSyncOptions options;
    options.more_routes = testing::shipped_routes("payment-fees.json");
    for (auto& route : options.more_routes) route["since"] = "2020-01-01";
    PaymentSync p(options);
    testing::InvoiceSync& sync = p.sync();
    const json invoice = testing::wait_for_qbo_invoice(sync, "plain");
    ASSERT_FALSE(invoice.is_null()) << sync.log();
    const std::string hubspot_invoice = sync.invoice_id("plain");
    ASSERT_GE(testing::cents(usd(invoice.at("TotalAmt"))), kPayments * testing::cents(kPaid));

    // The payments are made while the host is down; it reads them all when it starts.
    sync.kill_host();
    std::vector<std::string> charges;
    std::vector<std::string> refunds;
    for (int i = 0; i < kPayments; ++i) {
        charges.push_back(p.pay(hubspot_invoice, kPaid));
        if (i % kRefundEvery == kRefundEvery - 1) refunds.push_back(p.refund(charges.back(), kRefunded));
    }
    // Each QuickBooks call takes 0.1 s, so that kills often land while a write is in flight;
    // QuickBooks' and HubSpot's throttling is off or raised, as in InvoiceSyncCrash (a kill can
    // lose a budget's last counts, and the 429 that follows would only make the run bursty).
    sync.qbo().control("POST", "/__sandbox/faults",
                       {{"api", "qbo"}, {"throttling", false}, {"latency_ms", 100}, {"path_prefix", "/v3/company/" + sync.qbo().realm()}});
    sync.hubspot().control("POST", "/__sandbox/hubspot/rate-limits", {{"private_app_ten_second", 1000}});
    sync.start_host();

    const auto progress = [&] {
        return sync.qbo().entities("Payment").size() + sync.qbo().entities("Purchase").size() + sync.qbo().entities("RefundReceipt").size();
    };
    const std::size_t work = 2 * kPayments + refunds.size();
    // Over the first 60% of the work.
    const std::vector<std::size_t> killed_at =
        testing::kill_during(sync, progress, work, 60, kKills, 10, 20261207, std::chrono::seconds(120));
    EXPECT_EQ(killed_at.size(), static_cast<std::size_t>(kKills)) << "the run ended before every kill landed";

    const bool settled = eventually([&] {
        return progress() >= work && p.hubspot_payments_of(hubspot_invoice).size() >= static_cast<std::size_t>(kPayments);
    }, std::chrono::seconds(300));
    std::this_thread::sleep_for(std::chrono::seconds(3));  // anything written twice shows by now
    ASSERT_TRUE(settled) << progress() << " of " << work << " QuickBooks objects\n" << sync.log().substr(0, 20000);

    // QuickBooks payments: one per charge, of its amount, applied to the invoice.
    std::map<std::string, std::vector<json>> payments_by_charge;
    for (const auto& payment : sync.qbo().entities("Payment")) {
        payments_by_charge[id_after(payment.value("PrivateNote", ""), "stripe_charge: ")].push_back(payment);
    }
    std::map<std::string, std::vector<json>> purchases_by_charge;
    for (const auto& purchase : sync.qbo().entities("Purchase")) {
        purchases_by_charge[id_after(purchase.value("PrivateNote", ""), "payment ")].push_back(purchase);
    }
    std::map<std::string, std::vector<json>> receipts_by_refund;
    for (const auto& receipt : sync.qbo().entities("RefundReceipt")) {
        for (const auto& refund : refunds) {
            if (receipt.value("PrivateNote", "").find(refund) != std::string::npos) receipts_by_refund[refund].push_back(receipt);
        }
    }
    std::map<std::string, int> hubspot_by_charge;
    for (const auto& payment : p.hubspot_payments_of(hubspot_invoice)) {
        ++hubspot_by_charge[payment.at("properties").value("ledgersync_source_id", "")];
    }
    const auto fees = stripe_fees(p);
    for (const auto& charge : charges) {
        const auto& booked = payments_by_charge[charge];
        ASSERT_EQ(booked.size(), 1u) << "charge " << charge << " is in QuickBooks " << booked.size() << " times";
        EXPECT_EQ(usd(booked.front().at("TotalAmt")), kPaid) << charge;
        const auto& expensed = purchases_by_charge[charge];
        ASSERT_EQ(expensed.size(), 1u) << "the fees of " << charge << " are booked " << expensed.size() << " times";
        ASSERT_TRUE(fees.count(charge)) << charge;
        EXPECT_EQ(usd(expensed.front().at("TotalAmt")), fees.at(charge)) << charge;
        EXPECT_EQ(hubspot_by_charge["stripe/stripe/" + charge], 1) << "charge " << charge << " in HubSpot";
    }
    for (const auto& refund : refunds) {
        const auto& receipts = receipts_by_refund[refund];
        ASSERT_EQ(receipts.size(), 1u) << "refund " << refund << " is in QuickBooks " << receipts.size() << " times";
        EXPECT_EQ(usd(receipts.front().at("TotalAmt")), kRefunded) << refund;
    }
    EXPECT_EQ(sync.qbo().entities("Payment").size(), static_cast<std::size_t>(kPayments));
    EXPECT_EQ(sync.qbo().entities("Purchase").size(), static_cast<std::size_t>(kPayments));
    EXPECT_EQ(sync.qbo().entities("RefundReceipt").size(), refunds.size());
    EXPECT_EQ(sync.hubspot_objects("commerce_payments").size(), static_cast<std::size_t>(kPayments));
    // No payment or refund failed. (The invoice itself may be held in a conflict: 500 payments
    // change its balance in QuickBooks and in HubSpot at once, which the two-way invoice routes
    // see as edits on both sides; the books are not concerned.)
    const json open_failures = sync.cli_json({"failures", "list", "--state", "open"});
    for (const auto& failure : open_failures) {
        EXPECT_NE(failure.value("object", "").rfind("stripe/", 0), 0u) << failure.dump(2);
    }

    std::cout << "kills at QuickBooks object counts:";
    for (const auto count : killed_at) std::cout << " " << count;
    std::cout << "\n";
}

}  // namespace
}  // namespace ledgersync
