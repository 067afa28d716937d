#pragma once
/// Counts units consumed over a sliding time window and refuses what would exceed the limit
/// ("500 requests per minute"). Memory is bounded by the number of distinct milliseconds with
/// traffic inside one window. Not thread-safe: the owner locks.

#include <cstdint>
#include <deque>
#include <utility>

namespace ledgersync::sandbox {

class SlidingWindowLimiter {
public:
    SlidingWindowLimiter(std::int64_t window_ms, std::int64_t limit)
        : window_ms_(window_ms), limit_(limit) {}

    /// Consumes `units` at `now_ms` if the window then holds at most the limit; false (and
    /// nothing consumed) otherwise.
    bool try_consume(std::int64_t now_ms, std::int64_t units);
    /// Units consumed in the window ending at `now_ms`.
    std::int64_t used(std::int64_t now_ms);
    /// Milliseconds until `units` more would fit (0 when they fit now).
    std::int64_t wait_ms(std::int64_t now_ms, std::int64_t units);
    void set_limit(std::int64_t limit) { limit_ = limit; }
    std::int64_t limit() const { return limit_; }

private:
    void expire(std::int64_t now_ms);

    std::int64_t window_ms_;
    std::int64_t limit_;
    std::deque<std::pair<std::int64_t, std::int64_t>> entries_;  // (time, units), oldest first
    std::int64_t total_ = 0;
};

}  // namespace ledgersync::sandbox
