#pragma once
/// What the sync bus needs from a database. The bus includes this interface only; sqlite/
/// (default, embedded) and postgres/ (a database server) implement it, both through
/// sql_transaction.hpp. Every method of
/// StoreTransaction runs inside the transaction that Store::write or Store::read opened, so the
/// bus composes atomic steps (ingest, job completion) from these primitives.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "store/store_types.hpp"

namespace ledgersync::store {

/// A database error the caller cannot fix by retrying the same call (schema, disk, corruption).
class StoreError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// How many unsettled jobs of one route and object are examined: they are few, as each version
/// waits on the one before it.
inline constexpr std::int64_t kUnsettledJobsOfAnObject = 20;

class StoreTransaction {
public:
    virtual ~StoreTransaction() = default;

    // -- events: records as received, deduplicated --------------------------------------------
    /// Adds the event unless one with the same (object, version) exists; returns its id, or
    /// nullopt for a duplicate.
    virtual std::optional<std::int64_t> add_event(const EventRecord& event) = 0;
    virtual std::optional<EventRecord> event(std::int64_t id) = 0;
    /// The event of `object` received last before event `event_id` (the version read before
    /// that one), unless retention pruned it or there is none.
    virtual std::optional<EventRecord> event_before(const ObjectKey& object, std::int64_t event_id) = 0;

    // -- mirror ---------------------------------------------------------------------------------
    virtual std::optional<MirrorEntry> mirror(const ObjectKey& object) = 0;
    /// Stores the entry, unless the mirror holds a copy the source changed later (both
    /// updated_at known and the stored one newer): then nothing changes and it returns false.
    virtual bool put_mirror(const MirrorEntry& entry) = 0;
    /// The mirrored objects of canonical `type` whose record's reference field `field` (a
    /// reference or an array of them) names one of `ids`, deleted ones included, with their
    /// records, in (connection, id) order, each once: a lookup in the reference index (schema
    /// 15, kept by put_mirror), whatever the number of objects. Only the fields of
    /// LS_REFERENCE_FIELDS are indexed (a payment's `invoices`, a refund's `payment`). The ids
    /// are matched as the records have them, in any connection: which connection a reference
    /// means is the routes' to say (references_in), so the caller checks it.
    virtual std::vector<MirrorEntry> mirror_referring(const std::string& type, const std::string& field,
                                                      const std::vector<std::string>& ids) = 0;
    /// Up to `limit` entries of `connection` and `type` that are not deleted, whose object id
    /// comes after `after_id` (empty: from the first), in object id order, each with its record's
    /// text: a walk over every object a stream has delivered, page by page (a route enabled
    /// late, reports).
    virtual std::vector<MirrorEntry> mirror_entries(const std::string& connection, const std::string& type,
                                                    const std::string& after_id, std::int64_t limit) = 0;

    // -- invoice index (schema 10): the mirror's invoices, kept by put_mirror ----------------------
    /// A page of the mirror's invoices (deleted ones left out) that match `query`, and how many
    /// match in all.
    virtual InvoicePage invoices(const InvoiceQuery& query) = 0;

    // -- cursors --------------------------------------------------------------------------------
    virtual std::optional<std::string> cursor(const std::string& connection, const std::string& stream) = 0;
    virtual void set_cursor(const std::string& connection, const std::string& stream, const std::string& cursor,
                            std::int64_t at_ms) = 0;
    /// When the stream's cursor was last stored (its last read), nullopt before its first.
    virtual std::optional<std::int64_t> cursor_read_at(const std::string& connection, const std::string& stream) = 0;
    /// When any stream of `connection` was last read (its latest cursor store), nullopt before the first.
    virtual std::optional<std::int64_t> last_read_at(const std::string& connection) = 0;

