// Automatic payouts over real HTTP: what each payout contains (GET
// /v1/balance_transactions?payout=), across a month end, a refund in a later payout, a negative
// balance debited from the bank, a failed payout.

#include <algorithm>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "stripe_sandbox.hpp"

namespace ledgersync::sandbox::testing {
namespace {

constexpr std::int64_t kDay = 86'400;

// 2025-01-30 10:00:00 UTC.
constexpr std::int64_t kJan30 = 1738231200;

std::vector<nlohmann::json> payouts(const StripeSandbox& stripe) {
    const auto page = stripe.get("/v1/payouts?limit=100");
    std::vector<nlohmann::json> out(page.json["data"].begin(), page.json["data"].end());
    std::reverse(out.begin(), out.end());  // oldest first
    return out;
}

std::vector<nlohmann::json> contents(const StripeSandbox& stripe, const std::string& payout) {
    std::vector<nlohmann::json> all;
    std::string after;
    while (true) {
        const auto page = stripe.get("/v1/balance_transactions?limit=100&payout=" + payout +
                                     (after.empty() ? "" : "&starting_after=" + after));
        EXPECT_EQ(page.status, 200) << page.body;
        for (const auto& bt : page.json["data"])
            all.push_back(bt);
        if (page.json["has_more"] != true || page.json["data"].empty())
            return all;
        after = page.json["data"].back()["id"];
    }
}

std::int64_t net_sum(const std::vector<nlohmann::json>& transactions) {
    std::int64_t sum = 0;
    for (const auto& bt : transactions)
        sum += bt.at("net").get<std::int64_t>();
    return sum;
}

class StripePayouts : public ::testing::Test {
protected:
    void SetUp() override {
        stripe.control("POST", "/__sandbox/clock", {{"set_ms", kJan30 * 1000}, {"freeze", true}});
        stripe.control("POST", "/__sandbox/stripe/reset");  // payouts start the day after "now"
        stripe.control("POST", "/__sandbox/stripe/rate_limits", {{"enabled", false}});
        stripe.control("POST", "/__sandbox/stripe/fees", {{"percent", "2.9"}, {"fixed", 30}});
    }
    void advance_days(std::int64_t days) {
        stripe.control("POST", "/__sandbox/stripe/clock", {{"advance_days", days}});
    }
    StripeSandbox stripe;
};

TEST_F(StripePayouts, automatic_payout_lists_exactly_the_transactions_it_paid) {
    const auto a = stripe.pay(1000).at("latest_charge").at("balance_transaction");
    const auto b = stripe.pay(2500).at("latest_charge").at("balance_transaction");
    advance_days(3);  // available on Feb 1 00:00, paid out that day
    const auto all = payouts(stripe);
    ASSERT_EQ(all.size(), 1u);
    const auto& payout = all[0];
    EXPECT_EQ(payout["automatic"], true);
    EXPECT_EQ(payout["amount"], a["net"].get<std::int64_t>() + b["net"].get<std::int64_t>());
    EXPECT_EQ(payout["status"], "paid");
    EXPECT_EQ(payout["reconciliation_status"], "completed");
    const auto listed = contents(stripe, payout["id"]);
    std::set<std::string> ids;
    for (const auto& bt : listed)
        ids.insert(bt["id"].get<std::string>());
    EXPECT_EQ(ids, (std::set<std::string>{a["id"], b["id"], payout["balance_transaction"]}));
    EXPECT_EQ(net_sum(listed), 0);  // the charges' net minus the payout itself
}

TEST_F(StripePayouts, payout_spanning_a_month_end_holds_charges_of_both_months) {
    stripe.pay(1000);  // Jan 30, available Feb 1
    advance_days(1);
    stripe.pay(2000);  // Jan 31, available Feb 2
    stripe.control("POST", "/__sandbox/stripe/payout_schedule", {{"delay_days", 1}});
    advance_days(1);
    stripe.pay(4000);  // Feb 1, available Feb 2 too
    advance_days(1);   // Feb 2: its payout holds the charges of Jan 31 and Feb 1
    const auto all = payouts(stripe);
    ASSERT_FALSE(all.empty());
    // Every charge was paid out exactly once, and some payout held charges of January and February.
    std::set<std::string> months_in_one_payout;
    std::size_t charges = 0;
    for (const auto& payout : all) {
        std::set<std::string> months;
        for (const auto& bt : contents(stripe, payout["id"])) {
            if (bt["type"] != "charge")
                continue;
            ++charges;
            months.insert(bt["created"].get<std::int64_t>() < kJan30 + 2 * kDay - 36000 ? "jan" : "feb");
        }
        if (months.size() == 2)
            months_in_one_payout = months;
    }
    EXPECT_EQ(charges, 3u);
    EXPECT_EQ(months_in_one_payout.size(), 2u);
}

TEST_F(StripePayouts, refund_after_the_charge_was_paid_out_lands_in_a_later_payout) {
    const std::string charge = stripe.pay(5000).at("latest_charge").at("id");
    advance_days(3);
    ASSERT_EQ(payouts(stripe).size(), 1u);
    // The next charge is available at once, so the refund is netted against it in one payout.
    stripe.control("POST", "/__sandbox/stripe/payout_schedule", {{"delay_days", 0}});
    stripe.pay(8000);
    const auto refund = stripe.post("/v1/refunds", {{"charge", charge}, {"amount", "1000"}});
    ASSERT_EQ(refund.status, 200);
    advance_days(3);
    const auto all = payouts(stripe);
    ASSERT_EQ(all.size(), 2u);
    bool found = false;
    for (const auto& bt : contents(stripe, all[1]["id"]))
        found = found || (bt["type"] == "refund" && bt["source"] == refund.json["id"] && bt["amount"] == -1000);
    EXPECT_TRUE(found);
    for (const auto& bt : contents(stripe, all[0]["id"]))
        EXPECT_NE(bt["type"], "refund");
}

TEST_F(StripePayouts, negative_balance_is_debited_as_a_negative_payout) {
    const std::string charge = stripe.pay(5000).at("latest_charge").at("id");
    advance_days(3);
    ASSERT_EQ(payouts(stripe).size(), 1u);
    stripe.post("/v1/refunds", {{"charge", charge}});  // 50.00 back, nothing to net it against
    advance_days(1);
    const auto all = payouts(stripe);
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[1]["amount"], -5000);
    const auto listed = contents(stripe, all[1]["id"]);
    EXPECT_EQ(net_sum(listed), 0);
    const auto payout_bt = stripe.get("/v1/balance_transactions/" + all[1]["balance_transaction"].get<std::string>());
    EXPECT_EQ(payout_bt.json["type"], "payout");
    EXPECT_EQ(payout_bt.json["amount"], 5000);
}

TEST_F(StripePayouts, failed_payout_returns_its_amount_to_the_next_payout) {
    stripe.control("POST", "/__sandbox/stripe/faults", {{"fail_payouts", 1}});
    stripe.pay(3000);
    advance_days(3);  // created Feb 1, arrives Feb 2
    advance_days(1);
    const auto all = payouts(stripe);
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0]["status"], "failed");
    EXPECT_EQ(all[0]["failure_code"], "account_closed");
    const std::string failure_bt = all[0]["failure_balance_transaction"];
    const auto failure = stripe.get("/v1/balance_transactions/" + failure_bt);
    EXPECT_EQ(failure.json["type"], "payout_failure");
    EXPECT_EQ(failure.json["amount"], all[0]["amount"]);
    EXPECT_EQ(all[1]["amount"], all[0]["amount"]);
    bool carried = false;
    for (const auto& bt : contents(stripe, all[1]["id"]))
        carried = carried || bt["id"] == failure_bt;
    EXPECT_TRUE(carried);
    const auto events = stripe.get("/v1/events?type=payout.failed");
    EXPECT_EQ(events.json["data"].size(), 1u);
}

