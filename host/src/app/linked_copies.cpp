#include "app/linked_copies.hpp"

namespace ledgersync::app {

std::vector<store::ObjectKey> copies_of(store::StoreTransaction& tx, const config::HostConfig& config,
                                        const store::ObjectKey& key) {
    std::vector<store::ObjectKey> copies;
    const auto member = tx.link_member(key);
    if (!member) return copies;
    for (const auto& [connection, settings] : config.connections) {
        if (connection == key.connection) continue;
        if (const auto copy = tx.linked_member(member->entity_id, connection, key.type)) copies.push_back(copy->object);
    }
    return copies;
}

}  // namespace ledgersync::app
