#include "common/sandbox_clock.hpp"

#include <chrono>

namespace ledgersync::sandbox {

std::int64_t SandboxClock::system_now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::int64_t SandboxClock::now_ms() const {
    std::lock_guard lock(mutex_);
    return frozen_ ? frozen_at_ms_ : system_now_ms() + offset_ms_;
}

void SandboxClock::set_ms(std::int64_t value) {
    std::lock_guard lock(mutex_);
    if (frozen_) {
        frozen_at_ms_ = value;
    } else {
        offset_ms_ = value - system_now_ms();
    }
}

void SandboxClock::advance_ms(std::int64_t delta) {
    std::lock_guard lock(mutex_);
    if (frozen_) {
        frozen_at_ms_ += delta;
    } else {
        offset_ms_ += delta;
    }
}

void SandboxClock::freeze(bool frozen) {
    std::lock_guard lock(mutex_);
    if (frozen == frozen_)
        return;
    if (frozen) {
        frozen_at_ms_ = system_now_ms() + offset_ms_;
    } else {
        offset_ms_ = frozen_at_ms_ - system_now_ms();
    }
    frozen_ = frozen;
}

bool SandboxClock::frozen() const {
    std::lock_guard lock(mutex_);
    return frozen_;
}

void SandboxClock::reset() {
    std::lock_guard lock(mutex_);
    offset_ms_ = 0;
    frozen_ = false;
    frozen_at_ms_ = 0;
}

}  // namespace ledgersync::sandbox
