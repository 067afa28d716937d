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

// --- Long windows (a daily limit) count starts per bucket ------------------------------------

std::int64_t counted(const RateLimiter::BudgetUse& use) {
    std::int64_t total = static_cast<std::int64_t>(use.starts.size());
    for (const auto& count : use.counts) total += count.count;
    return total;
}

TEST(RateLimiterTest, a_long_window_admits_its_limit_and_opens_when_the_oldest_bucket_has_wholly_left_it) {
    // An hour's window is counted in 1-minute buckets; t0 begins one.
    RateLimiter limiter("hubspot", {{"daily", 3, 1h, 0, {}}}, no_margin());
    EXPECT_TRUE(admitted(limiter, "daily", t0 + 10s));
    EXPECT_TRUE(admitted(limiter, "daily", t0 + 70s));
    EXPECT_TRUE(admitted(limiter, "daily", t0 + 130s));

    auto refused = limiter.try_acquire("daily", t0 + 200s);
    EXPECT_FALSE(refused.permit);
    // The first start counts as made at its bucket's end: room once [t0, t0 + 1 min) is out.
    EXPECT_EQ(refused.retry_at, t0 + 1min + 1h);
    EXPECT_FALSE(admitted(limiter, "daily", t0 + 1h + 59s)) << "never more than 3 in an hour";
    EXPECT_TRUE(admitted(limiter, "daily", t0 + 1h + 1min));
    EXPECT_EQ(limiter.try_acquire("daily", t0 + 1h + 1min).retry_at, t0 + 1h + 2min);
}

TEST(RateLimiterTest, a_bucketed_window_slides_by_whole_buckets) {
    RateLimiter limiter("hubspot", {{"daily", 4, 1h, 0, {}}}, no_margin());
    EXPECT_TRUE(admitted(limiter, "daily", t0 + 5s));    // bucket [t0, t0 + 1 min)
    EXPECT_TRUE(admitted(limiter, "daily", t0 + 50s));   // same bucket
    EXPECT_TRUE(admitted(limiter, "daily", t0 + 65s));   // bucket [t0 + 1 min, t0 + 2 min)
    EXPECT_TRUE(admitted(limiter, "daily", t0 + 119s));  // same bucket
    EXPECT_EQ(limiter.try_acquire("daily", t0 + 30min).retry_at, t0 + 1h + 1min);
    // Both starts of the first bucket leave together, the second bucket's a minute later.
    EXPECT_TRUE(admitted(limiter, "daily", t0 + 1h + 1min));
    EXPECT_TRUE(admitted(limiter, "daily", t0 + 1h + 1min));
    EXPECT_EQ(limiter.try_acquire("daily", t0 + 1h + 1min).retry_at, t0 + 1h + 2min);
    EXPECT_TRUE(admitted(limiter, "daily", t0 + 1h + 2min));
}

TEST(RateLimiterTest, a_day_is_counted_in_six_minute_buckets_and_its_margin_still_applies) {
    RateLimiterOptions options;
    options.window_margin = 250ms;
    RateLimiter limiter("hubspot", {{"daily", 2, 24h, 0, {}}}, options);
    EXPECT_TRUE(admitted(limiter, "daily", t0));
    EXPECT_TRUE(admitted(limiter, "daily", t0 + 1s));
    EXPECT_EQ(limiter.try_acquire("daily", t0 + 2s).retry_at, t0 + 6min + 24h + 250ms);
}

TEST(RateLimiterTest, every_request_spends_a_daily_budget_declared_as_also_spent) {
    // HubSpot: the 10-second budget and the search budget both count in the day's allowance.
    RateLimiter limiter("hubspot",
                        {{"default", 100, 10s, 0, {"daily"}}, {"search", 4, 1s, 0, {"default", "daily"}},
                         {"daily", 3, 24h, 0, {}}},
                        no_margin());
    EXPECT_THAT(limiter.budgets_spent_by("search"), ElementsAre("search", "daily", "default"));
    EXPECT_TRUE(admitted(limiter, "", t0));
    EXPECT_TRUE(admitted(limiter, "search", t0 + 1s));
    EXPECT_TRUE(admitted(limiter, "", t0 + 2s));
    auto refused = limiter.try_acquire("search", t0 + 3s);
    EXPECT_FALSE(refused.permit) << "the day is spent, though search and default have room";
    EXPECT_EQ(refused.retry_at, t0 + 6min + 24h);
    EXPECT_FALSE(admitted(limiter, "", t0 + 1h));
}