    // -- jobs -----------------------------------------------------------------------------------
    /// Adds a job; a job with the same idempotency key already present is kept and its id
    /// returned (an ingest replayed after a crash creates nothing twice).
    virtual std::int64_t add_job(const Job& job) = 0;
    virtual std::optional<Job> job(std::int64_t id) = 0;
    /// Leases up to `limit` due pending jobs of `target_connection`, skipping `paused_routes`,
    /// at most one per object key and only the oldest unfinished job of each object key, in id
    /// order. Marks them leased by `owner` until `lease_until_ms` and returns them.
    virtual std::vector<Job> lease_jobs(const std::string& target_connection, std::int64_t limit,
                                        std::int64_t now_ms, const std::string& owner, std::int64_t lease_until_ms,
                                        const std::vector<std::string>& paused_routes) = 0;
    /// True when `target_connection` has a pending job due at `now_ms` (a cheap check before
    /// taking a write lock to lease).
    virtual bool has_due_job(const std::string& target_connection, std::int64_t now_ms) = 0;
    /// How many pending jobs of `target_connection` are due at `now_ms`, counting no further
    /// than `at_most` (whether a batch would be full).
    virtual std::int64_t due_job_count(const std::string& target_connection, std::int64_t now_ms, std::int64_t at_most) = 0;
    /// True when a write of a `target_type` object to `target_connection` is in flight: a job
    /// leased and not yet settled whose lease is still live at `now_ms` and expires no later
    /// than `lease_expires_at_most_ms`. A change read from that connection may be the echo of
    /// such a write whose outcome (and link) is not committed yet.
    virtual bool has_write_in_flight(const std::string& target_connection, const std::string& target_type,
                                     std::int64_t lease_expires_at_most_ms, std::int64_t now_ms) = 0;
    /// True when a job older than `before_job_id` that writes a `target_type` object to
    /// `target_connection` is in doubt (Job::in_doubt) and not settled: a change read from that
    /// connection since may be its write's echo, which its link (committed once it settles)
    /// will tell. A job created later wrote nothing before the change was read.
    virtual bool has_write_in_doubt(const std::string& target_connection, const std::string& target_type,
                                    std::int64_t before_job_id) = 0;
    /// Writes back a leased job (state, attempts, schedule, error, payload, waiting_for); one
    /// settled (done, failed) is no longer in doubt.
    /// Returns false when the job's lease token changed (another lease superseded it): the
    /// caller must then drop its result.
    virtual bool update_leased_job(const Job& job, std::int64_t expected_lease_token) = 0;
    /// Sets a job back to pending now with attempts reset (failure retry).
    virtual void retry_job(std::int64_t id, std::int64_t now_ms) = 0;
    virtual void set_job_state(std::int64_t id, JobState state, std::int64_t now_ms) = 0;
    virtual std::optional<Job> job_by_idempotency_key(const std::string& key) = 0;
    /// Sets a job back to pending now with attempts reset, for another version of its source
    /// (`version`, received as event `event_id`) under `idempotency_key`: its payload and
    /// content digest are cleared, so delivery maps that version first.
    virtual void retry_job_at_version(std::int64_t id, const std::string& version, std::int64_t event_id,
                                      const std::string& idempotency_key, const std::string& operation,
                                      std::int64_t now_ms) = 0;
    /// The jobs of `route` from `source` that are not settled (pending, leased, waiting, or
    /// failed and waiting for an operator), newest first, at most `limit` (kUnsettledJobsOfAnObject
    /// covers them all in practice).
    virtual std::vector<Job> unsettled_jobs(const std::string& route, const ObjectKey& source, std::int64_t limit) = 0;

    // -- carried content (schema 6) -------------------------------------------------------------
    /// What `route` last wrote for `object`, if it wrote anything.
    virtual std::optional<CarriedContent> carried_content(const std::string& route, const ObjectKey& object) = 0;
    /// Replaces what is stored for (content.route, content.object).
    virtual void put_carried_content(const CarriedContent& content) = 0;
    /// Wakes jobs waiting for `object_key` (its link now exists). Returns how many.
    virtual std::int64_t release_waiting(const std::string& object_key, std::int64_t now_ms) = 0;
    /// Returns waiting jobs whose next check is due to pending, so their references are looked
    /// up again. Returns how many.
    virtual std::int64_t wake_waiting_due(std::int64_t now_ms) = 0;
    /// Returns leased jobs to pending, in doubt (Job::in_doubt): those of `owner` (empty =
    /// every owner), or only those whose lease expired before `now_ms` when `only_expired`.
    virtual std::int64_t release_leases(const std::string& owner, bool only_expired, std::int64_t now_ms) = 0;
    virtual JobCounts job_counts() = 0;
    /// Jobs by route and state, in route order.
    virtual std::vector<RouteJobCounts> job_counts_by_route() = 0;

