// The fee route end to end: the fees of each Stripe payment become one QuickBooks Purchase with
// Stripe's amounts exactly, once per payment; a route turned on after payments were read books
// those from its `since` date once, and neither a restart, a re-read nor a refund books any again.

#include <gtest/gtest.h>

#include <chrono>
#include <ctime>
#include <map>
#include <thread>

#include <ledgersync/sdk.hpp>

#include "payment_books.hpp"

namespace ledgersync::testing {
namespace {

using nlohmann::json;

/// A paid charge as Stripe holds it: its id, balance transaction and fee.
struct Charge {
    std::string id;
    std::string balance_transaction;
    sdk::Decimal fee;
};

Charge pay(const PaymentBooks& books, std::int64_t cents) {
    const json intent = books.stripe().pay(cents);
    const json& charge = intent.at("latest_charge");
    const json& txn = charge.at("balance_transaction");
    return {charge.at("id"), txn.at("id"), sdk::Decimal::from_parts(txn.at("fee").get<std::int64_t>(), 2)};
}

sdk::Decimal amount_of(const json& line) { return sdk::Decimal::from_json(line.at("Amount")); }

/// The one Purchase of `charge`'s fees, checked against Stripe's figures and the route's accounts.
void expect_booked_once(const PaymentBooks& books, const Charge& charge) {
    const auto purchases = books.purchases_mentioning("on payment " + charge.id + " ");
    ASSERT_EQ(purchases.size(), 1u) << charge.id;
    const json& purchase = purchases.front();
    EXPECT_EQ(purchase.at("PrivateNote"), "Stripe fees on payment " + charge.id + " (" + charge.balance_transaction + ")");
    EXPECT_EQ(purchase.at("EntityRef").at("value"), "1") << "vendor Stripe";
    EXPECT_EQ(purchase.at("AccountRef").at("value"), "91") << "paid from Stripe Clearing";
    ASSERT_EQ(purchase.at("Line").size(), 1u);
    const json& line = purchase.at("Line").at(0);
    EXPECT_EQ(line.at("AccountBasedExpenseLineDetail").at("AccountRef").at("value"), "90") << "Merchant Fees";
    EXPECT_EQ(amount_of(line), charge.fee) << charge.id;
    EXPECT_EQ(sdk::Decimal::from_json(purchase.at("TotalAmt")), charge.fee) << charge.id;
}

TEST(FeeRoute, enabled_late_it_books_the_fees_of_past_payments_from_its_date_once_and_never_again) {
    PaymentBooks books(json::array({payment_reading_route()}));
    // Two payments three days ago, three yesterday (the sandbox's clock dates them).
    const std::int64_t now = std::time(nullptr);
    books.freeze_stripe_clock(now - 3 * 86400);
    const std::vector<Charge> older = {pay(books, 1000), pay(books, 2599)};
    books.advance_stripe_days(2);
    std::vector<Charge> recent = {pay(books, 12345), pay(books, 777), pay(books, 50000)};
    const std::string since = utc_date(now - 86400 - 3600);

    // The host reads every payment while no route books fees.
    books.start_host();
    ASSERT_TRUE(eventually([&] {
        for (const auto& c : older) if (!books.host_has_read(c.id)) return false;
        for (const auto& c : recent) if (!books.host_has_read(c.id)) return false;
        return true;
    })) << books.log();
    books.stop_host();
    ASSERT_TRUE(books.purchases_mentioning("Stripe fees").empty());

    // The fee route is turned on from yesterday: yesterday's three payments are booked, not the older two.
    json routes = shipped_fee_routes(since);
    routes.push_back(payment_reading_route());
    books.set_routes(routes);
    books.start_host();
    ASSERT_TRUE(eventually([&] { return books.purchases_mentioning("Stripe fees").size() >= 3; })) << books.log();
    for (const auto& c : recent) expect_booked_once(books, c);
    for (const auto& c : older) EXPECT_TRUE(books.purchases_mentioning(c.id).empty()) << c.id << " is older than since";
    EXPECT_NE(books.last_log().find("routing the payment objects of stripe already read, from " + since), std::string::npos)
        << books.last_log();
    books.stop_host();

    // A restart does not walk the payments again; a refund (a new version of a payment) and a
    // new payment: the new one is booked, nothing twice.
    ASSERT_EQ(books.stripe().post("/v1/refunds", {{"charge", recent[0].id}, {"amount", "1000"}}).status, 200);
    recent.push_back(pay(books, 4200));
    books.start_host();
    ASSERT_TRUE(eventually([&] { return books.purchases_mentioning("Stripe fees").size() >= 4; })) << books.log();
    // The refunded version reaches the route, which has already carried its content.
    EXPECT_TRUE(eventually([&] {
        const auto shown = books.cli({"objects", "show", "stripe/payment/" + recent[0].id, "--json"});
        if (shown.exit_code != 0) return false;
        const json object = json::parse(shown.out);
        for (const auto& entry : object.at("timeline")) {
            if (entry.at("event") == "unchanged" && entry.at("route") == "payment-fees-to-qbo") return true;
        }
        return false;
    })) << books.cli({"objects", "show", "stripe/payment/" + recent[0].id}).out;
    std::this_thread::sleep_for(std::chrono::seconds(3));  // time for a duplicate to appear, if any would
    EXPECT_EQ(books.purchases_mentioning("Stripe fees").size(), 4u) << books.log();
    for (const auto& c : recent) expect_booked_once(books, c);
    EXPECT_EQ(books.last_log().find("already read, from"), std::string::npos) << "the backfill ran again:\n" << books.last_log();
}

}  // namespace
}  // namespace ledgersync::testing
