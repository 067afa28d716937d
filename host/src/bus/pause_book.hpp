#pragma once
/// Which connections (credentials rejected) and routes (fatal errors) are paused. The store is
/// the truth, so `ledgersync connections resume` in another process takes effect here at the
/// next refresh; this cache keeps workers from asking the database on every lease.

#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "store/store.hpp"

namespace ledgersync::bus {

class PauseBook {
public:
    /// Reloads the pauses from the store.
    void refresh(store::Store& store);
    /// Adds a pause to the cache once the transaction that stored it (set_pause) has committed.
    void remember(const store::Pause& pause);

    bool connection_paused(const std::string& connection) const;
    std::vector<std::string> paused_routes() const;
    std::vector<store::Pause> all() const;

private:
    mutable std::mutex mutex_;
    std::vector<store::Pause> pauses_;
};

}  // namespace ledgersync::bus
