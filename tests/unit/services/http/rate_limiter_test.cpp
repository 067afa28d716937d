#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <optional>
#include <thread>

#include "services/http/rate_limiter.hpp"

#include <ledgersync/sdk/outcome.hpp>

namespace ledgersync::services::http {
namespace {

using namespace std::chrono_literals;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using TimePoint = RateLimiter::TimePoint;

const TimePoint t0 = TimePoint() + 1h;

RateLimiterOptions no_margin() {
    RateLimiterOptions options;
    options.window_margin = 0ms;
    return options;
}

bool admitted(RateLimiter& limiter, std::string_view budget, TimePoint now,
              std::vector<RateLimiter::Permit>* keep = nullptr) {
    auto admission = limiter.try_acquire(budget, now);
    if (!admission.permit)
        return false;
    if (keep != nullptr)
        keep->push_back(std::move(*admission.permit));
    return true;
}

TEST(RateLimiterTest, admits_n_starts_per_window_then_says_when_the_oldest_leaves_it) {
    RateLimiter limiter("qbo", {{"default", 3, 1000ms, 0, {}}}, no_margin());
    EXPECT_TRUE(admitted(limiter, "", t0));
    EXPECT_TRUE(admitted(limiter, "", t0 + 100ms));
    EXPECT_TRUE(admitted(limiter, "", t0 + 200ms));

    auto refused = limiter.try_acquire("", t0 + 300ms);
    EXPECT_FALSE(refused.permit);
    EXPECT_EQ(refused.retry_at, t0 + 1000ms);
    EXPECT_FALSE(admitted(limiter, "", t0 + 999ms));
    EXPECT_TRUE(admitted(limiter, "", t0 + 1000ms));
    EXPECT_EQ(limiter.try_acquire("", t0 + 1001ms).retry_at, t0 + 1100ms);
}

TEST(RateLimiterTest, the_window_slides_instead_of_resetting_at_a_boundary) {
    // A per-second bucket would allow two more at t0 + 1000 ms: four in 100 ms.
    RateLimiter limiter("qbo", {{"default", 2, 1000ms, 0, {}}}, no_margin());
    EXPECT_TRUE(admitted(limiter, "", t0 + 900ms));
    EXPECT_TRUE(admitted(limiter, "", t0 + 950ms));
    EXPECT_FALSE(admitted(limiter, "", t0 + 1000ms));
    EXPECT_FALSE(admitted(limiter, "", t0 + 1899ms));
    EXPECT_TRUE(admitted(limiter, "", t0 + 1900ms));
}

TEST(RateLimiterTest, the_margin_lengthens_every_window) {
    RateLimiterOptions options;
    options.window_margin = 250ms;
    RateLimiter limiter("qbo", {{"default", 1, 1000ms, 0, {}}}, options);
    EXPECT_TRUE(admitted(limiter, "", t0));
    EXPECT_EQ(limiter.try_acquire("", t0 + 1000ms).retry_at, t0 + 1250ms);
    EXPECT_TRUE(admitted(limiter, "", t0 + 1250ms));
}

TEST(RateLimiterTest, limits_requests_in_flight_until_a_permit_is_released) {
    RateLimiter limiter("qbo", {{"default", 0, 0ms, 2, {}}}, no_margin());
    std::vector<RateLimiter::Permit> permits;
    EXPECT_TRUE(admitted(limiter, "", t0, &permits));
    EXPECT_TRUE(admitted(limiter, "", t0, &permits));
    auto refused = limiter.try_acquire("", t0);
    EXPECT_FALSE(refused.permit);
    EXPECT_EQ(refused.retry_at, std::nullopt) << "only a release can free a slot";
    permits.front().release();
    EXPECT_TRUE(admitted(limiter, "", t0, &permits));
}

TEST(RateLimiterTest, a_request_spends_its_budget_and_every_budget_it_also_spends) {
    RateLimiter limiter(
        "qbo", {{"default", 5, 1000ms, 0, {}}, {"batch", 2, 1000ms, 0, {"default"}}}, no_margin());
    EXPECT_THAT(limiter.budgets_spent_by("batch"), ElementsAre("batch", "default"));
    EXPECT_THAT(limiter.budgets_spent_by(""), ElementsAre("default"));

    EXPECT_TRUE(admitted(limiter, "batch", t0));
    EXPECT_TRUE(admitted(limiter, "batch", t0));
    EXPECT_FALSE(admitted(limiter, "batch", t0)) << "batch budget spent";
    EXPECT_TRUE(admitted(limiter, "default", t0));
    EXPECT_TRUE(admitted(limiter, "default", t0));
    EXPECT_TRUE(admitted(limiter, "default", t0));
    EXPECT_FALSE(admitted(limiter, "default", t0)) << "2 batch + 3 default = the default's 5";
}

TEST(RateLimiterTest, a_batch_counts_once_in_its_budget_and_by_its_cost_in_what_it_also_spends) {
    // QBO: 40 batch calls and 500 requests a minute, a batch's items counting in the 500.
    RateLimiter limiter("qbo", {{"default", 10, 1000ms, 0, {}}, {"batch", 2, 1000ms, 0, {"default"}}},
                        no_margin());
    ASSERT_TRUE(limiter.try_acquire("batch", t0, 4).permit);  // 1 of 2 batch calls, 4 of 10 requests
    EXPECT_TRUE(admitted(limiter, "", t0 + 100ms));            // 5 of 10
    // A second batch of 6 would make 11: it waits until the first batch's 4 leave the window.
    auto refused = limiter.try_acquire("batch", t0 + 200ms, 6);
    EXPECT_FALSE(refused.permit);
    EXPECT_EQ(refused.retry_at, t0 + 1000ms);
    EXPECT_TRUE(limiter.try_acquire("batch", t0 + 200ms, 5).permit);  // exactly 10
    EXPECT_FALSE(admitted(limiter, "", t0 + 300ms));
    // The first batch's calls and items have left the window: 6 requests and 1 batch call remain.
    EXPECT_TRUE(limiter.try_acquire("batch", t0 + 1100ms, 1).permit);  // 7 of 10, 2 of 2 calls
    // Batch calls count once each: the next waits for the batch budget, though requests are free.
    auto third = limiter.try_acquire("batch", t0 + 1150ms, 1);
    EXPECT_FALSE(third.permit);
    EXPECT_EQ(third.retry_at, t0 + 1200ms);
    EXPECT_TRUE(admitted(limiter, "", t0 + 1150ms));
}

TEST(RateLimiterTest, a_cost_beyond_a_whole_window_waits_for_an_empty_window_instead_of_forever) {
    RateLimiter limiter("qbo", {{"default", 5, 1000ms, 0, {}}, {"batch", 0, 0ms, 0, {"default"}}}, no_margin());
    EXPECT_TRUE(admitted(limiter, "", t0));
    auto refused = limiter.try_acquire("batch", t0 + 10ms, 30);
    EXPECT_FALSE(refused.permit);
    EXPECT_EQ(refused.retry_at, t0 + 1000ms);
    EXPECT_TRUE(limiter.try_acquire("batch", t0 + 1000ms, 30).permit);
    EXPECT_FALSE(admitted(limiter, "", t0 + 1500ms)) << "the oversized batch spends the whole window";
}

TEST(RateLimiterTest, a_refused_request_spends_nothing) {
    // The batch budget is free but default is not: the batch request must not eat a batch start.
    RateLimiter limiter(
        "qbo", {{"default", 1, 1000ms, 0, {}}, {"batch", 1, 1000ms, 0, {"default"}}}, no_margin());
    EXPECT_TRUE(admitted(limiter, "default", t0));
    EXPECT_FALSE(admitted(limiter, "batch", t0));
    EXPECT_TRUE(admitted(limiter, "batch", t0 + 1000ms));
}

TEST(RateLimiterTest, a_hold_blocks_until_it_ends_and_a_shorter_one_never_shortens_it) {
    RateLimiter limiter("qbo",
                        {{"default", 100, 1000ms, 0, {}}, {"batch", 10, 1000ms, 0, {"default"}}},
                        no_margin());
    limiter.hold("default", t0 + 5000ms);
    limiter.hold("default", t0 + 1000ms);
    EXPECT_EQ(limiter.try_acquire("", t0).retry_at, t0 + 5000ms);
    EXPECT_EQ(limiter.try_acquire("batch", t0).retry_at, t0 + 5000ms)
        << "batch also spends the held default";
    EXPECT_TRUE(admitted(limiter, "", t0 + 5000ms));
}

TEST(RateLimiterTest, an_undeclared_default_is_unlimited_but_can_be_held) {
    RateLimiter limiter("echo", {}, no_margin());
    for (int i = 0; i < 1000; ++i)
        ASSERT_TRUE(admitted(limiter, "", t0));
    limiter.hold("", t0 + 60s);
    EXPECT_FALSE(admitted(limiter, "", t0 + 59s));
}

TEST(RateLimiterTest, an_undeclared_budget_is_a_fatal_error_naming_the_declared_ones) {
    RateLimiter limiter(
        "qbo", {{"default", 5, 1000ms, 0, {}}, {"batch", 2, 1000ms, 0, {"default"}}}, no_margin());
    try {
        limiter.try_acquire("reports", t0);
        FAIL() << "expected sdk::Error";
    } catch (const sdk::Error& e) {
        EXPECT_EQ(e.outcome().kind, sdk::OutcomeClass::fatal);
        EXPECT_THAT(e.outcome().reason,
                    HasSubstr("no rate budget 'reports' (declared: default, batch)"));
    }
}

TEST(RateLimiterTest, refuses_invalid_budget_sets) {
    EXPECT_THROW(RateLimiter("qbo", {{"default", 1, 1s, 0, {}}, {"default", 2, 1s, 0, {}}}),
                 std::invalid_argument);
    EXPECT_THROW(RateLimiter("qbo", {{"default", -1, 1s, 0, {}}}), std::invalid_argument);
    EXPECT_THROW(RateLimiter("qbo", {{"batch", 1, 1s, 0, {"bulk"}}}), std::invalid_argument);
    EXPECT_THROW(RateLimiter("qbo", {{"", 1, 1s, 0, {}}}), std::invalid_argument);
    // Cycles are harmless: each budget is spent once.
    RateLimiter cyclic("qbo", {{"a", 1, 1s, 0, {"b"}}, {"b", 1, 1s, 0, {"a"}}});
    EXPECT_THAT(cyclic.budgets_spent_by("a"), ElementsAre("a", "b"));
}

TEST(RateLimiterTest, acquire_waits_in_real_time_until_the_window_opens) {
    RateLimiterOptions options;
    options.window_margin = 0ms;
    RateLimiter limiter("qbo", {{"default", 2, 300ms, 0, {}}}, options);
    const auto start = std::chrono::steady_clock::now();
    limiter.acquire("");
    limiter.acquire("");
    limiter.acquire("");
    const auto waited = std::chrono::steady_clock::now() - start;
    EXPECT_GE(waited, 300ms);
}

TEST(RateLimiterTest, stop_wakes_a_waiting_acquire_with_a_transient_error) {
    RateLimiter limiter("qbo", {{"default", 1, 60'000ms, 0, {}}});
    limiter.acquire("");
    auto waiting = std::async(std::launch::async, [&] {
        try {
            limiter.acquire("");
            return std::string("admitted");
        } catch (const sdk::Error& e) {
            return std::string(sdk::to_string(e.outcome().kind));
        }
    });
    EXPECT_EQ(waiting.wait_for(100ms), std::future_status::timeout) << "it should be waiting";
    limiter.stop();
    ASSERT_EQ(waiting.wait_for(2s), std::future_status::ready);
    EXPECT_EQ(waiting.get(), "transient");
    EXPECT_THROW(limiter.acquire(""), sdk::Error) << "refuses after stop";
}

TEST(RateLimiterTest, acquire_fails_rate_limited_at_once_when_the_wait_exceeds_max_wait) {
    RateLimiterOptions options;
    options.max_wait = 20s;
    RateLimiter limiter("qbo", {{"default", 1, 60'000ms, 0, {}}}, options);
    limiter.acquire("");
    // Waiting would take max_wait (20 s) before failing; the answer comes long before that.
    auto second = std::async(std::launch::async, [&]() -> std::optional<sdk::Outcome> {
        try {
            limiter.acquire("");
        } catch (const sdk::Error& e) {
            return e.outcome();
        }
        return std::nullopt;
    });
    ASSERT_EQ(second.wait_for(10s), std::future_status::ready) << "no point waiting for what will not come";
    const auto outcome = second.get();
    ASSERT_TRUE(outcome.has_value()) << "expected sdk::Error";
    EXPECT_EQ(outcome->kind, sdk::OutcomeClass::rate_limited);
    EXPECT_GT(outcome->retry_after, 59s);
    EXPECT_LE(outcome->retry_after, 61s);
}

TEST(RateLimiterTest, a_permit_released_by_another_thread_wakes_a_waiter) {
    RateLimiter limiter("qbo", {{"default", 0, 0ms, 1, {}}});
    auto first = limiter.acquire("");
    auto waiting = std::async(std::launch::async, [&] { limiter.acquire(""); });
    EXPECT_EQ(waiting.wait_for(100ms), std::future_status::timeout);
    first.release();
    EXPECT_EQ(waiting.wait_for(2s), std::future_status::ready);
}

}  // namespace
}  // namespace ledgersync::services::http
