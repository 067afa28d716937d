#pragma once
/// QBO's rate limits per realm (reference/qbo.md §1.8): 500 requests per minute (batch items
/// count towards it), 10 requests in flight, 40 batch requests per minute. Over a limit the
/// request is answered 429 with the ThrottleExceeded fault (3001) and not processed.

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

#include "common/sliding_window_limiter.hpp"

namespace ledgersync::sandbox::qbo {

struct ThrottleLimits {
    std::int64_t per_minute = 500;
    std::int64_t concurrent = 10;
    std::int64_t batch_per_minute = 40;
    /// "json" (the default) or "xml": real QBO has answered throttles in XML even to JSON
    /// clients (qbo.md §1.8), so clients must cope with both.
    std::string format = "json";
};

class QboThrottle {
public:
    /// Releases the in-flight slot it holds, if any.
    class Permit {
    public:
        Permit() = default;
        Permit(QboThrottle* owner, std::string realm) : owner_(owner), realm_(std::move(realm)) {}
        Permit(Permit&& other) noexcept
            : owner_(other.owner_),
              realm_(std::move(other.realm_)),
              granted_without_slot_(other.granted_without_slot_) {
            other.owner_ = nullptr;
        }
        Permit& operator=(Permit&&) = delete;
        Permit(const Permit&) = delete;
        ~Permit();
        bool granted() const { return owner_ != nullptr || granted_without_slot_; }
        static Permit unlimited() {
            Permit p;
            p.granted_without_slot_ = true;
            return p;
        }

    private:
        QboThrottle* owner_ = nullptr;
        std::string realm_;
        bool granted_without_slot_ = false;
    };

    /// Admits a request of `realm` at `now_ms` consuming `units` of the per-minute budget (the
    /// item count for a batch), or refuses it (an ungranted Permit).
    Permit admit(const std::string& realm, std::int64_t now_ms, std::int64_t units, bool batch);

    /// Members per_minute, concurrent, batch_per_minute, format; throws std::invalid_argument.
    void configure(const nlohmann::json& config);
    void set_enabled(bool enabled);
    nlohmann::json to_json() const;
    std::string format() const;
    void reset();

private:
    struct RealmState {
        std::unique_ptr<SlidingWindowLimiter> requests;
        std::unique_ptr<SlidingWindowLimiter> batches;
        std::int64_t in_flight = 0;
    };
    void release(const std::string& realm);

    mutable std::mutex mutex_;
    ThrottleLimits limits_;
    bool enabled_ = true;
    std::map<std::string, RealmState> realms_;
};

}  // namespace ledgersync::sandbox::qbo
