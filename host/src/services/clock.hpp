#pragma once
/// The host's clock. Everything that schedules (retries, leases, token expiry) asks a Clock, so
/// tests can move time instead of waiting for it.

#include <atomic>
#include <chrono>
#include <cstdint>

namespace ledgersync::services {

class Clock {
public:
    virtual ~Clock() = default;
    /// Milliseconds since the Unix epoch, UTC.
    virtual std::int64_t now_ms() const = 0;
};

class SystemClock final : public Clock {
public:
    std::int64_t now_ms() const override {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
            .count();
    }
};

/// A clock that moves only when told to (tests).
class ManualClock final : public Clock {
public:
    explicit ManualClock(std::int64_t start_ms) : now_(start_ms) {}
    std::int64_t now_ms() const override { return now_.load(); }
    void advance_ms(std::int64_t delta) { now_ += delta; }
    void set_ms(std::int64_t value) { now_ = value; }

private:
    std::atomic<std::int64_t> now_;
};

}  // namespace ledgersync::services
