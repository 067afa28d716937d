#include "seen_events.hpp"

#include <algorithm>

#include <ledgersync/sdk/json.hpp>

namespace ledgersync::connectors::stripe {

void SeenEvents::load() {
    if (ids_) return;
    ids_.emplace();
    const auto text = host_.state_get(kStateKey);
    if (!text) return;
    try {
        for (const auto& id : sdk::parse_json_exact(*text)) ids_->push_back(id.get<std::string>());
    } catch (const std::exception& e) {
        // Forgetting costs at most a second ingestion of an event, which the record versions absorb.
        host_.log(sdk::LogLevel::warning, std::string("the stored ids of ingested Stripe events cannot be read and are dropped: ") + e.what());
        ids_->clear();
    }
}

bool SeenEvents::contains(const std::string& event_id) {
    load();
    return std::find(ids_->begin(), ids_->end(), event_id) != ids_->end();
}

void SeenEvents::add(const std::string& event_id) {
    load();
    ids_->push_back(event_id);
    while (ids_->size() > kCapacity) ids_->pop_front();
    host_.state_put(kStateKey, nlohmann::json(*ids_).dump());
}

}  // namespace ledgersync::connectors::stripe
