#pragma once
/// The sandbox's clock. Every timestamp an emulator writes, every token expiry and every
/// look-back window (QBO's 30-day CDC limit) reads it, so a test can move time instead of
/// waiting. It runs with the system clock plus an offset; it can also be frozen.

#include <cstdint>
#include <mutex>

namespace ledgersync::sandbox {

class SandboxClock {
public:
    /// Milliseconds since the Unix epoch, UTC, as the sandbox sees it.
    std::int64_t now_ms() const;
    /// Sets the current time; the clock keeps running from there unless frozen.
    void set_ms(std::int64_t value);
    void advance_ms(std::int64_t delta);
    /// A frozen clock moves only through set_ms/advance_ms.
    void freeze(bool frozen);
    bool frozen() const;
    /// Back to the system time, running.
    void reset();

private:
    static std::int64_t system_now_ms();

    mutable std::mutex mutex_;
    std::int64_t offset_ms_ = 0;
    bool frozen_ = false;
    std::int64_t frozen_at_ms_ = 0;
};

}  // namespace ledgersync::sandbox