    // -- backfills (schema 14) ------------------------------------------------------------------
    /// Records that the walk of `connection`.`stream` for `route` (BackfillRecord::reason) starts
    /// at `now_ms`: the route's jobs made from here on are its work. `restart` replaces a walk
    /// recorded before; otherwise one recorded before is kept.
    virtual void begin_backfill(const std::string& route, const std::string& connection, const std::string& stream,
                                const std::string& reason, std::int64_t now_ms, bool restart) = 0;
    /// Counts `records` more on the walks still going of `connection`.`stream` for `reason` (of
    /// `route`, or of every route when empty); `finished` ends them at the jobs made so far.
    /// Returns how many walks it counted on: 0 when none was going.
    virtual std::int64_t advance_backfills(const std::string& route, const std::string& connection,
                                           const std::string& stream, const std::string& reason, std::int64_t records,
                                           bool finished, std::int64_t now_ms) = 0;
    /// Every walk recorded, by route.
    virtual std::vector<BackfillRecord> backfills() = 0;
    /// The jobs of `route` with after_id < id <= up_to_id, by state: one index range per state.
    virtual JobCounts job_counts_between(const std::string& route, std::int64_t after_id, std::int64_t up_to_id) = 0;
    /// Whether a job of `route` with after_id < id <= up_to_id is pending, leased or waiting.
    virtual bool has_unsettled_between(const std::string& route, std::int64_t after_id, std::int64_t up_to_id) = 0;

    // -- links ----------------------------------------------------------------------------------
    virtual std::optional<LinkMember> link_member(const ObjectKey& object) = 0;
    /// The member of group `entity_id` that lives in `connection` with canonical `type`.
    virtual std::optional<LinkMember> linked_member(const std::string& entity_id, const std::string& connection,
                                                    const std::string& type) = 0;
    virtual void put_link_member(const LinkMember& member) = 0;

    // -- sync status ----------------------------------------------------------------------------
    /// Records the outcome towards a target (synced or failed).
    virtual void put_sync_status(const SyncStatus& status) = 0;
    /// Where the object stands towards each target: pending while a job for it is still to run
    /// (derived from the jobs, so ingest writes no status row), else the last recorded outcome.
    virtual std::vector<SyncStatus> sync_statuses(const ObjectKey& object) = 0;

    // -- failures -------------------------------------------------------------------------------
    /// Records a failure and returns its id. A job's failure (stages map and write) updates the
    /// open failure of the same job instead. A read failure (no job) updates the open or
    /// retried read failure of the same object instead and opens it again, counting one more
    /// attempt when it was being retried.
    virtual std::int64_t put_failure(const Failure& failure) = 0;
    /// True when `connection` has open or retried read failures (a cheap check before
    /// resolving them record by record).
    virtual bool has_read_failures(const std::string& connection) = 0;
    /// Resolves the open or retried read failure of `object`, unless it is about a later change
    /// than `updated_at` (both known): a valid copy of the object was read. Returns how many.
    virtual std::int64_t resolve_read_failures(const ObjectKey& object, const std::string& updated_at,
                                               std::int64_t now_ms) = 0;
    virtual std::optional<Failure> failure(std::int64_t id) = 0;
    virtual std::vector<Failure> failures(const FailureFilter& filter) = 0;
    /// How many failures `filter` selects (its limit ignored).
    virtual std::int64_t failure_count(const FailureFilter& filter) = 0;
    virtual void set_failure_state(std::int64_t id, FailureState state, std::int64_t now_ms) = 0;
    /// Marks the open failure of `job_id`, if any, resolved (its job later succeeded).
    virtual void resolve_failure_of_job(std::int64_t job_id, std::int64_t now_ms) = 0;

    // -- timeline -------------------------------------------------------------------------------
    virtual void add_timeline(const TimelineEntry& entry) = 0;
    /// The object's history, oldest first: its receipts (event "received", from the events),
    /// the jobs routing created ("routed", from the jobs) and every entry added with add_timeline.
    virtual std::vector<TimelineEntry> timeline(const ObjectKey& object, std::int64_t limit) = 0;

