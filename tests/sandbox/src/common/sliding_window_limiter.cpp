#include "common/sliding_window_limiter.hpp"

namespace ledgersync::sandbox {

void SlidingWindowLimiter::expire(std::int64_t now_ms) {
    // The clock may be set backwards; entries "from the future" then simply stay until passed.
    while (!entries_.empty() && entries_.front().first <= now_ms - window_ms_) {
        total_ -= entries_.front().second;
        entries_.pop_front();
    }
}

bool SlidingWindowLimiter::try_consume(std::int64_t now_ms, std::int64_t units) {
    expire(now_ms);
    if (total_ + units > limit_)
        return false;
    if (!entries_.empty() && entries_.back().first == now_ms) {
        entries_.back().second += units;
    } else {
        entries_.emplace_back(now_ms, units);
    }
    total_ += units;
    return true;
}

std::int64_t SlidingWindowLimiter::used(std::int64_t now_ms) {
    expire(now_ms);
    return total_;
}

std::int64_t SlidingWindowLimiter::wait_ms(std::int64_t now_ms, std::int64_t units) {
    expire(now_ms);
    std::int64_t excess = total_ + units - limit_;
    for (const auto& [time, count] : entries_) {
        if (excess <= 0)
            return 0;
        excess -= count;
        if (excess <= 0)
            return time + window_ms_ - now_ms;
    }
    return excess <= 0 ? 0 : window_ms_;
}

}  // namespace ledgersync::sandbox