TEST_F(StripePayouts, manual_payouts_cannot_be_decomposed) {
    stripe.control("POST", "/__sandbox/stripe/payout_schedule", {{"interval", "manual"}});
    stripe.pay(3000);
    advance_days(3);
    EXPECT_TRUE(payouts(stripe).empty());
    const auto payout = stripe.post("/v1/payouts", {{"amount", "1000"}, {"currency", "usd"}});
    ASSERT_EQ(payout.status, 200) << payout.body;
    EXPECT_EQ(payout.json["automatic"], false);
    const auto listed = stripe.get("/v1/balance_transactions?payout=" + payout.json["id"].get<std::string>());
    EXPECT_EQ(listed.status, 400);
    EXPECT_EQ(listed.json["error"]["param"], "payout");
    const auto too_much = stripe.post("/v1/payouts", {{"amount", "999999"}, {"currency", "usd"}});
    EXPECT_EQ(too_much.json["error"]["code"], "balance_insufficient");
}

TEST(StripeSeed, seeds_twenty_thousand_charges_with_their_payouts_for_a_backfill) {
    StripeSandbox stripe;
    const auto seeded = stripe.control(
        "POST", "/__sandbox/stripe/seed",
        {{"customers", 50},
         {"charges", {{"count", 20000}, {"amounts", {1000, 2550, 9999}}, {"interval_seconds", 120}}}});
    EXPECT_EQ(seeded["charges"], 20000);
    EXPECT_GT(seeded["payouts_created"].get<int>(), 20);
    // Every charge has its balance transaction, reachable by paging.
    std::size_t charges = 0;
    std::string after;
    for (int pages = 0; pages < 1000; ++pages) {
        const auto page = stripe.get("/v1/balance_transactions?type=charge&limit=100" +
                                     (after.empty() ? std::string() : "&starting_after=" + after));
        ASSERT_EQ(page.status, 200);
        charges += page.json["data"].size();
        if (page.json["has_more"] != true)
            break;
        after = page.json["data"].back()["id"];
    }
    EXPECT_EQ(charges, 20000u);
    const auto first = stripe.get("/v1/charges/" + seeded["first_charge"].get<std::string>());
    EXPECT_EQ(first.json["amount"], 1000);
    EXPECT_TRUE(first.json["balance_transaction"].is_string());
}

}  // namespace
}  // namespace ledgersync::sandbox::testing
