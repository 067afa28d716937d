#pragma once
/// Stripe's global rate limits (stripe.md §1.6): per second, read (GET) and write (POST,
/// DELETE) requests counted apart, 100 + 100 in live mode and 25 + 25 in test mode (the key
/// says which). Over a limit the request is refused with 429 `rate_limit` before anything
/// happens. Windows run on the steady clock: moving the sandbox clock by days must not reset
/// or freeze them.

#include <cstdint>
#include <mutex>

#include <nlohmann/json.hpp>

#include "common/sliding_window_limiter.hpp"

namespace ledgersync::sandbox::stripe {

class StripeRateLimiter {
public:
    StripeRateLimiter() { reset(); }

    /// True when a request (`write` or read, `live` or test mode) may proceed now.
    bool admit(bool live, bool write);
    /// {"live": {"read": 100, "write": 100}, "test": {"read": 25, "write": 25}} (any part).
    void configure(const nlohmann::json& config);
    void set_enabled(bool enabled);
    nlohmann::json to_json() const;
    void reset();

private:
    static std::int64_t steady_ms();

    mutable std::mutex mutex_;
    bool enabled_ = true;
    SlidingWindowLimiter live_read_{1000, 100}, live_write_{1000, 100};
    SlidingWindowLimiter test_read_{1000, 25}, test_write_{1000, 25};
};

}  // namespace ledgersync::sandbox::stripe
