#pragma once
// Waiting in end-to-end tests for what a running host does in its own time.

#include <chrono>
#include <functional>

namespace ledgersync::testing {

/// Polls `condition` every 250 ms until it holds or `timeout` passes; its last value.
bool eventually(const std::function<bool()>& condition, std::chrono::seconds timeout = std::chrono::seconds(120));

}  // namespace ledgersync::testing
