// Disputes into QuickBooks end to end (issue 14, point 5): two card payments of a synced
// invoice, each disputed; the shipped route stripe-disputes-to-qbo books each money movement once,
// by its balance transaction: the withdrawal a Purchase from Stripe Clearing (the amount to
// Chargebacks, the dispute fee to Dispute Fees), the reinstatement of the dispute won a Deposit
// back into it; the lost one adds nothing. With the fee route, the clearing account then holds
// exactly what Stripe's balance moved. HubSpot, QuickBooks and Stripe sandboxes and the
// `ledgersync run` process over real HTTP on 127.0.0.1 (fixture: payment_sync_fixture.hpp).

#include <gtest/gtest.h>

#include <chrono>
#include <thread>
#include <tuple>

#include <ledgersync/sdk.hpp>

#include "payment_sync_fixture.hpp"

namespace ledgersync {
namespace {

using nlohmann::json;
using testing::eventually;
using testing::PaymentSync;
using testing::PaymentSyncOptions;
using testing::usd;
using testing::wait_for_qbo_invoice;

sdk::Decimal cents(const json& minor) { return sdk::Decimal::from_parts(minor.get<std::int64_t>(), 2); }

/// "YYYY-MM-DD" (UTC) of a Stripe time.
std::string utc_date(const json& unix_seconds) {
    return sdk::Timestamp::from_epoch_seconds(unix_seconds.get<std::int64_t>()).date().to_string();
}

/// QuickBooks' `entity` transactions whose memo names `text`.
std::vector<json> mentioning(const PaymentSync& p, const std::string& entity, const std::string& text) {
    std::vector<json> found;
    for (const auto& t : p.sync().qbo().entities(entity)) {
        if (t.value("PrivateNote", "").find(text) != std::string::npos) found.push_back(t);
    }
    return found;
}

/// The account a Purchase or Deposit line is booked to.
std::string line_account(const json& line) {
    const char* detail = line.contains("DepositLineDetail") ? "DepositLineDetail" : "AccountBasedExpenseLineDetail";
    return line.at(detail).at("AccountRef").at("value");
}

TEST(PaymentSync, each_money_movement_of_a_dispute_is_booked_once_won_reinstates_it_lost_adds_nothing_and_clearing_follows_stripe) {
    PaymentSyncOptions options;
    options.more_routes = testing::shipped_routes("payment-fees.json");
    PaymentSync p(options);
    const json invoice = wait_for_qbo_invoice(p.sync(), "plain");
    ASSERT_FALSE(invoice.is_null()) << p.sync().log();
    const std::string hubspot_id = p.sync().invoice_id("plain");
    const std::string to_win = p.pay(hubspot_id, "250.00");
    const std::string to_lose = p.pay(hubspot_id, "350.00");
    ASSERT_EQ(p.wait_for_qbo_payments(invoice.at("Id"), 2).size(), 2u) << p.sync().log();

    // Opened: Stripe takes the disputed amount and its 15.00 fee from the balance at once.
    const json won = p.stripe().control("POST", "/__sandbox/stripe/disputes", {{"charge", to_win}, {"reason", "fraudulent"}});
    const json lost = p.stripe().control("POST", "/__sandbox/stripe/disputes", {{"charge", to_lose}, {"reason", "product_not_received"}});
    const std::string won_id = won.at("id");
    const std::string lost_id = lost.at("id");
    ASSERT_TRUE(eventually([&] { return !mentioning(p, "Purchase", won_id).empty() && !mentioning(p, "Purchase", lost_id).empty(); }))
        << p.sync().cli({"objects", "show", "stripe/dispute/" + won_id}).out << p.sync().log();
    for (const auto& [dispute, amount, total] : {std::tuple{won, "250.00", "265.00"}, std::tuple{lost, "350.00", "365.00"}}) {
        const auto purchases = mentioning(p, "Purchase", dispute.at("id").get<std::string>());
        ASSERT_EQ(purchases.size(), 1u);
        const json& purchase = purchases.front();
        const json& withdrawal = dispute.at("balance_transactions").at(0);
        EXPECT_EQ(usd(purchase.at("TotalAmt")), total);
        EXPECT_EQ(cents(withdrawal.at("net")), -sdk::Decimal::parse(total)) << "Stripe's own figure";
        EXPECT_EQ(purchase.at("AccountRef").at("value"), testing::kClearingAccount) << "paid from the clearing account";
        EXPECT_EQ(purchase.at("EntityRef").at("value"), "1") << "payee Stripe";
        EXPECT_EQ(purchase.at("TxnDate"), utc_date(withdrawal.at("created")));
        EXPECT_NE(purchase.at("PrivateNote").get<std::string>().find(withdrawal.at("id").get<std::string>()), std::string::npos);
        const json& lines = purchase.at("Line");
        ASSERT_EQ(lines.size(), 2u) << purchase.dump(2);
        EXPECT_EQ(usd(lines.at(0).at("Amount")), amount);
        EXPECT_EQ(line_account(lines.at(0)), testing::kChargebacksAccount);
        EXPECT_EQ(usd(lines.at(1).at("Amount")), "15.00");
        EXPECT_EQ(line_account(lines.at(1)), testing::kDisputeFeesAccount) << "not buried in the processing fees";
    }
    EXPECT_TRUE(p.sync().qbo().entities("Deposit").empty()) << "nothing comes back before a dispute is won";

    // Closed: the won amount comes back (Stripe keeps the fee by default), the lost one stays out.
    const json reinstated = p.stripe().control("POST", "/__sandbox/stripe/disputes/" + won_id + "/resolve", {{"outcome", "won"}});
    p.stripe().control("POST", "/__sandbox/stripe/disputes/" + lost_id + "/resolve", {{"outcome", "lost"}});
    ASSERT_TRUE(eventually([&] { return !mentioning(p, "Deposit", won_id).empty(); })) << p.sync().log();
    const json& reinstatement = reinstated.at("balance_transactions").at(1);
    ASSERT_EQ(reinstatement.at("reporting_category"), "dispute_reversal");
    const auto deposits = mentioning(p, "Deposit", won_id);
    ASSERT_EQ(deposits.size(), 1u);
    EXPECT_EQ(usd(deposits[0].at("TotalAmt")), "250.00");
    EXPECT_EQ(cents(reinstatement.at("net")), sdk::Decimal::parse("250.00"));
    EXPECT_EQ(deposits[0].at("DepositToAccountRef").at("value"), testing::kClearingAccount);
    ASSERT_EQ(deposits[0].at("Line").size(), 1u) << "the fee Stripe kept is not returned";
    EXPECT_EQ(line_account(deposits[0].at("Line").at(0)), testing::kChargebacksAccount);
    EXPECT_NE(deposits[0].at("PrivateNote").get<std::string>().find(reinstatement.at("id").get<std::string>()), std::string::npos);

    // Each movement once, across the later versions of both disputes, a SIGKILL and a re-read.
    const auto counted = [&] {
        return std::tuple{mentioning(p, "Purchase", won_id).size(), mentioning(p, "Purchase", lost_id).size(),
                          p.sync().qbo().entities("Deposit").size(), p.sync().qbo().entities("Purchase").size()};
    };
    ASSERT_TRUE(eventually([&] { return std::get<3>(counted()) == 4; })) << "two fee purchases, two dispute purchases";
    std::this_thread::sleep_for(std::chrono::seconds(3));
    p.sync().kill_host();
    p.sync().start_host();
    std::this_thread::sleep_for(std::chrono::seconds(4));
    EXPECT_EQ(counted(), (std::tuple<std::size_t, std::size_t, std::size_t, std::size_t>{1, 1, 1, 4}));

    // Stripe Clearing: +250.00 +350.00 (payments) -7.55 -10.45 (fees) -265.00 -365.00 (disputes)
    // +250.00 (won back) = 202.00, exactly what the balance transactions of these charges and
    // disputes moved in Stripe.
    const auto [status, moved] = p.stripe().get("/v1/balance_transactions?limit=100");
    ASSERT_EQ(status, 200);
    sdk::Decimal stripe_net;
    for (const auto& t : moved.at("data")) stripe_net += cents(t.at("net"));
    EXPECT_EQ(moved.at("data").size(), 5u) << "two charges, two withdrawals, one reinstatement";
    EXPECT_EQ(stripe_net, sdk::Decimal::parse("202.00"));
    EXPECT_EQ(p.sync().qbo().account_balance(testing::kClearingAccount), stripe_net);
}

}  // namespace
}  // namespace ledgersync
