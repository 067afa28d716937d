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

std::optional<store::ObjectKey> mirrored_member(store::StoreTransaction& tx, const config::HostConfig& config,
                                                const store::ObjectKey& key) {
    if (tx.mirror(key)) return key;
    for (const auto& copy : copies_of(tx, config, key)) {
        if (tx.mirror(copy)) return copy;
    }
    return std::nullopt;
}

}  // namespace ledgersync::app
