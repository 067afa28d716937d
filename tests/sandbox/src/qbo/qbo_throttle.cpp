#include "qbo/qbo_throttle.hpp"

#include <stdexcept>

namespace ledgersync::sandbox::qbo {

namespace {
constexpr std::int64_t kMinuteMs = 60'000;
}

QboThrottle::Permit::~Permit() {
    if (owner_ != nullptr)
        owner_->release(realm_);
}

QboThrottle::Permit QboThrottle::admit(const std::string& realm, std::int64_t now_ms,
                                       std::int64_t units, bool batch) {
    std::lock_guard lock(mutex_);
    if (!enabled_)
        return Permit::unlimited();
    RealmState& state = realms_[realm];
    if (!state.requests) {
        state.requests = std::make_unique<SlidingWindowLimiter>(kMinuteMs, limits_.per_minute);
        state.batches = std::make_unique<SlidingWindowLimiter>(kMinuteMs, limits_.batch_per_minute);
    }
    if (state.in_flight >= limits_.concurrent)
        return Permit();
    if (batch && state.batches->used(now_ms) + 1 > limits_.batch_per_minute)
        return Permit();
    if (!state.requests->try_consume(now_ms, units < 1 ? 1 : units))
        return Permit();
    if (batch)
        state.batches->try_consume(now_ms, 1);
    ++state.in_flight;
    return Permit(this, realm);
}

void QboThrottle::release(const std::string& realm) {
    std::lock_guard lock(mutex_);
    const auto it = realms_.find(realm);
    if (it != realms_.end() && it->second.in_flight > 0)
        --it->second.in_flight;
}

void QboThrottle::configure(const nlohmann::json& config) {
    if (!config.is_object())
        throw std::invalid_argument("the qbo throttle settings must be an object");
    ThrottleLimits limits;
    {
        std::lock_guard lock(mutex_);
        limits = limits_;
    }
    for (auto it = config.begin(); it != config.end(); ++it) {
        const std::string& key = it.key();
        if (key == "format") {
            if (!it->is_string() || (*it != "json" && *it != "xml"))
                throw std::invalid_argument("\"format\" must be \"json\" or \"xml\"");
            limits.format = it->get<std::string>();
            continue;
        }
        if (!it->is_number_integer() || it->get<std::int64_t>() < 1) {
            throw std::invalid_argument("throttle \"" + key + "\" must be a positive integer");
        }
        const auto value = it->get<std::int64_t>();
        if (key == "per_minute") {
            limits.per_minute = value;
        } else if (key == "concurrent") {
            limits.concurrent = value;
        } else if (key == "batch_per_minute") {
            limits.batch_per_minute = value;
        } else {
            throw std::invalid_argument("unknown qbo throttle setting \"" + key +
                                        "\" (per_minute, concurrent, batch_per_minute, format)");
        }
    }
    std::lock_guard lock(mutex_);
    limits_ = limits;
    for (auto& [realm, state] : realms_) {
        if (state.requests)
            state.requests->set_limit(limits_.per_minute);
        if (state.batches)
            state.batches->set_limit(limits_.batch_per_minute);
    }
}

void QboThrottle::set_enabled(bool enabled) {
    std::lock_guard lock(mutex_);
    enabled_ = enabled;
}

nlohmann::json QboThrottle::to_json() const {
    std::lock_guard lock(mutex_);
    return {{"enabled", enabled_},
            {"per_minute", limits_.per_minute},
            {"concurrent", limits_.concurrent},
            {"batch_per_minute", limits_.batch_per_minute},
            {"format", limits_.format}};
}

std::string QboThrottle::format() const {
    std::lock_guard lock(mutex_);
    return limits_.format;
}

void QboThrottle::reset() {
    std::lock_guard lock(mutex_);
    limits_ = ThrottleLimits{};
    enabled_ = true;
    // Keep states with requests in flight (their permits still point here); clear the windows.
    for (auto it = realms_.begin(); it != realms_.end();) {
        if (it->second.in_flight == 0) {
            it = realms_.erase(it);
        } else {
            it->second.requests =
                std::make_unique<SlidingWindowLimiter>(kMinuteMs, limits_.per_minute);
            it->second.batches =
                std::make_unique<SlidingWindowLimiter>(kMinuteMs, limits_.batch_per_minute);
            ++it;
        }
    }
}

}  // namespace ledgersync::sandbox::qbo
