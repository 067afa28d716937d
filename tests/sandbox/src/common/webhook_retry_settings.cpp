#include "common/webhook_retry_settings.hpp"

#include <stdexcept>

namespace ledgersync::sandbox {

bool apply_retry_setting(WebhookRetryPolicy& policy, const std::string& key,
                         const nlohmann::json& value) {
    if (key == "retry_delays_ms") {
        if (!value.is_array())
            throw std::invalid_argument("\"retry_delays_ms\" must be an array of integers");
        policy.delays_ms.clear();
        for (const auto& d : value) {
            if (!d.is_number_integer() || d.get<std::int64_t>() < 0)
                throw std::invalid_argument("\"retry_delays_ms\" must hold non-negative integers");
            policy.delays_ms.push_back(d.get<std::int64_t>());
        }
        return true;
    }
    if (key == "timeout_ms") {
        if (!value.is_number_integer() || value.get<std::int64_t>() < 1)
            throw std::invalid_argument("\"timeout_ms\" must be a positive integer");
        policy.timeout_ms = value.get<std::int64_t>();
        return true;
    }
    return false;
}

}  // namespace ledgersync::sandbox
