#pragma once
/// Ingest: records from a connector (a read page or a webhook) are deduplicated, mirrored,
/// checked for echoes of our own writes, routed, mapped and turned into jobs, and the source
/// cursor advances, all in one transaction.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <ledgersync/sdk/record.hpp>

#include "bus/bus_context.hpp"

namespace ledgersync::bus {

/// What one ingest did, for logs, metrics and tests.
struct IngestSummary {
    std::int64_t received = 0;
    std::int64_t duplicates = 0;
    std::int64_t stale = 0;
    std::int64_t echoes = 0;
    std::int64_t jobs = 0;
    std::int64_t mapping_failures = 0;
};

class Ingestor {
public:
    explicit Ingestor(BusContext& context);

    /// Ingests a page read from `stream` of `connection` (whose connector is plugin `system`)
    /// and stores `cursor` with it, atomically.
    IngestSummary ingest_page(const std::string& connection, const std::string& system, const std::string& stream,
                              std::vector<sdk::Record> records, const std::optional<std::string>& cursor);

    /// Ingests records decoded from a webhook delivery. `within`, when given, runs in the same
    /// transaction (the webhook inbox deletes the delivery there: ingested exactly once).
    IngestSummary ingest_records(const std::string& connection, const std::string& system,
                                 std::vector<sdk::Record> records, const store::Store::Body& within = {});

    /// Ingests one record inside an open transaction (the outcome events of job completion).
    void ingest_within(store::StoreTransaction& tx, const std::string& connection, const std::string& system,
                       sdk::Record record, IngestSummary& summary);

private:
    void route(store::StoreTransaction& tx, const sdk::Record& record, const nlohmann::json& record_json,
               const std::string& record_text, std::int64_t event_id, IngestSummary& summary);
    void count(const std::string& connection, const IngestSummary& summary);

    BusContext& context_;
};

}  // namespace ledgersync::bus
