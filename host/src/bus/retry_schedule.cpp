#include "bus/retry_schedule.hpp"

#include <algorithm>

namespace ledgersync::bus {

RetrySchedule::RetrySchedule(std::uint64_t seed) : random_(seed) {}

std::int64_t RetrySchedule::backoff_cap(const RetryPolicy& policy, std::int64_t attempts) {
    std::int64_t cap = policy.base_delay_ms;
    for (std::int64_t i = 1; i < attempts && cap < policy.max_delay_ms; ++i) cap *= 2;
    return std::min(cap, policy.max_delay_ms);
}

std::optional<std::int64_t> RetrySchedule::next_attempt(const RetryPolicy& policy, std::int64_t attempts,
                                                        std::int64_t first_attempt_ms, std::int64_t now_ms,
                                                        std::int64_t retry_after_ms) {
    if (policy.max_attempts > 0 && attempts >= policy.max_attempts) return std::nullopt;
    const std::int64_t deadline = first_attempt_ms + policy.max_age_ms;
    if (now_ms >= deadline || now_ms + retry_after_ms > deadline) return std::nullopt;
    std::uniform_int_distribution<std::int64_t> jitter(0, backoff_cap(policy, attempts));
    const std::int64_t delay = std::max(jitter(random_), retry_after_ms);
    // One last attempt at the deadline rather than giving up a little before it.
    return std::min(now_ms + delay, deadline);
}

}  // namespace ledgersync::bus
