#pragma once
/// The copies of one business object in the other configured connections (its link group), as
/// `invoices show`, `payments refund|delete` and the admin API's payment endpoints find them,
/// and the copy the store holds when an object is named by one it does not.

#include <optional>
#include <vector>

#include "config/host_config.hpp"
#include "store/store.hpp"

namespace ledgersync::app {

/// The other members of `key`'s link group: the same object in the other configured connections.
std::vector<store::ObjectKey> copies_of(store::StoreTransaction& tx, const config::HostConfig& config,
                                        const store::ObjectKey& key);

/// `key` when the mirror holds it; else the member of its link group that the mirror holds: a
/// copy the bus wrote but never read back (qbo/payment/231, written for stripe/payment/ch_1)
/// names its source. nullopt when neither is known.
std::optional<store::ObjectKey> mirrored_member(store::StoreTransaction& tx, const config::HostConfig& config,
                                                const store::ObjectKey& key);

}  // namespace ledgersync::app