    // -- pauses ---------------------------------------------------------------------------------
    virtual void set_pause(const Pause& pause) = 0;
    virtual void clear_pause(const std::string& kind, const std::string& name) = 0;
    virtual std::vector<Pause> pauses() = 0;

    // -- per-connection plugin state ------------------------------------------------------------
    virtual std::optional<StateValue> state_value(const std::string& connection, const std::string& key) = 0;
    virtual void put_state_value(const std::string& connection, const std::string& key, const StateValue& value) = 0;
    virtual void delete_state_value(const std::string& connection, const std::string& key) = 0;

    // -- webhook inbox: deliveries acknowledged, not yet processed (schema 4) --------------------
    /// Stores a delivery; returns its id.
    virtual std::int64_t add_webhook_delivery(const WebhookDelivery& delivery) = 0;
    /// The oldest delivery of `connection` due at `now_ms`.
    virtual std::optional<WebhookDelivery> next_webhook_delivery(const std::string& connection, std::int64_t now_ms) = 0;
    /// Removes a processed delivery (in the transaction that ingested its records).
    virtual void delete_webhook_delivery(std::int64_t id) = 0;
    /// Records a failed processing attempt and when to try again.
    virtual void reschedule_webhook_delivery(std::int64_t id, std::int64_t attempts, std::int64_t next_attempt_at_ms,
                                             const std::string& last_error) = 0;
    /// How many deliveries of `connection` wait.
    virtual std::int64_t webhook_backlog(const std::string& connection) = 0;

    // -- rate budget use, per connection (schema 4) ----------------------------------------------
    virtual std::vector<RateBudgetUse> rate_budget_use(const std::string& connection) = 0;
    /// Replaces what is stored for (use.connection, use.budget).
    virtual void put_rate_budget_use(const RateBudgetUse& use) = 0;

    // -- hosts and connection leases (schema 11): several hosts on one database --------------
    /// Records `host`'s heartbeat (inserts or replaces the row of host.host_id).
    virtual void beat_host(const HostEntry& host) = 0;
    virtual std::optional<HostEntry> host(const std::string& host_id) = 0;
    /// Every host row, live or not, by host id.
    virtual std::vector<HostEntry> hosts() = 0;
    /// Removes the row of `host_id` (a host stopping), or, when `host_id` is empty, the rows whose
    /// last heartbeat was before `heartbeat_before_ms` (hosts long gone). Returns how many.
    virtual std::int64_t forget_hosts(const std::string& host_id, std::int64_t heartbeat_before_ms) = 0;
    /// Takes the lease of `connection` for `holder` until `expires_at_ms`, with a new token, when
    /// it is free, expired at `now_ms`, already `holder`'s (a restarted host), or `take_over`
    /// (a sole host: no other host can be running). Returns the lease taken, or nullopt when
    /// another host holds it.
    virtual std::optional<ConnectionLease> acquire_connection_lease(const std::string& connection,
                                                                    const std::string& holder, std::int64_t now_ms,
                                                                    std::int64_t expires_at_ms, bool take_over) = 0;
    /// Extends `holder`'s lease acquired with `token`; false when another acquisition superseded it.
    virtual bool renew_connection_lease(const std::string& connection, const std::string& holder, std::int64_t token,
                                        std::int64_t expires_at_ms) = 0;
    /// Gives the lease up (keeping its token, so the next acquisition's token is higher); does
    /// nothing when another acquisition superseded it.
    virtual void release_connection_lease(const std::string& connection, const std::string& holder,
                                          std::int64_t token) = 0;
    /// The fencing check: true while `holder`'s lease of `connection` acquired with `token` has
    /// not been superseded. Writes made under a lease run it in their own transaction.
    virtual bool holds_connection_lease(const std::string& connection, const std::string& holder, std::int64_t token) = 0;
    /// Every connection lease, by connection.
    virtual std::vector<ConnectionLease> connection_leases() = 0;
    /// Returns to pending, in doubt, the leased jobs whose owner is no host that beat at or
    /// after `heartbeat_after_ms` (a host that died). Returns how many.
    virtual std::int64_t release_leases_of_gone_hosts(std::int64_t heartbeat_after_ms) = 0;

