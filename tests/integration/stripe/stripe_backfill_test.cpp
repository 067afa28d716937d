// What a backfill costs in Stripe calls, counted by the sandbox: lists of 100 charges with their
// balance transactions expanded, so at most 0.02 calls per charge (docs/performance.md).

#include <gtest/gtest.h>

#include <iostream>
#include <set>

#include "stripe_test_support.hpp"

namespace ledgersync::testing {
namespace {

using nlohmann::json;

/// Seeds `count` charges, backfills the payment stream from nothing, and checks what it cost.
void expect_backfill_within_budget(int count) {
    StripeSandbox stripe;
    stripe.control("POST", "/__sandbox/stripe/seed",
                   {{"charges", {{"count", count}, {"amount", 1999}, {"via", "charge"}, {"interval_seconds", 60}}}, {"run_payouts", false}});
    stripe.control("POST", "/__sandbox/stripe/counters/reset");

    auto harness = stripe_harness(stripe_connector_config(stripe));
    const StreamRead read = read_until_caught_up(harness.connector(), "payment");
    const json counters = stripe.control("GET", "/__sandbox/stripe/counters");
    const std::int64_t calls = counters.at("total");

    EXPECT_TRUE(read.untranslated.empty());
    ASSERT_EQ(read.records.size(), static_cast<std::size_t>(count));
    std::set<std::string> ids;
    for (const auto& record : read.records) {
        ids.insert(record.identity.id);
        ASSERT_TRUE(record.body.contains("fees")) << record.identity.id << " came without its balance transaction";
        EXPECT_EQ(record.body.at("amount"), "19.99");
    }
    EXPECT_EQ(ids.size(), static_cast<std::size_t>(count)) << "a charge was read twice or missed";
    // 0.02 calls per charge, as integers: calls * 50 <= charges.
    EXPECT_LE(calls * 50, count) << calls << " Stripe calls for " << count << " charges: " << counters.dump();
    EXPECT_EQ(counters.at("by_endpoint").value("GET /v1/charges", std::int64_t{0}), count / 100 + (count % 100 ? 1 : 0));
    EXPECT_EQ(counters.at("by_endpoint").value("GET /v1/balance_transactions/{id}", std::int64_t{0}), 0);
    std::cout << "[ figures  ] backfill of " << count << " charges: " << calls << " Stripe calls ("
              << counters.at("by_endpoint").dump() << "), " << read.reads << " reads" << std::endl;
}

TEST(StripeBackfill, backfill_of_2000_charges_costs_at_most_two_calls_per_hundred) { expect_backfill_within_budget(2000); }

TEST(StripeBackfillLong, backfill_of_20000_charges_costs_at_most_two_calls_per_hundred) { expect_backfill_within_budget(20000); }

}  // namespace
}  // namespace ledgersync::testing
