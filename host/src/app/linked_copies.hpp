#pragma once
/// The copies of one business object in the other configured connections (its link group), as
/// `invoices show`, `payments refund|delete` and the admin API's payment endpoints find them.

#include <vector>

#include "config/host_config.hpp"
#include "store/store.hpp"

namespace ledgersync::app {

/// The other members of `key`'s link group: the same object in the other configured connections.
std::vector<store::ObjectKey> copies_of(store::StoreTransaction& tx, const config::HostConfig& config,
                                        const store::ObjectKey& key);

}  // namespace ledgersync::app
