#pragma once
/// When to try a failed job again: exponential backoff with full jitter up to a cap, never
/// before the remote API's Retry-After, for as long as the route's max age allows (and at most
/// its max attempts, when it sets any). A long outage therefore costs a few attempts an hour,
/// not failures.

#include <cstdint>
#include <optional>
#include <random>

#include "bus/route_config.hpp"

namespace ledgersync::bus {

class RetrySchedule {
public:
    explicit RetrySchedule(std::uint64_t seed = std::random_device{}());

    /// The time of the next attempt after `attempts` attempts (the first at `first_attempt_ms`)
    /// failed at `now_ms`, or nullopt when the policy says give up. The delay is drawn uniformly
    /// from [0, min(max_delay, base_delay x 2^(attempts-1))] ("full jitter"), then raised to
    /// `retry_after_ms` when the API asked for more. The last attempt comes at
    /// first + max_age at the latest; when Retry-After points beyond that, it gives up.
    std::optional<std::int64_t> next_attempt(const RetryPolicy& policy, std::int64_t attempts,
                                             std::int64_t first_attempt_ms, std::int64_t now_ms,
                                             std::int64_t retry_after_ms);

    /// The upper bound of the jittered delay after `attempts` failures (without Retry-After).
    static std::int64_t backoff_cap(const RetryPolicy& policy, std::int64_t attempts);

private:
    std::mt19937_64 random_;
};

}  // namespace ledgersync::bus
