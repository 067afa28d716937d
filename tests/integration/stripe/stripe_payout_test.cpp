// Payouts and disputes read by the Stripe connector from the sandbox's Stripe emulator over real
// HTTP: a payout with the balance transactions it contains, whose nets sum to its amount exactly;
// a failed payout whose amount comes back in a later payout; a dispute with its dispute fee,
// followed through events until it is won.

#include <gtest/gtest.h>

#include <algorithm>

#include "stripe_test_support.hpp"

namespace ledgersync::testing {
namespace {

using nlohmann::json;

// 2025-01-30 10:00:00 UTC: payouts run at each following midnight (UTC) the clock passes.
constexpr std::int64_t kJan30 = 1738231200;

/// A sandbox frozen at kJan30, its Stripe account fresh (payouts start the next day).
void start_frozen(const StripeSandbox& stripe) {
    stripe.control("POST", "/__sandbox/clock", {{"set_ms", kJan30 * 1000}, {"freeze", true}});
    stripe.control("POST", "/__sandbox/stripe/reset");
}

void advance_days(const StripeSandbox& stripe, std::int64_t days) {
    stripe.control("POST", "/__sandbox/stripe/clock", {{"advance_days", days}});
}

/// The sandbox's payouts, oldest first.
std::vector<json> payouts_of(const StripeSandbox& stripe) {
    const json page = stripe.get("/v1/payouts?limit=100").json;
    std::vector<json> out(page.at("data").begin(), page.at("data").end());
    std::reverse(out.begin(), out.end());
    return out;
}

sdk::Decimal cents(std::int64_t minor) { return sdk::Decimal::from_parts(minor, 2); }

sdk::Decimal net_sum(const json& body) {
    sdk::Decimal sum;
    for (const auto& t : body.at("transactions")) sum += sdk::Decimal::parse(t.at("net").get<std::string>());
    return sum;
}

TEST(StripePayoutRead, a_payout_is_read_with_contents_whose_nets_sum_to_its_amount_exactly) {
    StripeSandbox stripe;
    start_frozen(stripe);
    std::vector<std::string> charges;
    for (const std::int64_t amount : {1000, 2599, 12345, 777}) charges.push_back(stripe.pay(amount).at("latest_charge").at("id"));
    // A refund is available at once, the charges two days later: the Jan 31 payout holds only
    // the refund, a negative balance debited from the bank; the Feb 1 payout holds the charges.
    ASSERT_EQ(stripe.post("/v1/refunds", {{"charge", charges[2]}, {"amount", "1234"}}).status, 200);
    advance_days(stripe, 4);
    const auto payouts = payouts_of(stripe);
    ASSERT_EQ(payouts.size(), 2u);
    ASSERT_EQ(payouts[1].at("status"), "paid");

    auto harness = stripe_harness(stripe_connector_config(stripe, {{"limits", {{"page_size", 2}}}}));  // contents over 3 pages
    const StreamRead read = read_until_caught_up(harness.connector(), "payout");
    EXPECT_TRUE(read.untranslated.empty()) << read.untranslated.front().reason;

    const sdk::Record* debit = last_record_of(read.records, payouts[0].at("id"));
    ASSERT_NE(debit, nullptr);
    EXPECT_EQ(debit->body.at("amount"), "-12.34");
    ASSERT_EQ(debit->body.at("transactions").size(), 1u);
    EXPECT_EQ(debit->body.at("transactions").at(0).at("type"), "refund");
    EXPECT_EQ(debit->body.at("transactions").at(0).at("net"), "-12.34");

    const json& payout = payouts[1];
    const sdk::Record* record = last_record_of(read.records, payout.at("id"));
    ASSERT_NE(record, nullptr);
    EXPECT_EQ(record->identity.type, "payout");
    EXPECT_EQ(record->schema, "ledgersync.payout");
    const json& body = record->body;
    EXPECT_TRUE(sdk::model::Payout::validate_json(body).empty()) << sdk::model::Payout::validate_json(body).to_string();
    EXPECT_EQ(body.at("amount"), cents(payout.at("amount")).to_string());
    EXPECT_EQ(body.at("status"), "paid");
    EXPECT_EQ(body.at("kind"), "automatic");
    EXPECT_EQ(body.at("date"), "2025-02-01");
    EXPECT_EQ(body.at("processor_ids").at("stripe_payout"), payout.at("id"));
    // The four charges; not the payout's own balance transaction.
    ASSERT_EQ(body.at("transactions").size(), 4u);
    std::vector<std::string> sources;
    for (const auto& t : body.at("transactions")) {
        EXPECT_NE(t.at("id"), payout.at("balance_transaction"));
        sources.push_back(t.value("source_id", ""));
        // Each line is the sandbox's balance transaction, exactly.
        const json bt = stripe.get("/v1/balance_transactions/" + t.at("id").get<std::string>()).json;
        EXPECT_EQ(t.at("net"), cents(bt.at("net")).to_string());
        EXPECT_EQ(t.at("fee"), cents(bt.at("fee")).to_string());
        EXPECT_EQ(t.at("type"), bt.at("type"));
    }
    for (const auto& charge : charges) EXPECT_NE(std::find(sources.begin(), sources.end(), charge), sources.end()) << charge;
    EXPECT_EQ(net_sum(body), sdk::Decimal::parse(body.at("amount").get<std::string>()));
}

TEST(StripePayoutRead, a_failed_payout_and_the_later_payout_that_returns_its_amount_both_add_up) {
    StripeSandbox stripe;
    start_frozen(stripe);
    stripe.control("POST", "/__sandbox/stripe/faults", {{"fail_payouts", 1}});
    stripe.pay(3000);
    stripe.pay(4500);
    advance_days(stripe, 3);  // created Feb 1, arrives (fails) Feb 2
    stripe.pay(1999);
    advance_days(stripe, 3);  // the failure and the new charge are paid out again
    const auto payouts = payouts_of(stripe);
    ASSERT_GE(payouts.size(), 2u);
    ASSERT_EQ(payouts[0].at("status"), "failed");

    auto harness = stripe_harness(stripe_connector_config(stripe));
    const StreamRead read = read_until_caught_up(harness.connector(), "payout");
    EXPECT_TRUE(read.untranslated.empty()) << read.untranslated.front().reason;
    const sdk::Record* failed = last_record_of(read.records, payouts[0].at("id"));
    ASSERT_NE(failed, nullptr);
    EXPECT_EQ(failed->body.at("status"), "failed");
    EXPECT_EQ(net_sum(failed->body), sdk::Decimal::parse(failed->body.at("amount").get<std::string>()));

    bool returned = false;
    for (std::size_t i = 1; i < payouts.size(); ++i) {
        const sdk::Record* later = last_record_of(read.records, payouts[i].at("id"));
        ASSERT_NE(later, nullptr);
        EXPECT_TRUE(sdk::model::Payout::validate_json(later->body).empty());
        EXPECT_EQ(net_sum(later->body), sdk::Decimal::parse(later->body.at("amount").get<std::string>()));
        for (const auto& t : later->body.at("transactions")) {
            if (t.at("type") == "payout_failure" && t.value("source_id", "") == payouts[0].at("id")) {
                returned = true;
                EXPECT_EQ(t.at("net"), failed->body.at("amount"));
            }
        }
    }
    EXPECT_TRUE(returned) << "no later payout returns the failed payout's amount";
}

TEST(StripeDisputeRead, a_dispute_is_read_with_its_fee_and_followed_through_events_until_won) {
    StripeSandbox stripe;
    const std::string charge = stripe.pay(5000).at("latest_charge").at("id");
    auto harness = stripe_harness(stripe_connector_config(stripe));
    StreamRead disputes = read_until_caught_up(harness.connector(), "dispute");
    EXPECT_TRUE(disputes.records.empty());

    const json opened = stripe.control("POST", "/__sandbox/stripe/disputes", {{"charge", charge}, {"reason", "fraudulent"}});
    const std::string id = opened.at("id");
    const json withdrawal = opened.at("balance_transactions").at(0);
    ASSERT_GT(withdrawal.at("fee").get<std::int64_t>(), 0) << "the sandbox charged no dispute fee";
    disputes = read_until_caught_up(harness.connector(), "dispute", disputes.cursor);
    EXPECT_TRUE(disputes.untranslated.empty());
    const sdk::Record* record = last_record_of(disputes.records, id);
    ASSERT_NE(record, nullptr) << "the catch-up through events did not read the new dispute";
    EXPECT_EQ(record->body.at("status"), "needs_response");
    EXPECT_EQ(record->body.at("reason"), "fraudulent");
    EXPECT_EQ(record->body.at("amount"), "50.00");
    EXPECT_EQ(record->body.at("payment").at("id"), charge);
    ASSERT_EQ(record->body.at("transactions").size(), 1u);
    const json& withdrawn = record->body.at("transactions").at(0);
    EXPECT_EQ(withdrawn.at("type"), "dispute");
    EXPECT_EQ(withdrawn.at("gross"), "-50.00");
    EXPECT_EQ(withdrawn.at("fee"), cents(withdrawal.at("fee")).to_string());
    EXPECT_EQ(withdrawn.at("net"), cents(withdrawal.at("net")).to_string());
    ASSERT_EQ(record->links.size(), 1u);
    EXPECT_EQ(record->links[0].id, charge);

    stripe.control("POST", "/__sandbox/stripe/disputes/" + id + "/resolve", {{"outcome", "won"}});
    disputes = read_until_caught_up(harness.connector(), "dispute", disputes.cursor);
    record = last_record_of(disputes.records, id);
    ASSERT_NE(record, nullptr);
    EXPECT_EQ(record->body.at("status"), "won");
    ASSERT_EQ(record->body.at("transactions").size(), 2u);
    EXPECT_EQ(record->body.at("transactions").at(1).at("type"), "dispute_reversal");
    EXPECT_EQ(record->body.at("transactions").at(1).at("gross"), "50.00");
    EXPECT_TRUE(sdk::model::Dispute::validate_json(record->body).empty());
}

}  // namespace
}  // namespace ledgersync::testing