TEST(RateLimiterTest, a_spent_day_makes_acquire_fail_rate_limited_at_once_until_its_oldest_bucket_leaves) {
    RateLimiter limiter("hubspot", {{"daily", 10, 24h, 0, {}}});  // max_wait: 2 minutes
    // The last run spent the day's 10 about 23 hours ago.
    const auto before = std::chrono::steady_clock::now();
    limiter.restore({{"daily", {}, {}, {{before - 23h, 10}}}}, before);
    auto refused = std::async(std::launch::async, [&]() -> std::optional<sdk::Outcome> {
        try {
            limiter.acquire("daily");
        } catch (const sdk::Error& e) {
            return e.outcome();
        }
        return std::nullopt;
    });
    ASSERT_EQ(refused.wait_for(10s), std::future_status::ready) << "a thread must not park for an hour";
    const auto outcome = refused.get();
    ASSERT_TRUE(outcome.has_value()) << "expected sdk::Error";
    EXPECT_EQ(outcome->kind, sdk::OutcomeClass::rate_limited);
    // The bucket holding those starts ends at most 6 minutes after them, and leaves the
    // window a day (and the margin) after it ends.
    EXPECT_GE(outcome->retry_after, 1h - 1s);
    EXPECT_LE(outcome->retry_after, 1h + 6min + 1s);
    EXPECT_THAT(outcome->reason, HasSubstr("rate budget 'daily'"));
}

TEST(RateLimiterTest, a_daily_budget_of_200000_starts_keeps_a_few_hundred_counts_and_survives_a_restart) {
    constexpr std::int64_t kStarts = 200'000;
    RateLimiter limiter("hubspot", {{"daily", kStarts, 24h, 0, {}}}, no_margin());
    // One start every 180 ms for 10 hours.
    for (std::int64_t i = 0; i < kStarts; ++i)
        ASSERT_TRUE(admitted(limiter, "daily", t0 + i * 180ms)) << "start " << i;
    const TimePoint now = t0 + 10h;
    const auto refused_at = limiter.try_acquire("daily", now).retry_at;
    ASSERT_TRUE(refused_at.has_value());

    const auto use = limiter.usage(now);
    ASSERT_EQ(use.size(), 1u);
    EXPECT_TRUE(use[0].starts.empty());
    EXPECT_LE(use[0].counts.size(), 101u) << "10 hours of 6-minute buckets";
    EXPECT_EQ(counted(use[0]), kStarts);

    RateLimiter restarted("hubspot", {{"daily", kStarts, 24h, 0, {}}}, no_margin());
    restarted.restore(use, now);
    const auto refused = restarted.try_acquire("daily", now);
    EXPECT_FALSE(refused.permit) << "the restart lost the day's count";
    EXPECT_EQ(refused.retry_at, refused_at);
    EXPECT_EQ(counted(restarted.usage(now)[0]), kStarts);
    EXPECT_EQ(restarted.usage(now)[0].counts.size(), use[0].counts.size());
}

TEST(RateLimiterTest, start_times_recorded_before_buckets_existed_restore_into_a_bucketed_window) {
    RateLimiter limiter("hubspot", {{"daily", 3, 24h, 0, {}}}, no_margin());
    limiter.restore({{"daily", {t0, t0 + 1s, t0 + 2s}, {}}}, t0 + 3s);
    EXPECT_EQ(limiter.try_acquire("daily", t0 + 3s).retry_at, t0 + 6min + 24h);
    const auto use = limiter.usage(t0 + 3s);
    ASSERT_EQ(use.size(), 1u);
    ASSERT_EQ(use[0].counts.size(), 1u);
    EXPECT_EQ(use[0].counts[0].count, 3);
    EXPECT_EQ(use[0].counts[0].last, t0 + 6min - 1ms);
    EXPECT_TRUE(limiter.usage(t0 + 24h + 6min).empty()) << "gone once the bucket left the window";
}

TEST(RateLimiterTest, counts_restore_into_a_window_recording_every_start_as_starts_at_their_last) {
    RateLimiter limiter("qbo", {{"default", 2, 1000ms, 0, {}}}, no_margin());
    limiter.restore({{"default", {}, {}, {{t0 + 100ms, 5}, {t0 - 2s, 1}}}}, t0 + 200ms);
    EXPECT_EQ(limiter.try_acquire("", t0 + 200ms).retry_at, t0 + 1100ms);
    EXPECT_TRUE(admitted(limiter, "", t0 + 1100ms));
}

TEST(RateLimiterTest, a_window_of_ten_minutes_still_records_every_start) {
    RateLimiter limiter("qbo", {{"default", 2, 10min, 0, {}}}, no_margin());
    EXPECT_TRUE(admitted(limiter, "", t0 + 10s));
    EXPECT_THAT(limiter.usage(t0 + 10s)[0].starts, ElementsAre(t0 + 10s));
    EXPECT_TRUE(limiter.usage(t0 + 10s)[0].counts.empty());
}

}  // namespace
}  // namespace ledgersync::services::http
