#pragma once
/// Reading a stream ("invoice", "payment", ...) incrementally, with a per-stream watermark kept
/// in the cursor the host stores with each page.
///
/// - Change data capture (GET /cdc) from the watermark: every change, deletions included, of the
///   stream's entities. After an answer that is not full, the watermark moves to the answer's
///   time minus limits.cdc_overlap_seconds (the host drops what it already has by id and
///   SyncToken); after a full one (1000 objects, CDC's cap) to the latest LastUpdatedTime seen.
/// - CDC looks back 30 days at most, so a first read (from sync_from, default 30 days ago) or a
///   watermark older than 29 days pages through /query instead: every entity updated since the
///   watermark, oldest first, keyed by MetaData.LastUpdatedTime (entities only ever move
///   later, so none is skipped), then CDC from the time that backfill began.
/// - An entity without a faithful canonical form is reported as untranslated (the cursor moves
///   past it; the host keeps a failure); a retry reads it again by id (ReadRequest::ids).

#include <string>

#include <ledgersync/sdk/connector.hpp>

#include "client.hpp"
#include "config.hpp"

namespace ledgersync::connectors::quickbooks {

/// Translates one QBO entity (as received) into `result.records`, or, when it has no faithful
/// canonical form, reports it in `result.untranslated` with the reason and a fix, logged and
/// counted in qbo_records_untranslated_total{stream}: the host keeps it as a failure that can
/// be retried. Used by reads and by webhooks.
void translate_entity(const sdk::HostServices& host, std::string_view entity, const nlohmann::json& row,
                      const MappingSettings& mapping, const std::string& fallback_time,
                      std::vector<sdk::Record>& records, std::vector<sdk::UntranslatedRecord>& untranslated);

class Reader {
public:
    /// CDC's look-back limit, minus a day of margin.
    static constexpr std::int64_t kCdcWindowMs = 29LL * 24 * 3600 * 1000;
    /// CDC answers at most this many objects (reference/qbo.md §1.4).
    static constexpr std::size_t kCdcMaxObjects = 1000;

    Reader(QboClient& client, const QboConfig& config);

    /// One page of `request.stream` after `request.cursor`, or the entities `request.ids`
    /// names (one query per entity of the stream; an id that matches none is left out).
    sdk::ReadResult read(const sdk::ReadRequest& request);

    /// Most ids one query names.
    static constexpr std::size_t kIdsPerQuery = 100;

private:
    sdk::ReadResult read_ids(const sdk::ReadRequest& request);

    QboClient& client_;
    const QboConfig& config_;
};

}  // namespace ledgersync::connectors::quickbooks
