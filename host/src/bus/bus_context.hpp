#pragma once
/// What the parts of the bus share: the store, the routes, the clock, metrics and log.

#include <functional>
#include <string>
#include <vector>

#include "bus/route_runtime.hpp"
#include "services/clock.hpp"
#include "services/logger.hpp"
#include "services/metrics.hpp"
#include "store/store.hpp"

namespace ledgersync::bus {

class ConnectionLeases;

struct BusContext {
    store::Store& store;
    const std::vector<RouteRuntime>& routes;
    const services::Clock& clock;
    services::MetricsRegistry& metrics;
    services::Logger& logger;
    /// Called after a transaction created jobs, to wake idle delivery workers.
    std::function<void()> jobs_created = [] {};
    /// The connections this host runs, while the bus runs (null: every connection, without
    /// fencing, as when tests drive the bus step by step).
    const ConnectionLeases* leases = nullptr;
};

/// The canonical type of the events the bus emits for every write's outcome.
inline constexpr const char* kSyncOutcomeType = "sync_outcome";

}  // namespace ledgersync::bus
