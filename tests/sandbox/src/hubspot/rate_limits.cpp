#include "hubspot/rate_limits.hpp"

#include <stdexcept>

namespace ledgersync::sandbox::hubspot {

namespace {

constexpr std::int64_t kDayMs = 86'400'000;

std::int64_t positive(const nlohmann::json& value, const std::string& name) {
    if (!value.is_number_integer() || value.get<std::int64_t>() < 1)
        throw std::invalid_argument("rate limit \"" + name + "\" must be a positive integer");
    return value.get<std::int64_t>();
}

}  // namespace

std::int64_t RateLimits::ten_second_limit(const Caller& caller) const {
    const auto it = settings_.app_ten_second.find(caller.app_id);
    if (it != settings_.app_ten_second.end())
        return it->second;
    return caller.oauth ? settings_.oauth_ten_second : settings_.private_ten_second;
}

std::int64_t RateLimits::daily_limit(const std::string& portal) const {
    const auto it = settings_.account_daily.find(portal);
    return it == settings_.account_daily.end() ? settings_.daily : it->second;
}

RateDecision RateLimits::admit(const Caller& caller, bool search, std::int64_t now_ms) {
    std::lock_guard lock(mutex_);
    RateDecision decision;
    const std::int64_t day = now_ms / kDayMs;
    Daily& daily = daily_[caller.portal_id];
    if (daily.day != day)
        daily = {day, 0};
    const std::int64_t daily_max = daily_limit(caller.portal_id);
    auto& window = windows_[caller.app_id + ":" + caller.portal_id];
    const std::int64_t window_max = ten_second_limit(caller);
    if (!window)
        window = std::make_unique<SlidingWindowLimiter>(kIntervalMs, window_max);
    window->set_limit(window_max);

    if (enabled_) {
        if (daily.used >= daily_max) {
            decision.allowed = false;
            decision.policy = "DAILY";
            decision.group = "publicapi:portal:" + caller.portal_id;
        } else if (search) {
            auto& searches = searches_[caller.portal_id];
            if (!searches)
                searches =
                    std::make_unique<SlidingWindowLimiter>(1000, settings_.search_per_second);
            searches->set_limit(settings_.search_per_second);
            if (!searches->try_consume(now_ms, 1)) {
                decision.allowed = false;
                decision.policy = "SECONDLY";
                decision.group = "search:portal:" + caller.portal_id;
            }
        } else if (!window->try_consume(now_ms, 1)) {
            decision.allowed = false;
            decision.policy = "TEN_SECONDLY_ROLLING";
            decision.group = "publicapi:app-id:" + caller.app_id + ":" + caller.portal_id;
        }
    }
    if (decision.allowed)
        ++daily.used;
    if (!search) {
        decision.headers["X-HubSpot-RateLimit-Interval-Milliseconds"] = std::to_string(kIntervalMs);
        decision.headers["X-HubSpot-RateLimit-Max"] = std::to_string(window_max);
        const std::int64_t remaining = window_max - window->used(now_ms);
        decision.headers["X-HubSpot-RateLimit-Remaining"] =
            std::to_string(remaining < 0 ? 0 : remaining);
        if (!caller.oauth) {
            decision.headers["X-HubSpot-RateLimit-Daily"] = std::to_string(daily_max);
            const std::int64_t left = daily_max - daily.used;
            decision.headers["X-HubSpot-RateLimit-Daily-Remaining"] =
                std::to_string(left < 0 ? 0 : left);
        }
    }
    return decision;
}

void RateLimits::configure(const nlohmann::json& config) {
    if (!config.is_object())
        throw std::invalid_argument("the hubspot rate limits must be an object");
    RateLimitSettings updated;
    {
        std::lock_guard lock(mutex_);
        updated = settings_;
    }
    for (auto it = config.begin(); it != config.end(); ++it) {
        const std::string& key = it.key();
        if (key == "ten_second") {
            updated.oauth_ten_second = positive(*it, key);
        } else if (key == "private_app_ten_second") {
            updated.private_ten_second = positive(*it, key);
        } else if (key == "daily") {
            updated.daily = positive(*it, key);
        } else if (key == "search_per_second") {
            updated.search_per_second = positive(*it, key);
        } else if (key == "apps" || key == "accounts") {
            if (!it->is_object())
                throw std::invalid_argument("\"" + key + "\" must be an object keyed by id");
            for (auto entry = it->begin(); entry != it->end(); ++entry) {
                const char* member = key == "apps" ? "ten_second" : "daily";
                if (!entry->is_object() || !entry->contains(member))
                    throw std::invalid_argument("\"" + key + "\"." + entry.key() + " needs \"" +
                                                member + "\"");
                const std::int64_t value = positive(entry->at(member), member);
                (key == "apps" ? updated.app_ten_second : updated.account_daily)[entry.key()] =
                    value;
            }
        } else {
            throw std::invalid_argument(
                "unknown hubspot rate limit \"" + key +
                "\" (ten_second, private_app_ten_second, daily, search_per_second, apps, "
                "accounts)");
        }
    }
    std::lock_guard lock(mutex_);
    settings_ = std::move(updated);
}

void RateLimits::set_enabled(bool enabled) {
    std::lock_guard lock(mutex_);
    enabled_ = enabled;
}

nlohmann::json RateLimits::to_json(std::int64_t now_ms) const {
    std::lock_guard lock(mutex_);
    nlohmann::json windows = nlohmann::json::object();
    for (const auto& [key, window] : windows_)
        windows[key] = window->used(now_ms);
    nlohmann::json daily = nlohmann::json::object();
    for (const auto& [portal, d] : daily_)
        daily[portal] = d.day == now_ms / kDayMs ? d.used : 0;
    return {{"enabled", enabled_},
            {"ten_second", settings_.oauth_ten_second},
            {"private_app_ten_second", settings_.private_ten_second},
            {"daily", settings_.daily},
            {"search_per_second", settings_.search_per_second},
            {"apps", settings_.app_ten_second},
            {"accounts", settings_.account_daily},
            {"usage", {{"ten_second", windows}, {"daily", daily}}}};
}

void RateLimits::reset() {
    std::lock_guard lock(mutex_);
    enabled_ = true;
    settings_ = RateLimitSettings{};
    windows_.clear();
    searches_.clear();
    daily_.clear();
}

}  // namespace ledgersync::sandbox::hubspot
