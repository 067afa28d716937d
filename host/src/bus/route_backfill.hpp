#pragma once
/// A route enabled after its sources were read: records are routed as they are ingested, so the
/// objects the mirror already holds would never reach the new route. A route with `since` gets
/// them once: when the bus starts, every mirrored object of each of its sources is routed through
/// that route alone (its filters, `since` among them, decide as for a new record), page by page,
/// then a marker in the source connection's state records that this route was backfilled from
/// that date, so a restart does not walk the mirror again. A crash before the marker walks it
/// again harmlessly: jobs keep their idempotency keys and content the route already carried is
/// `unchanged` (docs/bus.md, "Routes enabled late").

#include <cstdint>
#include <string>

#include "bus/bus_context.hpp"
#include "bus/ingestor.hpp"

namespace ledgersync::bus {

class RouteBackfill {
public:
    RouteBackfill(BusContext& context, Ingestor& ingestor);

    /// Backfills every enabled route with `since` whose sources were not backfilled from that
    /// date yet; returns the number of jobs created.
    std::int64_t run();

    /// The state key (of the source connection) that records the date `route` was backfilled from.
    static std::string marker_key(const std::string& route);

private:
    /// Routes the mirrored objects of `connection`.`type` through `route`; returns the jobs created.
    std::int64_t backfill(const RouteRuntime& route, const std::string& connection, const std::string& type);

    BusContext& context_;
    Ingestor& ingestor_;
};

}  // namespace ledgersync::bus
