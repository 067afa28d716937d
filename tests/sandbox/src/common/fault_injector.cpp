#include "common/fault_injector.hpp"

#include <stdexcept>

#include <ledgersync/sdk/decimal.hpp>

namespace ledgersync::sandbox {

namespace {

constexpr std::int64_t kPartsPerMillion = 1'000'000;

std::int64_t non_negative_integer(const nlohmann::json& config, const char* key,
                                  std::int64_t fallback) {
    if (!config.contains(key))
        return fallback;
    const auto& value = config.at(key);
    if (!value.is_number_integer() || value.get<std::int64_t>() < 0) {
        throw std::invalid_argument(std::string("\"") + key + "\" must be a non-negative integer");
    }
    return value.get<std::int64_t>();
}

std::string optional_string(const nlohmann::json& config, const char* key) {
    if (!config.contains(key))
        return {};
    if (!config.at(key).is_string())
        throw std::invalid_argument(std::string("\"") + key + "\" must be a string");
    return config.at(key).get<std::string>();
}

}  // namespace

void FaultInjector::configure(const nlohmann::json& config) {
    if (!config.is_object())
        throw std::invalid_argument("the fault plan must be a JSON object");
    static const char* kKnown[] = {"error_rate",        "error_status", "latency_ms", "drop_before",
                                   "drop_after_commit", "path_prefix",  "api",        "seed",
                                   "throttling",        "throttle"};
    for (auto it = config.begin(); it != config.end(); ++it) {
        bool known = false;
        for (const char* k : kKnown)
            known = known || it.key() == k;
        if (!known)
            throw std::invalid_argument("unknown member \"" + it.key() + "\" in the fault plan");
    }
    std::int64_t rate_ppm = 0;
    std::string rate_text;
    if (config.contains("error_rate")) {
        sdk::Decimal rate;
        try {
            rate = sdk::Decimal::from_json(config.at("error_rate"));
        } catch (const sdk::DecimalError& e) {
            throw std::invalid_argument(
                std::string("\"error_rate\" must be a number from 0 to 1: ") + e.what());
        }
        if (rate < sdk::Decimal(0) || rate > sdk::Decimal(1)) {
            throw std::invalid_argument("\"error_rate\" must be from 0 to 1, got " +
                                        rate.to_string());
        }
        rate_ppm = sdk::Decimal::multiply_rounded(rate, sdk::Decimal(kPartsPerMillion), 0,
                                                  sdk::RoundingMode::half_up)
                       .mantissa();
        rate_text = rate.to_string();
    }
    const auto status = non_negative_integer(config, "error_status", 500);
    if (status < 400 || status > 599)
        throw std::invalid_argument("\"error_status\" must be an HTTP error status (400..599)");
    const auto latency = non_negative_integer(config, "latency_ms", 0);
    if (latency > 120'000)
        throw std::invalid_argument(
            "\"latency_ms\" must be at most 120000 (QBO times out at 120 s)");

    std::lock_guard lock(mutex_);
    api_ = optional_string(config, "api");
    path_prefix_ = optional_string(config, "path_prefix");
    error_rate_ppm_ = rate_ppm;
    error_rate_text_ = rate_text;
    error_status_ = static_cast<int>(status);
    latency_ms_ = latency;
    drop_before_left_ = non_negative_integer(config, "drop_before", 0);
    drop_after_left_ = non_negative_integer(config, "drop_after_commit", 0);
    seed_ = static_cast<std::uint64_t>(non_negative_integer(config, "seed", 0));
    random_.seed(seed_);
}

void FaultInjector::clear() {
    std::lock_guard lock(mutex_);
    api_.clear();
    path_prefix_.clear();
    error_rate_ppm_ = 0;
    error_rate_text_.clear();
    error_status_ = 500;
    latency_ms_ = 0;
    drop_before_left_ = 0;
    drop_after_left_ = 0;
    seed_ = 0;
    random_.seed(0);
}

FaultDecision FaultInjector::decide(const std::string& api, const std::string& path) {
    std::lock_guard lock(mutex_);
    FaultDecision decision;
    if (!api_.empty() && api != api_)
        return decision;
    if (!path_prefix_.empty() && path.compare(0, path_prefix_.size(), path_prefix_) != 0)
        return decision;
    decision.latency_ms = latency_ms_;
    if (drop_before_left_ > 0) {
        --drop_before_left_;
        decision.action = FaultDecision::Action::drop_before;
    } else if (drop_after_left_ > 0) {
        --drop_after_left_;
        decision.action = FaultDecision::Action::drop_after_commit;
    } else if (error_rate_ppm_ > 0 &&
               static_cast<std::int64_t>(random_() % static_cast<std::uint64_t>(kPartsPerMillion)) <
                   error_rate_ppm_) {
        decision.action = FaultDecision::Action::error;
        decision.error_status = error_status_;
    }
    return decision;
}

nlohmann::json FaultInjector::to_json() const {
    std::lock_guard lock(mutex_);
    return {{"api", api_},
            {"path_prefix", path_prefix_},
            {"error_rate", error_rate_text_.empty() ? "0" : error_rate_text_},
            {"error_status", error_status_},
            {"latency_ms", latency_ms_},
            {"drop_before", drop_before_left_},
            {"drop_after_commit", drop_after_left_},
            {"seed", seed_}};
}

}  // namespace ledgersync::sandbox
