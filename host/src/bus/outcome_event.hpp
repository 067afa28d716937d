#pragma once
/// The event every write's outcome becomes: a `sync_outcome` record attributed to the source
/// object's connection, so that a route can carry it back (e.g. HubSpot shows an invoice's
/// integration sync status and its QuickBooks link). See sdk/schema/sync_outcome.schema.json.

#include <string>

#include <ledgersync/sdk/outcome.hpp>
#include <ledgersync/sdk/record.hpp>

#include "bus/route_config.hpp"
#include "store/store_types.hpp"

namespace ledgersync::bus {

/// Builds the outcome event of `job`'s attempt. `target_id` is empty when nothing was created.
sdk::Record make_outcome_event(const store::Job& job, const sdk::Outcome& outcome, const std::string& target_id,
                               std::int64_t now_ms);

/// Builds the outcome event of `route` refusing to create the counterpart of version
/// `source_version` of `source` (DuplicateGuard): status `refused`, with `reason`.
sdk::Record make_refusal_event(const RouteConfig& route, const store::ObjectKey& source, const std::string& source_version,
                               const std::string& reason, std::int64_t now_ms);

/// RFC 3339 UTC text of a Unix time in milliseconds ("2026-11-26T14:03:20Z").
std::string rfc3339_utc(std::int64_t unix_ms);

}  // namespace ledgersync::bus
