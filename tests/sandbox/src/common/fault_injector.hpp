#pragma once
/// Fault injection for API requests: random error statuses, latency, and connections dropped
/// either before the request is processed or after it committed (the client sees a reset but
/// the write happened: the case idempotency keys exist for). Deterministic for a given seed.
/// Control-plane requests (/__sandbox/...) are never affected.

#include <cstdint>
#include <mutex>
#include <random>
#include <string>

#include <nlohmann/json.hpp>

namespace ledgersync::sandbox {

/// What to do to one request.
struct FaultDecision {
    enum class Action { none, drop_before, error, drop_after_commit };
    Action action = Action::none;
    int error_status = 0;
    std::int64_t latency_ms = 0;
};

class FaultInjector {
public:
    FaultInjector() { clear(); }

    /// Replaces the plan with the one described by `config` (see README "Fault injection");
    /// throws std::invalid_argument naming the offending member.
    void configure(const nlohmann::json& config);
    void clear();
    /// Decides for a request of `api` to `path`; consumes one of the counted drops when used.
    FaultDecision decide(const std::string& api, const std::string& path);
    /// The plan and what is left of it.
    nlohmann::json to_json() const;

private:
    mutable std::mutex mutex_;
    std::string api_;                  // "" = every API
    std::string path_prefix_;          // "" = every path
    std::int64_t error_rate_ppm_ = 0;  // errors per million requests
    std::string error_rate_text_;
    int error_status_ = 500;
    std::int64_t latency_ms_ = 0;
    std::int64_t drop_before_left_ = 0;
    std::int64_t drop_after_left_ = 0;
    std::uint64_t seed_ = 0;
    std::mt19937_64 random_;
};

}  // namespace ledgersync::sandbox
