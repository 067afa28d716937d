#pragma once
/// How the command line shows what the bus knows of an object: its sync status towards each
/// route's target and its timeline, as text (bus/operator_json.hpp has the JSON). `objects show`
/// and `invoices show` (an invoice, its payments and refunds) print them the same way.

#include <iosfwd>
#include <string>
#include <vector>

#include "store/store_types.hpp"

namespace ledgersync::cli {

/// One line per status: "ROUTE -> CONNECTION: STATE (id ID): REASON", each after `indent`.
void print_sync_statuses(std::ostream& out, const std::vector<store::SyncStatus>& statuses, const std::string& indent);
/// One line per entry: "AT  EVENT ROUTE: DETAIL", each after `indent`.
void print_timeline(std::ostream& out, const std::vector<store::TimelineEntry>& timeline, const std::string& indent);

}  // namespace ledgersync::cli
