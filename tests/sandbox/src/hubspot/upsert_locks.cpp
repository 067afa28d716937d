#include "hubspot/upsert_locks.hpp"

namespace ledgersync::sandbox::hubspot {

bool UpsertLocks::try_lock(const std::vector<std::string>& keys, std::int64_t now_ms,
                           std::string& held_key) {
    std::lock_guard lock(mutex_);
    for (const auto& key : keys) {
        const auto it = locked_until_.find(key);
        if (it != locked_until_.end() && it->second > now_ms) {
            held_key = key;
            return false;
        }
    }
    for (const auto& key : keys)
        locked_until_[key] = kInFlight;
    return true;
}

void UpsertLocks::release(const std::vector<std::string>& keys, std::int64_t now_ms) {
    std::lock_guard lock(mutex_);
    for (const auto& key : keys) {
        if (hold_ms_ > 0) {
            locked_until_[key] = now_ms + hold_ms_;
        } else {
            locked_until_.erase(key);
        }
    }
}

void UpsertLocks::set_hold_ms(std::int64_t hold_ms) {
    std::lock_guard lock(mutex_);
    hold_ms_ = hold_ms;
}

std::int64_t UpsertLocks::hold_ms() const {
    std::lock_guard lock(mutex_);
    return hold_ms_;
}

void UpsertLocks::clear() {
    std::lock_guard lock(mutex_);
    hold_ms_ = 0;
    locked_until_.clear();
}

}  // namespace ledgersync::sandbox::hubspot