    // -- hourly activity (schema 13): what settled per route and hour ---------------------------
    /// Counts job `job_id` of `route` settled `how` at `at_ms`, in the hour holding that instant.
    /// Runs in the transaction that settles the job, so a job is counted once per settlement.
    /// One route's hour is kept in kActivitySlots rows, chosen by job id, so that settlements
    /// committing at once (workers, hosts on PostgreSQL) seldom update the same row.
    virtual void count_settled(const std::string& route, std::int64_t job_id, Settled how, std::int64_t at_ms) = 0;
    /// The counted hours that start in [from_ms, to_ms), of `route` (empty: every route), by
    /// route, then hour. An hour in which nothing of a route settled has no entry.
    virtual std::vector<ActivityHour> activity(std::int64_t from_ms, std::int64_t to_ms, const std::string& route) = 0;

    // -- retention (schema 5): each step examines at most `limit` rows with ids above
    // `after_id`, in id order, and deletes those of them that are older than `older_than_ms`
    // and that nothing still needs. The mirror, links, cursors, sync status, pauses, state,
    // the webhook inbox, carried content and unsettled jobs and failures are never pruned. ---------------------
    /// Events received before `older_than_ms`, except those the bus still reads: the event of
    /// each object's mirror entry (its current copy, which also makes a repeated delivery of
    /// that version a duplicate) and the events of jobs that are not settled (done or dismissed).
    virtual PruneStep prune_events(std::int64_t older_than_ms, std::int64_t after_id, std::int64_t limit) = 0;
    /// Settled jobs (done or dismissed) created before `older_than_ms`, except those a failure
    /// still refers to.
    virtual PruneStep prune_settled_jobs(std::int64_t older_than_ms, std::int64_t after_id, std::int64_t limit) = 0;
    /// Timeline entries added before `older_than_ms`.
    virtual PruneStep prune_timeline(std::int64_t older_than_ms, std::int64_t after_id, std::int64_t limit) = 0;
    /// Failures in `state` (dismissed or resolved only: open and retried failures are never
    /// pruned) whose last failure was before `older_than_ms`.
    virtual PruneStep prune_failures(FailureState state, std::int64_t older_than_ms, std::int64_t after_id,
                                     std::int64_t limit) = 0;
    /// Activity rows of hours that ended by `older_than_ms`, the oldest first, at most `limit`
    /// (the table holds a few rows per route and hour: it is not walked by id, and `after_id` is
    /// returned as examined_up_to). Finished when fewer than `limit` went.
    virtual PruneStep prune_activity(std::int64_t older_than_ms, std::int64_t after_id, std::int64_t limit) = 0;
};

class Store {
public:
    using Body = std::function<void(StoreTransaction&)>;

    virtual ~Store() = default;

    /// Runs `body` in a write transaction: committed when it returns, rolled back when it
    /// throws (the exception propagates). Transient contention is retried inside, so `body` may
    /// run more than once: it must not have effects outside the transaction.
    virtual void write(const Body& body) = 0;
    /// Runs `body` in a read-only transaction (a consistent snapshot).
    virtual void read(const Body& body) = 0;

    /// The schema version of the open database.
    virtual int schema_version() const = 0;
    /// The schema version the database had when this store opened it (0: a new database).
    /// Opening applied the migrations from there up to schema_version().
    virtual int schema_version_found() const = 0;
    /// Where the data lives, for messages ("/var/lib/ledgersync/ledgersync.db").
    virtual std::string location() const = 0;

    // -- maintenance (`ledgersync store ...`) ---------------------------------------------------
    /// Bytes the database's tables and indexes occupy, free pages included.
    virtual std::int64_t size_bytes() = 0;
    /// Gives the space of deleted rows back to the file system (SQLite: VACUUM). Writers wait
    /// while it runs; it may take as long as copying the database.
    virtual void compact() = 0;
    /// Writes a consistent copy of the whole database to `file` (which must not exist) while
    /// the host keeps reading and writing. Throws StoreError where the engine's own tool is the
    /// way (PostgreSQL: pg_dump).
    virtual void backup(const std::filesystem::path& file) = 0;
};

}  // namespace ledgersync::store
