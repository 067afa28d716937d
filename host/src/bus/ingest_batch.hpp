#pragma once
/// Records from a connector made ready for the store outside any transaction: normalised,
/// checked against the canonical schemas, filtered and mapped for every route that takes them
/// (Ingestor::prepare). Inside the transaction, Ingestor::store_within only decides what the
/// store's state makes of them: duplicate, stale, echo, or jobs.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <ledgersync/sdk/outcome.hpp>

#include "bus/mapper_chain.hpp"
#include "bus/route_runtime.hpp"
#include "store/store_types.hpp"

namespace ledgersync::bus {

/// What one route makes of a record.
struct RoutedRecord {
    const RouteRuntime* route = nullptr;
    /// The route's filter took the record.
    bool matched = false;
    /// Why the filter did not take it (each failing condition with the record's value).
    std::string filter_reason;
    /// The route's `when_synced` filter took the record (only when the route has one): it
    /// decides instead of `matched` once the object has a counterpart in the target.
    bool matched_once_synced = false;
    std::string synced_filter_reason;
    /// The records the route writes (empty: the mapper chain dropped it).
    std::vector<MapperChain::Output> outputs;
    /// content_digest of the outputs (bus/digest.hpp), when there are some.
    std::string content_digest;
    /// The mapper chain refused the record; it becomes a failure that can be mapped again.
    std::optional<sdk::Outcome> mapping_failure;
};

/// A valid record, with what each route makes of it.
struct PreparedRecord {
    store::ObjectKey key;
    std::string system;
    std::string version;
    std::string updated_at;
    bool deleted = false;
    /// The event of a mirrored record routed again (Ingestor::prepare_mirrored); 0 otherwise.
    std::int64_t event_id = 0;
    /// The record in its JSON form (the echo check reads its body) and printed once.
    nlohmann::json record_json;
    std::string record_text;
    std::vector<RoutedRecord> routes;
};

/// An object the bus cannot take in as a record: its connector could not translate it, or the
/// record it made is not valid. It becomes a failure of stage "read", retried by reading the
/// object again.
struct RejectedObject {
    store::ObjectKey key;
    std::string version;
    std::string updated_at;
    std::string reason;
    std::string fix_hint;
    /// What the failure shows: the record or the untranslated object, as received.
    std::string payload_json;
};

struct IngestBatch {
    std::string connection;
    std::vector<PreparedRecord> records;
    std::vector<RejectedObject> rejected;
};

}  // namespace ledgersync::bus
