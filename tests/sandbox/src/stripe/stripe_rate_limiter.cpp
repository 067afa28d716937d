#include "stripe/stripe_rate_limiter.hpp"

#include <chrono>
#include <stdexcept>

namespace ledgersync::sandbox::stripe {

namespace {

std::int64_t limit_member(const nlohmann::json& mode, const char* key, std::int64_t current) {
    if (!mode.contains(key))
        return current;
    const auto& value = mode.at(key);
    if (!value.is_number_integer() || value.get<std::int64_t>() < 1)
        throw std::invalid_argument(std::string("rate limit \"") + key +
                                    "\" must be a positive integer of requests per second");
    return value.get<std::int64_t>();
}

}  // namespace

std::int64_t StripeRateLimiter::steady_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

bool StripeRateLimiter::admit(bool live, bool write) {
    std::lock_guard lock(mutex_);
    if (!enabled_)
        return true;
    SlidingWindowLimiter& window = live ? (write ? live_write_ : live_read_)
                                        : (write ? test_write_ : test_read_);
    return window.try_consume(steady_ms(), 1);
}

void StripeRateLimiter::configure(const nlohmann::json& config) {
    if (!config.is_object())
        throw std::invalid_argument("the Stripe rate limits must be a JSON object");
    std::lock_guard lock(mutex_);
    std::int64_t limits[4] = {live_read_.limit(), live_write_.limit(), test_read_.limit(),
                              test_write_.limit()};
    bool enabled = enabled_;
    for (auto it = config.begin(); it != config.end(); ++it) {
        if (it.key() == "enabled") {
            if (!it->is_boolean())
                throw std::invalid_argument("\"enabled\" must be true or false");
            enabled = it->get<bool>();
        } else if (it.key() == "live" || it.key() == "test") {
            if (!it->is_object())
                throw std::invalid_argument("\"" + it.key() + "\" must be {\"read\": n, \"write\": n}");
            for (auto member = it->begin(); member != it->end(); ++member) {
                if (member.key() != "read" && member.key() != "write")
                    throw std::invalid_argument("unknown rate limit \"" + it.key() + "." + member.key() + "\"");
            }
            const int base = it.key() == "live" ? 0 : 2;
            limits[base] = limit_member(*it, "read", limits[base]);
            limits[base + 1] = limit_member(*it, "write", limits[base + 1]);
        } else {
            throw std::invalid_argument("unknown rate-limit setting \"" + it.key() +
                                        "\" (live, test, enabled)");
        }
    }
    live_read_.set_limit(limits[0]);
    live_write_.set_limit(limits[1]);
    test_read_.set_limit(limits[2]);
    test_write_.set_limit(limits[3]);
    enabled_ = enabled;
}

void StripeRateLimiter::set_enabled(bool enabled) {
    std::lock_guard lock(mutex_);
    enabled_ = enabled;
}

nlohmann::json StripeRateLimiter::to_json() const {
    std::lock_guard lock(mutex_);
    return {{"enabled", enabled_},
            {"live", {{"read", live_read_.limit()}, {"write", live_write_.limit()}}},
            {"test", {{"read", test_read_.limit()}, {"write", test_write_.limit()}}}};
}

void StripeRateLimiter::reset() {
    std::lock_guard lock(mutex_);
    enabled_ = true;
    live_read_ = SlidingWindowLimiter(1000, 100);
    live_write_ = SlidingWindowLimiter(1000, 100);
    test_read_ = SlidingWindowLimiter(1000, 25);
    test_write_ = SlidingWindowLimiter(1000, 25);
}

}  // namespace ledgersync::sandbox::stripe
