#include <gtest/gtest.h>

#include "bus/digest.hpp"
#include "bus/retry_schedule.hpp"

namespace ledgersync::bus {
namespace {

TEST(RetryScheduleTest, draws_full_jitter_under_an_exponential_cap_and_honours_retry_after) {
    RetryPolicy policy;
    policy.base_delay_ms = 100;
    policy.max_delay_ms = 1000;
    policy.max_attempts = 50;
    EXPECT_EQ(RetrySchedule::backoff_cap(policy, 1), 100);
    EXPECT_EQ(RetrySchedule::backoff_cap(policy, 3), 400);
    EXPECT_EQ(RetrySchedule::backoff_cap(policy, 10), 1000);
    RetrySchedule schedule(42);
    std::int64_t low = 1000;
    std::int64_t high = 0;
    for (int i = 0; i < 2000; ++i) {
        const auto next = schedule.next_attempt(policy, 3, 0, 10'000, 0);
        ASSERT_TRUE(next.has_value());
        const auto delay = *next - 10'000;
        ASSERT_GE(delay, 0);
        ASSERT_LE(delay, 400);
        low = std::min(low, delay);
        high = std::max(high, delay);
    }
    EXPECT_LT(low, 40);   // full jitter reaches down to zero...
    EXPECT_GT(high, 360); // ...and up to the cap
    for (int i = 0; i < 200; ++i) EXPECT_GE(*schedule.next_attempt(policy, 3, 0, 10'000, 5'000) - 10'000, 5'000);
}

TEST(RetryScheduleTest, gives_up_on_attempts_or_age) {
    RetryPolicy policy;
    policy.max_attempts = 3;
    policy.max_age_ms = 60'000;
    RetrySchedule schedule(1);
    EXPECT_TRUE(schedule.next_attempt(policy, 2, 0, 1'000, 0).has_value());
    EXPECT_FALSE(schedule.next_attempt(policy, 3, 0, 1'000, 0).has_value());
    EXPECT_FALSE(schedule.next_attempt(policy, 1, 0, 59'000, 5'000).has_value());  // would land after 60 s
}

TEST(RetryScheduleTest, keeps_retrying_a_transient_failure_for_the_whole_age_far_past_ten_attempts) {
    const RetryPolicy policy;  // the defaults: 24 h, backoff capped at 10 min, no attempt limit
    EXPECT_EQ(policy.max_attempts, 0);
    EXPECT_EQ(RetrySchedule::backoff_cap(policy, 1), 1'000);
    EXPECT_EQ(RetrySchedule::backoff_cap(policy, 500), 600'000);
    RetrySchedule schedule(7);
    constexpr std::int64_t kHour = 3'600'000;
    // An hour-long outage, 11 or 100 attempts in: still retried, at most 10 minutes apart.
    for (const std::int64_t attempts : {10, 11, 100, 250}) {
        const auto next = schedule.next_attempt(policy, attempts, 0, kHour, 0);
        ASSERT_TRUE(next.has_value()) << attempts << " attempts";
        EXPECT_LE(*next - kHour, 600'000);
    }
    // Retry-After is honoured beyond the cap.
    EXPECT_EQ(*schedule.next_attempt(policy, 3, 0, kHour, 900'000), kHour + 900'000);
}

TEST(RetryScheduleTest, the_last_attempt_comes_at_the_age_limit_and_none_after_it) {
    RetryPolicy policy;
    policy.max_age_ms = 3'600'000;
    policy.base_delay_ms = 600'000;
    policy.max_delay_ms = 600'000;
    RetrySchedule schedule(3);
    // 59 minutes in, a delay of up to 10 minutes would overshoot: the attempt comes at 60 min.
    for (int i = 0; i < 50; ++i) EXPECT_LE(*schedule.next_attempt(policy, 20, 0, 3'540'000, 0), 3'600'000);
    EXPECT_FALSE(schedule.next_attempt(policy, 21, 0, 3'600'000, 0).has_value());
    EXPECT_FALSE(schedule.next_attempt(policy, 21, 0, 3'000'000, 700'000).has_value());  // Retry-After beyond the age
}

TEST(DigestTest, idempotency_keys_are_stable_short_and_distinct_per_version_and_index) {
    const store::ObjectKey source{"hs", "invoice", "42"};
    const auto key = idempotency_key("r", source, "7", 0);
    EXPECT_EQ(key.size(), 32u);
    EXPECT_EQ(key, idempotency_key("r", source, "7", 0));
    EXPECT_NE(key, idempotency_key("r", source, "8", 0));
    EXPECT_NE(key, idempotency_key("r", source, "7", 1));
    EXPECT_NE(key, idempotency_key("r2", source, "7", 0));
    // Length prefixes: moving a character between fields changes the key.
    EXPECT_NE(idempotency_key("ab", {"c", "invoice", "1"}, "v", 0), idempotency_key("a", {"bc", "invoice", "1"}, "v", 0));
    EXPECT_EQ(fingerprint({{"b", 1}, {"a", "x"}}), fingerprint({{"a", "x"}, {"b", 1}}));
}

/// An invoice record as a connector reads it, with what a payment changes.
nlohmann::json invoice_record(const std::string& memo, const std::string& status, const std::string& paid) {
    const std::string balance = paid == "0.00" ? "100.00" : "0.00";
    return {{"identity", {{"system", "quickbooks"}, {"connection", "qbo"}, {"type", "invoice"}, {"id", "3"}}},
            {"version", paid == "0.00" ? "1" : "2"},
            {"updated_at", paid == "0.00" ? "2026-12-01T10:00:00Z" : "2026-12-02T10:00:00Z"},
            {"body",
             {{"number", "1001"}, {"status", status}, {"memo", memo},
              {"totals", {{"total", "100.00"}, {"amount_paid", paid}, {"balance_due", balance}}},
              {"payments", paid == "0.00" ? nlohmann::json::array()
                                          : nlohmann::json::array({{{"payment", {{"type", "payment"}, {"id", "9"}}}}})}}},
            {"links", paid == "0.00" ? nlohmann::json::array()
                                     : nlohmann::json::array({{{"rel", "payment"}, {"type", "payment"}, {"id", "9"},
                                                               {"path", "/payments/0/payment"}}})}};
}

TEST(DigestTest, an_edit_digest_leaves_out_only_what_payments_change_on_an_invoice) {
    const std::string open = invoice_record("thanks", "open", "0.00").dump();
    const std::string paid = invoice_record("thanks", "paid", "100.00").dump();
    EXPECT_NE(content_digest(std::vector<std::string>{open}), content_digest(std::vector<std::string>{paid}));
    EXPECT_EQ(edit_digest(open), edit_digest(paid)) << "paid in full is no edit";
    EXPECT_NE(edit_digest(open), edit_digest(invoice_record("thanks!", "open", "0.00").dump())) << "the memo is";
    EXPECT_NE(edit_digest(open), edit_digest(invoice_record("thanks", "voided", "0.00").dump())) << "voiding is";
    nlohmann::json total_changed = invoice_record("thanks", "open", "0.00");
    total_changed["body"]["totals"]["total"] = "100.01";
    EXPECT_NE(edit_digest(open), edit_digest(total_changed.dump())) << "a total is";
    // Only invoices: a payment's own amount is its content.
    nlohmann::json payment = invoice_record("thanks", "open", "0.00");
    payment["identity"]["type"] = "payment";
    nlohmann::json other_payment = payment;
    other_payment["body"]["totals"]["amount_paid"] = "5.00";
    EXPECT_NE(edit_digest(payment.dump()), edit_digest(other_payment.dump()));
    // A text that is not JSON is digested as it is: no exception, and two texts stay apart.
    EXPECT_NE(edit_digest("not json"), edit_digest("not json either"));
}

}  // namespace
}  // namespace ledgersync::bus
