#pragma once
/// HubSpot answers 423 Locked when two batch upserts claim the same unique value at once ("Locks
/// will last for 2 seconds", hubspot.md §2.10). A batch upsert holds its (account, type,
/// idProperty, value) keys while it runs, and for `hold_ms` after it finished; another upsert
/// that needs one of them meanwhile is refused.

#include <climits>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace ledgersync::sandbox::hubspot {

class UpsertLocks {
public:
    /// Takes every key or none; false when one is held by another request.
    bool try_lock(const std::vector<std::string>& keys, std::int64_t now_ms, std::string& held_key);
    /// Releases `keys`, keeping them locked until now + hold_ms.
    void release(const std::vector<std::string>& keys, std::int64_t now_ms);
    void set_hold_ms(std::int64_t hold_ms);
    std::int64_t hold_ms() const;
    void clear();

private:
    static constexpr std::int64_t kInFlight = INT64_MAX;
    mutable std::mutex mutex_;
    std::int64_t hold_ms_ = 0;
    std::map<std::string, std::int64_t> locked_until_;
};

}  // namespace ledgersync::sandbox::hubspot
