#include <gtest/gtest.h>

#include <chrono>

#include "services/http/retry_after.hpp"

namespace ledgersync::services::http {
namespace {

using std::chrono::milliseconds;

// 1994-11-06T08:49:37Z, the date of RFC 9110's examples.
constexpr std::int64_t kRfcExampleMs = 784111777000;

TEST(RetryAfterTest, reads_delta_seconds) {
    EXPECT_EQ(parse_retry_after("120", 0), milliseconds(120'000));
    EXPECT_EQ(parse_retry_after(" 0 ", 0), milliseconds(0));
}

TEST(RetryAfterTest, reads_all_three_http_date_forms_against_the_given_now) {
    const std::int64_t now = kRfcExampleMs - 30'000;
    EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now), milliseconds(30'000));
    EXPECT_EQ(parse_retry_after("Sunday, 06-Nov-94 08:49:37 GMT", now), milliseconds(30'000));
    EXPECT_EQ(parse_retry_after("Sun Nov  6 08:49:37 1994", now), milliseconds(30'000));
}

TEST(RetryAfterTest, a_date_in_the_past_means_no_wait) {
    EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", kRfcExampleMs + 5'000),
              milliseconds(0));
}

TEST(RetryAfterTest, clamps_huge_values_to_a_day) {
    EXPECT_EQ(parse_retry_after("99999999999999999999999", 0), kMaxRetryAfter);
    EXPECT_EQ(parse_retry_after("Fri, 01 Jan 2100 00:00:00 GMT", kRfcExampleMs), kMaxRetryAfter);
}

TEST(RetryAfterTest, rejects_what_is_neither_form) {
    EXPECT_EQ(parse_retry_after("", 0), std::nullopt);
    EXPECT_EQ(parse_retry_after("soon", 0), std::nullopt);
    EXPECT_EQ(parse_retry_after("-5", 0), std::nullopt);
    EXPECT_EQ(parse_retry_after("1.5", 0), std::nullopt);
    EXPECT_EQ(parse_retry_after("12abc", 0), std::nullopt);
    EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994", 0), std::nullopt);
    EXPECT_EQ(parse_retry_after("Sun, 31 Feb 1994 08:49:37 GMT", 0), std::nullopt);
    EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 25:49:37 GMT", 0), std::nullopt);
    EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:37 CET", 0), std::nullopt);
}

}  // namespace
}  // namespace ledgersync::services::http
