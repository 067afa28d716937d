#pragma once
/// What the host lends to plugin instances, and the ABI function table that exposes it.

#include <memory>
#include <string>

#include <ledgersync/abi.h>

#include "services/clock.hpp"
#include "services/connection_state.hpp"
#include "services/http_service.hpp"
#include "services/logger.hpp"
#include "services/metrics.hpp"

namespace ledgersync::plugin {

/// The host's services. State and HTTP may be absent: plugins then get LS_STATUS_UNAVAILABLE.
struct PluginServices {
    services::Logger* logger = nullptr;
    services::MetricsRegistry* metrics = nullptr;
    const services::Clock* clock = nullptr;
    services::ConnectionState* state = nullptr;
    services::HttpService* http = nullptr;
};

/// The ls_host_services table every plugin receives; its functions dispatch on the context.
const ls_host_services* host_services_table() noexcept;

}  // namespace ledgersync::plugin

/// Per-instance context handed to plugins through the ABI (declared opaque in abi.h).
struct ls_host_context {
    std::string plugin_id;
    /// The connection name for connectors; "route <name> step <n>" for mappers.
    std::string scope;
    /// Key under which the connection's state is kept (the connection name; empty for mappers).
    std::string state_scope;
    /// JSON pointer of the instance's config in the host config file; the plugin's config
    /// problems ("/key: ...") are reported relative to it.
    std::string config_path;
    ledgersync::plugin::PluginServices services;
};
