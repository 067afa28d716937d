#pragma once
/// How the command line shows what the bus knows of an object: its sync status towards each
/// route's target and its timeline, as text and as JSON. `objects show` and `invoices show` (an
/// invoice, its payments and refunds) print them the same way.

#include <iosfwd>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "store/store_types.hpp"

namespace ledgersync::cli {

/// Each status as {route, target_connection, state, target_id, reason, updated_at}.
nlohmann::json sync_statuses_json(const std::vector<store::SyncStatus>& statuses);
/// Each entry as {at, event, route, detail}.
nlohmann::json timeline_json(const std::vector<store::TimelineEntry>& timeline);

/// One line per status: "ROUTE -> CONNECTION: STATE (id ID): REASON", each after `indent`.
void print_sync_statuses(std::ostream& out, const std::vector<store::SyncStatus>& statuses, const std::string& indent);
/// One line per entry: "AT  EVENT ROUTE: DETAIL", each after `indent`.
void print_timeline(std::ostream& out, const std::vector<store::TimelineEntry>& timeline, const std::string& indent);

}  // namespace ledgersync::cli
