#pragma once
/// Opening the database the host's configuration names (`store.sqlite` or `store.postgresql`).

#include <memory>

#include "config/host_config.hpp"
#include "store/store.hpp"

namespace ledgersync::store {

/// Opens the configured store, applying pending schema migrations; refuses a database a newer
/// ledgersync wrote. Throws StoreError.
std::unique_ptr<Store> open_configured_store(const config::StoreConfig& config);

}  // namespace ledgersync::store
