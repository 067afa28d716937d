// Charges, fees, currencies, refunds and disputes over real HTTP: every money movement is one
// balance transaction whose amounts are exact against the configured rates.

#include <algorithm>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "stripe_sandbox.hpp"

namespace ledgersync::sandbox::testing {
namespace {

nlohmann::json fee_of_type(const nlohmann::json& transaction, const std::string& type) {
    for (const auto& fee : transaction.at("fee_details")) {
        if (fee.at("type") == type)
            return fee;
    }
    return nullptr;
}

TEST(StripeMoney, charge_fee_splits_into_stripe_fee_application_fee_and_tax_exactly) {
    StripeSandbox stripe;
    stripe.control("POST", "/__sandbox/stripe/fees",
                   {{"percent", "2.9"}, {"fixed", 30}, {"tax_percent", "20"}});
    const auto intent = stripe.pay(10000, "usd", {{"application_fee_amount", "123"}});
    ASSERT_EQ(intent.at("status"), "succeeded");
    const auto& charge = intent.at("latest_charge");
    const auto& bt = charge.at("balance_transaction");
    // 2.9 % of 100.00 = 2.90, + 0.30 = 3.20; tax 20 % of 3.20 = 0.64; application fee 1.23.
    EXPECT_EQ(bt.at("type"), "charge");
    EXPECT_EQ(bt.at("reporting_category"), "charge");
    EXPECT_EQ(bt.at("amount"), 10000);
    EXPECT_EQ(fee_of_type(bt, "stripe_fee").at("amount"), 320);
    EXPECT_EQ(fee_of_type(bt, "tax").at("amount"), 64);
    EXPECT_EQ(fee_of_type(bt, "application_fee").at("amount"), 123);
    EXPECT_EQ(bt.at("fee"), 320 + 64 + 123);
    EXPECT_EQ(bt.at("net"), 10000 - 507);
    EXPECT_EQ(bt.at("source"), charge.at("id"));
    EXPECT_EQ(bt.at("status"), "pending");
    EXPECT_TRUE(bt.at("exchange_rate").is_null());
}

TEST(StripeMoney, fee_rounds_half_up_to_the_minor_unit) {
    StripeSandbox stripe;
    stripe.control("POST", "/__sandbox/stripe/fees", {{"percent", "2.9"}, {"fixed", 30}});
    // 2.9 % of 1050 = 30.45 -> 30; of 1550 = 44.95 -> 45.
    const auto a = stripe.pay(1050).at("latest_charge").at("balance_transaction");
    const auto b = stripe.pay(1550).at("latest_charge").at("balance_transaction");
    EXPECT_EQ(a.at("fee"), 60);
    EXPECT_EQ(b.at("fee"), 75);
}

TEST(StripeMoney, foreign_currency_charge_settles_in_account_currency_at_configured_rate) {
    StripeSandbox stripe;
    stripe.control("POST", "/__sandbox/stripe/exchange_rates", {{"rates", {{"eur", "1.0850"}}}});
    stripe.control("POST", "/__sandbox/stripe/fees",
                   {{"percent", "2.9"}, {"fixed", 30}, {"fx_percent", "1"}});
    const auto charge = stripe.pay(1000, "eur").at("latest_charge");
    EXPECT_EQ(charge.at("currency"), "eur");
    EXPECT_EQ(charge.at("amount"), 1000);
    const auto& bt = charge.at("balance_transaction");
    EXPECT_EQ(bt.at("currency"), "usd");
    EXPECT_EQ(bt.at("amount"), 1085);  // 10.00 EUR x 1.0850
    EXPECT_EQ(bt.at("exchange_rate"), "1.0850");
    EXPECT_EQ(bt.at("fee"), 42 + 30);  // 3.9 % of 1085 = 42.315 -> 42, + 30
    // On the wire the rate is a JSON number with its exact digits.
    const auto raw = stripe.get("/v1/balance_transactions/" + bt.at("id").get<std::string>());
    EXPECT_NE(raw.body.find("\"exchange_rate\":1.0850"), std::string::npos) << raw.body;
}

TEST(StripeMoney, zero_decimal_currency_converts_from_whole_units) {
    StripeSandbox stripe;
    stripe.control("POST", "/__sandbox/stripe/exchange_rates", {{"rates", {{"jpy", "0.0067"}}}});
    const auto bt = stripe.pay(1500, "jpy").at("latest_charge").at("balance_transaction");
    EXPECT_EQ(bt.at("amount"), 1005);  // 1500 JPY x 0.0067 = 10.05 USD
}

TEST(StripeMoney, currency_without_rate_is_refused_with_a_fix) {
    StripeSandbox stripe;
    const auto r = stripe.post("/v1/payment_intents", {{"amount", "100"}, {"currency", "chf"}});
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(r.json["error"]["param"], "currency");
    EXPECT_NE(r.json["error"]["message"].get<std::string>().find("/__sandbox/stripe/exchange_rates"),
              std::string::npos);
}

TEST(StripeMoney, declined_card_answers_402_and_records_a_failed_charge_without_money) {
    StripeSandbox stripe;
    const auto r = stripe.post("/v1/payment_intents", {{"amount", "500"},
                                                       {"currency", "usd"},
                                                       {"payment_method", "pm_card_chargeDeclined"},
                                                       {"confirm", "true"}});
    ASSERT_EQ(r.status, 402);
    EXPECT_EQ(r.json["error"]["type"], "card_error");
    EXPECT_EQ(r.json["error"]["code"], "card_declined");
    EXPECT_EQ(r.json["error"]["decline_code"], "generic_decline");
    const auto charge = stripe.get("/v1/charges/" + r.json["error"]["charge"].get<std::string>());
    EXPECT_EQ(charge.json["status"], "failed");
    EXPECT_TRUE(charge.json["balance_transaction"].is_null());
    EXPECT_EQ(stripe.get("/v1/balance_transactions").json["data"].size(), 0u);
}

TEST(StripeMoney, refund_is_a_negative_balance_transaction_and_the_fee_is_not_returned) {
    StripeSandbox stripe;
    const auto charge = stripe.pay(2000).at("latest_charge");
    const auto r = stripe.post("/v1/refunds", {{"charge", charge.at("id").get<std::string>()},
                                               {"amount", "500"},
                                               {"expand[]", "balance_transaction"}});
    ASSERT_EQ(r.status, 200) << r.body;
    const auto& bt = r.json.at("balance_transaction");
    EXPECT_EQ(bt.at("type"), "refund");
    EXPECT_EQ(bt.at("reporting_category"), "refund");
    EXPECT_EQ(bt.at("amount"), -500);
    EXPECT_EQ(bt.at("fee"), 0);
    EXPECT_TRUE(bt.at("fee_details").empty());
    EXPECT_EQ(bt.at("net"), -500);
    // The charge keeps its original fee.
    const auto after = stripe.get("/v1/charges/" + charge.at("id").get<std::string>() +
                                  "?expand[]=balance_transaction");
    EXPECT_EQ(after.json["balance_transaction"]["fee"], charge.at("balance_transaction").at("fee"));
    EXPECT_EQ(after.json["amount_refunded"], 500);
    EXPECT_EQ(after.json["refunded"], false);
}

TEST(StripeMoney, partial_refunds_accumulate_and_an_over_refund_is_refused) {
    StripeSandbox stripe;
    const std::string charge = stripe.pay(1000).at("latest_charge").at("id");
    EXPECT_EQ(stripe.post("/v1/refunds", {{"charge", charge}, {"amount", "600"}}).status, 200);
    const auto over = stripe.post("/v1/refunds", {{"charge", charge}, {"amount", "500"}});
    EXPECT_EQ(over.status, 400);
    EXPECT_EQ(over.json["error"]["code"], "amount_too_large");
    EXPECT_EQ(over.json["error"]["param"], "amount");
    const auto rest = stripe.post("/v1/refunds", {{"charge", charge}});
    EXPECT_EQ(rest.json["amount"], 400);
    const auto after = stripe.get("/v1/charges/" + charge + "?expand[]=refunds");
    EXPECT_EQ(after.json["amount_refunded"], 1000);
    EXPECT_EQ(after.json["refunded"], true);
    EXPECT_EQ(after.json["refunds"]["data"].size(), 2u);
    const auto again = stripe.post("/v1/refunds", {{"charge", charge}});
    EXPECT_EQ(again.json["error"]["code"], "charge_already_refunded");
}

TEST(StripeMoney, refund_by_payment_intent_finds_its_charge) {
    StripeSandbox stripe;
    const auto intent = stripe.pay(700);
    const auto r = stripe.post("/v1/refunds", {{"payment_intent", intent.at("id").get<std::string>()}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.json["charge"], intent.at("latest_charge").at("id"));
    EXPECT_EQ(r.json["amount"], 700);
}

TEST(StripeMoney, dispute_withdraws_amount_and_fee_and_a_win_reinstates_the_amount) {
    StripeSandbox stripe;
    stripe.control("POST", "/__sandbox/stripe/fees", {{"dispute_fee", 1500}});
    const auto intent = stripe.post("/v1/payment_intents", {{"amount", "5000"},
                                                            {"currency", "usd"},
                                                            {"payment_method", "pm_card_createDispute"},
                                                            {"confirm", "true"}});
    ASSERT_EQ(intent.status, 200) << intent.body;
    const std::string charge = intent.json["latest_charge"];
    const auto disputes = stripe.get("/v1/disputes?charge=" + charge);
    ASSERT_EQ(disputes.json["data"].size(), 1u);
    const auto dispute = disputes.json["data"][0];
    EXPECT_EQ(dispute["status"], "needs_response");
    const auto& withdrawal = dispute["balance_transactions"][0];
    EXPECT_EQ(withdrawal["type"], "adjustment");
    EXPECT_EQ(withdrawal["reporting_category"], "dispute");
    EXPECT_EQ(withdrawal["amount"], -5000);
    EXPECT_EQ(withdrawal["fee"], 1500);
    EXPECT_EQ(withdrawal["fee_details"][0]["description"], "Dispute fee");
    EXPECT_EQ(withdrawal["net"], -6500);
    EXPECT_EQ(stripe.get("/v1/charges/" + charge).json["disputed"], true);

    const auto won = stripe.post("/v1/disputes/" + dispute["id"].get<std::string>(),
                                 {{"evidence[uncategorized_text]", "winning_evidence"}});
    ASSERT_EQ(won.status, 200) << won.body;
    EXPECT_EQ(won.json["status"], "won");
    ASSERT_EQ(won.json["balance_transactions"].size(), 2u);
    const auto& reinstated = won.json["balance_transactions"][1];
    EXPECT_EQ(reinstated["reporting_category"], "dispute_reversal");
    EXPECT_EQ(reinstated["amount"], 5000);
    EXPECT_EQ(reinstated["fee"], 0);  // the dispute fee stays with Stripe by default
    const auto types = stripe.get("/v1/events?type=charge.dispute.*&limit=10").json["data"];
    std::vector<std::string> seen;
    for (const auto& e : types)
        seen.push_back(e["type"].get<std::string>());
    EXPECT_NE(std::find(seen.begin(), seen.end(), "charge.dispute.funds_withdrawn"), seen.end());
    EXPECT_NE(std::find(seen.begin(), seen.end(), "charge.dispute.funds_reinstated"), seen.end());
    EXPECT_NE(std::find(seen.begin(), seen.end(), "charge.dispute.closed"), seen.end());
}

TEST(StripeMoney, dispute_lost_by_closing_moves_no_more_money) {
    StripeSandbox stripe;
    const std::string charge = stripe.pay(3000).at("latest_charge").at("id");
    const auto dispute = stripe.control("POST", "/__sandbox/stripe/disputes", {{"charge", charge}});
    const auto closed = stripe.post("/v1/disputes/" + dispute.at("id").get<std::string>() + "/close");
    ASSERT_EQ(closed.status, 200) << closed.body;
    EXPECT_EQ(closed.json["status"], "lost");
    EXPECT_EQ(closed.json["balance_transactions"].size(), 1u);
    const auto adjustments = stripe.get("/v1/balance_transactions?type=adjustment");
    EXPECT_EQ(adjustments.json["data"].size(), 1u);
}

TEST(StripeMoney, balance_splits_pending_and_available_by_the_clock) {
    StripeSandbox stripe;
    stripe.control("POST", "/__sandbox/stripe/payout_schedule", {{"interval", "manual"}});
    stripe.control("POST", "/__sandbox/stripe/fees", {{"percent", "0"}, {"fixed", 0}});
    stripe.pay(1000);
    auto balance = stripe.get("/v1/balance").json;
    EXPECT_EQ(balance["pending"][0]["amount"], 1000);
    EXPECT_EQ(balance["available"][0]["amount"], 0);
    stripe.control("POST", "/__sandbox/stripe/clock", {{"advance_days", 3}});
    balance = stripe.get("/v1/balance").json;
    EXPECT_EQ(balance["pending"][0]["amount"], 0);
    EXPECT_EQ(balance["available"][0]["amount"], 1000);
}

TEST(StripeMoney, balance_transactions_since_a_time_are_listed_newest_first_with_their_sources_expanded) {
    StripeSandbox stripe;
    const std::string old_charge = stripe.pay(10000).at("latest_charge").at("id");
    stripe.control("POST", "/__sandbox/stripe/clock", {{"advance_days", 5}});
    const nlohmann::json refund = stripe.post("/v1/refunds", {{"charge", old_charge}, {"amount", "2500"}}).json;
    const std::string new_charge = stripe.pay(3000).at("latest_charge").at("id");
    const std::string since = "created%5Bgte%5D=" + std::to_string(refund.at("created").get<std::int64_t>());

    const auto all = stripe.get("/v1/balance_transactions?limit=100&" + since + "&expand%5B%5D=data.source");
    ASSERT_EQ(all.status, 200) << all.body;
    std::vector<std::string> sources;
    for (const auto& transaction : all.json["data"]) {
        ASSERT_TRUE(transaction["source"].is_object()) << transaction.dump();
        sources.push_back(transaction["source"]["id"]);
        if (transaction["type"] == "refund") {
            EXPECT_EQ(transaction["source"]["object"], "refund");
            EXPECT_EQ(transaction["source"]["charge"], old_charge);
        }
    }
    const auto position = [&](const std::string& id) { return std::find(sources.begin(), sources.end(), id) - sources.begin(); };
    ASSERT_LT(position(new_charge), static_cast<long>(sources.size())) << all.body;
    ASSERT_LT(position(refund.at("id")), static_cast<long>(sources.size())) << all.body;
    EXPECT_LT(position(new_charge), position(refund.at("id"))) << "not newest first";
    EXPECT_EQ(position(old_charge), static_cast<long>(sources.size())) << "the old charge's own transaction is older";

    // Paging keeps the filter and the expansion.
    ASSERT_GE(sources.size(), 2u);
    const auto first = stripe.get("/v1/balance_transactions?limit=1&" + since + "&expand%5B%5D=data.source");
    ASSERT_EQ(first.json["data"].size(), 1u);
    EXPECT_TRUE(first.json["has_more"]);
    const auto second = stripe.get("/v1/balance_transactions?limit=1&" + since + "&expand%5B%5D=data.source&starting_after=" +
                                   first.json["data"][0]["id"].get<std::string>());
    ASSERT_EQ(second.json["data"].size(), 1u);
    EXPECT_EQ(second.json["data"][0]["source"]["id"], sources[1]);
}

}  // namespace
}  // namespace ledgersync::sandbox::testing
