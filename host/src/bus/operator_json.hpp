#pragma once
/// The JSON an operator gets of failures, timelines and sync statuses: the CLI's --json output
/// and the admin API's bodies are the same documents.

#include <vector>

#include <nlohmann/json.hpp>

#include "store/store_types.hpp"

namespace ledgersync::bus {

/// A failure without its payload (lists); instants as RFC 3339 UTC.
nlohmann::json failure_json(const store::Failure& failure);
/// The failure's payload as stored, its amounts exact (the text itself when it is not JSON).
nlohmann::json failure_payload_json(const store::Failure& failure);
nlohmann::json timeline_json(const std::vector<store::TimelineEntry>& timeline);
nlohmann::json sync_status_json(const std::vector<store::SyncStatus>& statuses);

}  // namespace ledgersync::bus
