#pragma once
/// HubSpot's rate limits (hubspot.md §2.11), all configurable: a rolling 10-second budget per
/// app and account (110 for OAuth apps, 100 for private apps by default), a daily budget per
/// account shared by every app (250,000; resets at midnight UTC, the sandbox's account time
/// zone), and search's own 5 requests per second per account (search is exempt from the
/// 10-second budget and its responses carry no rate-limit headers). Refused requests consume
/// nothing. Responses carry X-HubSpot-RateLimit-Interval-Milliseconds, -Max, -Remaining, and for
/// non-OAuth callers -Daily and -Daily-Remaining.

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

#include "common/http_message.hpp"
#include "common/sliding_window_limiter.hpp"
#include "hubspot/auth_server.hpp"

namespace ledgersync::sandbox::hubspot {

struct RateLimitSettings {
    std::int64_t oauth_ten_second = 110;
    std::int64_t private_ten_second = 100;
    std::int64_t daily = 250'000;
    std::int64_t search_per_second = 5;
    std::map<std::string, std::int64_t> app_ten_second;  ///< per app id overrides
    std::map<std::string, std::int64_t> account_daily;   ///< per portal overrides
};

struct RateDecision {
    bool allowed = true;
    std::string policy;  ///< TEN_SECONDLY_ROLLING, DAILY, SECONDLY when refused
    std::string group;   ///< the budget's name, for the 429 body
    HeaderMap headers;
};

class RateLimits {
public:
    static constexpr std::int64_t kIntervalMs = 10'000;

    RateDecision admit(const Caller& caller, bool search, std::int64_t now_ms);

    /// {"ten_second", "private_app_ten_second", "daily", "search_per_second",
    ///  "apps": {"<app id>": {"ten_second": N}}, "accounts": {"<portal>": {"daily": N}}}; members
    /// left out keep their value. Throws std::invalid_argument.
    void configure(const nlohmann::json& config);
    void set_enabled(bool enabled);
    /// Settings and current usage.
    nlohmann::json to_json(std::int64_t now_ms) const;
    void reset();

private:
    std::int64_t ten_second_limit(const Caller& caller) const;
    std::int64_t daily_limit(const std::string& portal) const;

    mutable std::mutex mutex_;
    bool enabled_ = true;
    RateLimitSettings settings_;
    std::map<std::string, std::unique_ptr<SlidingWindowLimiter>> windows_;   // app:portal
    std::map<std::string, std::unique_ptr<SlidingWindowLimiter>> searches_;  // portal
    struct Daily {
        std::int64_t day = -1;
        std::int64_t used = 0;
    };
    std::map<std::string, Daily> daily_;
};

}  // namespace ledgersync::sandbox::hubspot
