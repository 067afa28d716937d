// Stripe's error JSON into outcomes, with stripe-go's retry rules: Stripe-Should-Retry first,
// then 409, 429 lock_timeout and 5xx retried, a 429 rate_limit waited out, other 4xx not retried.

#include <gtest/gtest.h>

#include "stripe_errors.hpp"

namespace ledgersync::connectors::stripe {
namespace {

sdk::HttpResponse response(int status, const std::string& body, sdk::HttpHeaders headers = {}) {
    sdk::HttpResponse r;
    r.status = status;
    r.body = body;
    r.headers = std::move(headers);
    r.headers.emplace_back("Request-Id", "req_123");
    return r;
}

const CallContext kContext{"refunding", "refund r-1"};

TEST(StripeErrors, a_missing_object_is_a_data_failure_quoting_stripe) {
    const auto outcome = classify_response(
        response(404, R"({"error":{"type":"invalid_request_error","code":"resource_missing","message":"No such charge: 'ch_x'","param":"charge"}})"),
        kContext);
    EXPECT_EQ(outcome.kind, sdk::OutcomeClass::data);
    EXPECT_NE(outcome.reason.find("refunding refund r-1"), std::string::npos);
    EXPECT_NE(outcome.reason.find("No such charge: 'ch_x'"), std::string::npos);
    EXPECT_NE(outcome.reason.find("(param charge)"), std::string::npos);
    EXPECT_NE(outcome.reason.find("req_123"), std::string::npos);
}

TEST(StripeErrors, lock_timeout_is_retried_after_a_short_wait) {
    const auto outcome = classify_response(
        response(429, R"({"error":{"type":"invalid_request_error","code":"lock_timeout","message":"locked"}})", {{"Stripe-Should-Retry", "true"}}),
        kContext);
    EXPECT_EQ(outcome.kind, sdk::OutcomeClass::rate_limited);
    EXPECT_EQ(outcome.retry_after, kContentionWait);
}

TEST(StripeErrors, a_rate_limit_waits_for_retry_after_or_one_second) {
    auto r = response(429, R"({"error":{"type":"invalid_request_error","code":"rate_limit","message":"Too many requests"}})");
    EXPECT_EQ(classify_response(r, kContext).kind, sdk::OutcomeClass::rate_limited);
    EXPECT_EQ(classify_response(r, kContext).retry_after, kRateLimitWait);
    r.retry_after = std::chrono::milliseconds(3000);
    EXPECT_EQ(classify_response(r, kContext).retry_after, std::chrono::milliseconds(3000));
}

TEST(StripeErrors, stripe_should_retry_decides_before_the_status) {
    EXPECT_EQ(classify_response(response(400, R"({"error":{"type":"api_error"}})", {{"Stripe-Should-Retry", "true"}}), kContext).kind,
              sdk::OutcomeClass::transient);
    EXPECT_EQ(classify_response(response(500, R"({"error":{"type":"api_error"}})", {{"Stripe-Should-Retry", "false"}}), kContext).kind,
              sdk::OutcomeClass::data);
    EXPECT_EQ(classify_response(response(503, R"({"error":{"type":"api_error"}})"), kContext).kind, sdk::OutcomeClass::transient);
    EXPECT_EQ(classify_response(response(409, R"({"error":{"type":"idempotency_error"}})"), kContext).kind, sdk::OutcomeClass::rate_limited);
}

TEST(StripeErrors, bad_keys_and_missing_permissions_pause_the_connection) {
    const auto unauthorized = classify_response(response(401, R"({"error":{"type":"invalid_request_error","message":"Invalid API Key provided"}})"), kContext);
    EXPECT_EQ(unauthorized.kind, sdk::OutcomeClass::auth);
    const auto forbidden = classify_response(
        response(403, R"({"error":{"type":"invalid_request_error","message":"The provided key does not have the required permissions for this endpoint: rak_refund_write"}})"),
        kContext);
    EXPECT_EQ(forbidden.kind, sdk::OutcomeClass::auth);
    EXPECT_NE(forbidden.reason.find("rak_refund_write"), std::string::npos);
    EXPECT_NE(forbidden.fix_hint.find("restricted key"), std::string::npos);
}

TEST(StripeErrors, an_idempotency_mismatch_is_a_data_failure_and_a_body_without_json_is_quoted) {
    const auto mismatch = classify_response(
        response(400, R"({"error":{"type":"idempotency_error","message":"Keys for idempotent requests can only be used with the same parameters"}})",
                 {{"Stripe-Should-Retry", "false"}}),
        kContext);
    EXPECT_EQ(mismatch.kind, sdk::OutcomeClass::data);
    const auto plain = classify_response(response(502, "Bad Gateway"), kContext);
    EXPECT_EQ(plain.kind, sdk::OutcomeClass::transient);
    EXPECT_NE(plain.reason.find("Bad Gateway"), std::string::npos);
}

TEST(StripeErrors, parses_the_error_object) {
    const auto error = parse_stripe_error(R"({"error":{"type":"card_error","code":"card_declined","decline_code":"insufficient_funds","message":"Your card has insufficient funds."}})");
    ASSERT_TRUE(error);
    EXPECT_EQ(error->describe(), "card_error/card_declined (insufficient_funds): Your card has insufficient funds.");
    EXPECT_FALSE(parse_stripe_error("{}"));
    EXPECT_FALSE(parse_stripe_error("not json"));
}

}  // namespace
}  // namespace ledgersync::connectors::stripe
