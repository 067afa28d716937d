#pragma once
/// Stripe's error JSON ({"error": {"type", "code", "message", "param", "decline_code"}}) read out
/// of a response and classified into the SDK's outcomes, with a message that says what was being
/// done, on which object, what Stripe said and what to do. Retry decisions follow stripe-go
/// (reference/stripe.md §1.5): Stripe-Should-Retry first; then 409, 429 lock_timeout and 5xx are
/// retried; a 429 rate_limit waits; any other 4xx is not retried.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <ledgersync/sdk/http.hpp>
#include <ledgersync/sdk/outcome.hpp>

namespace ledgersync::connectors::stripe {

/// The "error" object of a Stripe error body.
struct StripeError {
    std::string type;          ///< invalid_request_error, api_error, card_error, idempotency_error
    std::string code;          ///< resource_missing, lock_timeout, rate_limit, parameter_unknown...
    std::string message;       ///< Stripe's own text
    std::string param;         ///< the offending parameter, when Stripe names one
    std::string decline_code;  ///< card declines

    /// "invalid_request_error/resource_missing: No such charge: 'ch_x' (param id)".
    std::string describe() const;
};

/// The error of a response body; nullopt when the body holds none.
std::optional<StripeError> parse_stripe_error(std::string_view body);

/// What a call was doing, for messages: "refunding" + "charge ch_123".
struct CallContext {
    std::string action;
    std::string object;
};

/// How long to wait after a 429 rate_limit without Retry-After (one second window).
inline constexpr std::chrono::milliseconds kRateLimitWait{1000};
/// How long to wait after a 429 lock_timeout or 409 (stripe-go's first backoff).
inline constexpr std::chrono::milliseconds kContentionWait{500};

/// The outcome of a non-2xx response.
sdk::Outcome classify_response(const sdk::HttpResponse& response, const CallContext& context);

}  // namespace ledgersync::connectors::stripe
