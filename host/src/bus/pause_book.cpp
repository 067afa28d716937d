#include "bus/pause_book.hpp"

#include <algorithm>

namespace ledgersync::bus {

void PauseBook::refresh(store::Store& store) {
    std::vector<store::Pause> loaded;
    store.read([&](store::StoreTransaction& tx) { loaded = tx.pauses(); });
    std::lock_guard lock(mutex_);
    pauses_ = std::move(loaded);
}

void PauseBook::remember(const store::Pause& pause) {
    std::lock_guard lock(mutex_);
    const bool known = std::any_of(pauses_.begin(), pauses_.end(),
                                   [&](const auto& p) { return p.kind == pause.kind && p.name == pause.name; });
    if (!known) pauses_.push_back(pause);
}

bool PauseBook::connection_paused(const std::string& connection) const {
    std::lock_guard lock(mutex_);
    return std::any_of(pauses_.begin(), pauses_.end(),
                       [&](const auto& p) { return p.kind == "connection" && p.name == connection; });
}

std::vector<std::string> PauseBook::paused_routes() const {
    std::lock_guard lock(mutex_);
    std::vector<std::string> routes;
    for (const auto& p : pauses_) {
        if (p.kind == "route") routes.push_back(p.name);
    }
    return routes;
}

std::vector<store::Pause> PauseBook::all() const {
    std::lock_guard lock(mutex_);
    return pauses_;
}

}  // namespace ledgersync::bus
