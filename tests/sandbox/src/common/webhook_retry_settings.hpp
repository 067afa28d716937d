#pragma once
/// The retry settings every emulator's webhook configuration accepts: "retry_delays_ms" (an
/// array of non-negative integers) and "timeout_ms" (a positive integer).

#include <string>

#include <nlohmann/json.hpp>

#include "common/webhook_dispatcher.hpp"

namespace ledgersync::sandbox {

/// Applies setting `key` to `policy` and returns true, or returns false when `key` is not a
/// retry setting; throws std::invalid_argument when its value is bad.
bool apply_retry_setting(WebhookRetryPolicy& policy, const std::string& key,
                         const nlohmann::json& value);

}  // namespace ledgersync::sandbox
