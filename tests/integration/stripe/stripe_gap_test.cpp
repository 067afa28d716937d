// A gap longer than Stripe's 30-day events window, against the sandbox's Stripe emulator over real
// HTTP: a charge made before the gap and refunded during it is found through the balance
// transactions (a list by creation time never lists it again), what was made during the gap
// through the list, and the whole catch-up costs a bounded number of calls.

#include <gtest/gtest.h>

#include <iostream>

#include "stripe_test_support.hpp"

namespace ledgersync::testing {
namespace {

using nlohmann::json;

void advance(const StripeSandbox& stripe, const json& by) { stripe.control("POST", "/__sandbox/stripe/clock", by); }

std::int64_t occurrences(const std::string& text, const std::string& what) {
    std::int64_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
    return n;
}

TEST(StripeGap, a_charge_refunded_while_the_events_were_lost_comes_back_at_its_refunded_state_in_bounded_calls) {
    StripeSandbox stripe;
    const std::string old_charge = stripe.pay(10000).at("latest_charge").at("id");
    advance(stripe, {{"advance_days", 1}});
    // A refund gives the refund stream an anchor too; a later charge is the payment stream's.
    const std::string refunded = stripe.pay(5000).at("latest_charge").at("id");
    ASSERT_EQ(stripe.post("/v1/refunds", {{"charge", refunded}, {"amount", "1000"}}).status, 200);
    advance(stripe, {{"advance_seconds", 3600}});
    stripe.pay(4000);

    auto harness = stripe_harness(stripe_connector_config(stripe));
    StreamRead payments = read_until_caught_up(harness.connector(), "payment");
    StreamRead refunds = read_until_caught_up(harness.connector(), "refund");
    ASSERT_NE(last_record_of(payments.records, old_charge), nullptr);
    ASSERT_EQ(last_record_of(payments.records, old_charge)->body.at("status"), "succeeded");

    // Five days later, the old charge is refunded in part and a new charge made; then the
    // connector is away for 31 days, longer than Stripe keeps events.
    advance(stripe, {{"advance_days", 5}});
    const json refund = stripe.post("/v1/refunds", {{"charge", old_charge}, {"amount", "2500"}}).json;
    const std::string new_charge = stripe.pay(3000).at("latest_charge").at("id");
    advance(stripe, {{"advance_days", 31}});
    const std::string anchor = json::parse(*payments.cursor).at("anchor");
    ASSERT_FALSE(anchor.empty());
    ASSERT_EQ(stripe.get("/v1/events?ending_before=" + anchor).status, 404) << "the payment stream's anchor is not gone";

    stripe.control("POST", "/__sandbox/stripe/counters/reset");
    payments = read_until_caught_up(harness.connector(), "payment", payments.cursor);
    refunds = read_until_caught_up(harness.connector(), "refund", refunds.cursor);
    const json counters = stripe.control("GET", "/__sandbox/stripe/counters");

    EXPECT_TRUE(payments.untranslated.empty());
    EXPECT_TRUE(refunds.untranslated.empty());
    const sdk::Record* old_payment = last_record_of(payments.records, old_charge);
    ASSERT_NE(old_payment, nullptr) << "the charge refunded during the gap was not read again";
    EXPECT_EQ(old_payment->body.at("status"), "partially_refunded");
    EXPECT_EQ(old_payment->body.at("refunded_amount"), "25.00");
    ASSERT_NE(last_record_of(payments.records, new_charge), nullptr) << "the charge made during the gap was missed";
    EXPECT_EQ(last_record_of(payments.records, new_charge)->body.at("amount"), "30.00");
    const sdk::Record* refund_record = last_record_of(refunds.records, refund.at("id"));
    ASSERT_NE(refund_record, nullptr) << "the refund made during the gap was missed";
    EXPECT_EQ(refund_record->body.at("amount"), "25.00");
    EXPECT_EQ(refund_record->body.at("payment").at("id"), old_charge);

    // Per stream: the lost anchor (404), a new anchor, one page of balance transactions, one
    // list of what was created since, the events after the new anchor; and the old charge read
    // once: 11 calls for both streams.
    const json& by_endpoint = counters.at("by_endpoint");
    EXPECT_EQ(by_endpoint.value("GET /v1/balance_transactions", std::int64_t{0}), 2) << counters.dump();
    EXPECT_EQ(by_endpoint.value("GET /v1/charges/{charge}", std::int64_t{0}), 1) << counters.dump();
    EXPECT_EQ(by_endpoint.value("GET /v1/refunds/{refund}", std::int64_t{0}), 0) << counters.dump();
    EXPECT_EQ(by_endpoint.value("GET /v1/events", std::int64_t{0}), 6) << counters.dump();
    EXPECT_LE(counters.at("total").get<std::int64_t>(), 11) << counters.dump();
    std::cout << "[ figures  ] a 36-day gap of the payment and refund streams: " << counters.at("total") << " Stripe calls ("
              << by_endpoint.dump() << ")" << std::endl;
    // One warning per stream and gap.
    EXPECT_EQ(occurrences(harness.log(), "the payment stream had read up to"), 1) << harness.log();
    EXPECT_EQ(occurrences(harness.log(), "the refund stream had read up to"), 1) << harness.log();

    // Back on events: a refund now comes through them.
    const json later = stripe.post("/v1/refunds", {{"charge", new_charge}}).json;
    payments = read_until_caught_up(harness.connector(), "payment", payments.cursor);
    ASSERT_NE(last_record_of(payments.records, new_charge), nullptr);
    EXPECT_EQ(last_record_of(payments.records, new_charge)->body.at("status"), "refunded");
}

}  // namespace
}  // namespace ledgersync::testing
