#pragma once
/// Ingest: records from a connector (a read page or a webhook) are deduplicated, mirrored,
/// checked for echoes of our own writes, routed, mapped and turned into jobs, and the source
/// cursor advances, all in one transaction. Objects the connector could not translate, and
/// records that fail the canonical checks, become failures in that same transaction.
///
/// Work that runs plugins or needs no store (checking, filtering, mapping) happens before the
/// transaction (prepare), so a slow mapper never holds the store; the transaction body
/// (store_within) touches nothing but the store, and what must follow the commit (metrics,
/// logs, waking workers) runs after it (report, CommitEffects).

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <ledgersync/sdk/connector.hpp>
#include <ledgersync/sdk/record.hpp>

#include "bus/bus_context.hpp"
#include "bus/commit_effects.hpp"
#include "bus/conflict_check.hpp"
#include "bus/ingest_batch.hpp"

namespace ledgersync::bus {

/// What one ingest did, for logs, metrics and tests.
struct IngestSummary {
    std::int64_t received = 0;
    std::int64_t duplicates = 0;
    std::int64_t stale = 0;
    std::int64_t echoes = 0;
    std::int64_t jobs = 0;
    /// Per route: versions that map to what the route already carried (or to an unsettled
    /// job's content), so no job was made.
    std::map<std::string, std::int64_t> unchanged;
    /// Per (route, rule as applied): versions that met an edit of their counterpart not yet
    /// synced (ConflictCheck).
    std::map<std::pair<std::string, std::string>, std::int64_t> conflicts;
    /// Per route: invoice versions not created in the target because a payment of theirs was made
    /// through another invoice (DuplicateGuard).
    std::map<std::string, std::int64_t> duplicates_refused;
    std::int64_t mapping_failures = 0;
    /// Objects that became read failures (untranslated, or not valid records).
    std::int64_t read_failures = 0;
};

class Ingestor {
public:
    explicit Ingestor(BusContext& context);

    /// Ingests a page read from `stream` of `connection` (whose connector is plugin `system`)
    /// and stores `cursor` with it, atomically; `untranslated` become read failures. `within`,
    /// when given, runs in the same transaction (the fencing check of the connection's lease:
    /// when it throws, nothing of the page is committed).
    IngestSummary ingest_page(const std::string& connection, const std::string& system, const std::string& stream,
                              std::vector<sdk::Record> records, const std::optional<std::string>& cursor,
                              std::vector<sdk::UntranslatedRecord> untranslated = {},
                              const store::Store::Body& within = {});

    /// Ingests records decoded from a webhook delivery; `untranslated` become read failures.
    /// `within`, when given, runs in the same transaction (the webhook inbox deletes the
    /// delivery there: ingested exactly once).
    IngestSummary ingest_records(const std::string& connection, const std::string& system,
                                 std::vector<sdk::Record> records, std::vector<sdk::UntranslatedRecord> untranslated = {},
                                 const store::Store::Body& within = {});

    /// Outside any transaction: completes each record's identity and version, checks it against
    /// the canonical schemas (unless `trusted`: records the bus made itself), and filters and
    /// maps it for every route that takes it. Runs mapper plugins.
    IngestBatch prepare(const std::string& connection, const std::string& system, std::vector<sdk::Record> records,
                        std::vector<sdk::UntranslatedRecord> untranslated, bool trusted = false) const;

    /// Inside `tx`: stores a prepared batch (events, mirror, jobs, failures, timeline). Has no
    /// effect outside the transaction; what must follow the commit is added to `effects`.
    void store_within(store::StoreTransaction& tx, const IngestBatch& batch, IngestSummary& summary,
                      CommitEffects& effects) const;

    /// Outside any transaction: a mirrored record (read before `route` was enabled) filtered and
    /// mapped for `route` alone, to be routed again by replay_within. Runs mapper plugins.
    PreparedRecord prepare_mirrored(const RouteRuntime& route, const store::MirrorEntry& entry) const;

    /// Inside `tx`: routes mirrored records made by prepare_mirrored as if they had just been
    /// read (echo check, filters, jobs, failures), unless the mirror holds a newer version now
    /// (routed when it arrived). Jobs keep their idempotency keys, and what a route already
    /// carried is `unchanged`, so replaying twice creates nothing twice.
    void replay_within(store::StoreTransaction& tx, const std::vector<PreparedRecord>& records, IngestSummary& summary,
                       CommitEffects& effects) const;

    /// After the commit: metrics, and a wake-up for delivery when jobs were created.
    void report(const std::string& connection, const IngestSummary& summary);

    /// True when a route carries the outcome events (`sync_outcome`) of objects of
    /// `connection` back: only then are they made.
    bool emits_outcomes_for(const std::string& connection) const { return outcome_consumers_.count(connection) != 0; }

private:
    /// Outcome events by the connection of their source object (a conflict check may hold the
    /// jobs of the counterpart, from another connection).
    using OutcomeEvents = std::map<std::string, std::vector<sdk::Record>>;

    IngestSummary ingest(const std::string& connection, IngestBatch batch, const std::string* stream,
                         const std::optional<std::string>& cursor, const store::Store::Body& within);
    /// What `route` makes of `prepared`: its filters' verdicts and the mapped records. Runs
    /// mapper plugins.
    RoutedRecord route_record(const RouteRuntime& route, const PreparedRecord& prepared,
                              const sdk::RecordIdentity& identity) const;
    /// Routes the mirror's current version of an object unless it is an echo of our own write.
    void route_current(store::StoreTransaction& tx, const PreparedRecord& record, std::int64_t event_id, std::int64_t now,
                       IngestSummary& summary, OutcomeEvents& outcomes) const;
    /// Stores and routes the outcome events made in the transaction.
    void store_outcomes(store::StoreTransaction& tx, OutcomeEvents& outcomes, IngestSummary& summary,
                        CommitEffects& effects) const;
    /// Makes the record's jobs; `link` is its link group membership (read once, for the echo
    /// check). The outcome events of the jobs it fails at once (mapping failures, conflicts)
    /// are added to `outcomes`.
    void route(store::StoreTransaction& tx, const PreparedRecord& record, const std::optional<store::LinkMember>& link,
               std::int64_t event_id, std::int64_t now, IngestSummary& summary, OutcomeEvents& outcomes) const;
    /// Adds the outcome event of `job`'s `outcome` to `outcomes` when a route carries it back.
    void add_outcome(OutcomeEvents& outcomes, const store::Job& job, const sdk::Outcome& outcome, std::int64_t now) const;
    /// True when `routed`'s content is what its route already carried for the object, or what an
    /// unsettled job of it carries: no job then, a timeline entry `unchanged`.
    bool unchanged(store::StoreTransaction& tx, const PreparedRecord& record, const RoutedRecord& routed,
                   std::int64_t now, IngestSummary& summary) const;
    void reject(store::StoreTransaction& tx, const RejectedObject& object, std::int64_t now, IngestSummary& summary,
                CommitEffects& effects) const;

    BusContext& context_;
    ConflictCheck conflicts_;
    /// Connections whose outcome events some route carries back.
    std::set<std::string> outcome_consumers_;
};

}  // namespace ledgersync::bus
