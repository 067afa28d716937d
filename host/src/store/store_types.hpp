#pragma once
/// The values the store keeps, independent of the database behind it.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ledgersync::store {

/// One object in one connection: "connection/type/id".
struct ObjectKey {
    std::string connection;
    std::string type;
    std::string id;

    std::string str() const { return connection + "/" + type + "/" + id; }
    bool operator==(const ObjectKey& other) const {
        return connection == other.connection && type == other.type && id == other.id;
    }
    bool operator<(const ObjectKey& other) const { return str() < other.str(); }
};

/// A record as it was received, once per (object, source version).
struct EventRecord {
    std::int64_t id = 0;
    ObjectKey object;
    std::string system;
    std::string version;
    std::string record_json;
    std::int64_t received_at_ms = 0;
};

/// The latest canonical copy of an object (the mirror the admin API searches). The copy itself
/// is the event it came in: the mirror points at it instead of storing the record twice.
struct MirrorEntry {
    ObjectKey object;
    std::string system;
    std::string version;
    /// RFC 3339 time the source system last changed the object; may be empty.
    std::string updated_at;
    /// The event holding the record; mirror() also returns its text in record_json.
    std::int64_t event_id = 0;
    std::string record_json;
    std::int64_t seen_at_ms = 0;
    bool deleted = false;
};

enum class JobState {
    pending,    ///< due at next_attempt_at_ms
    leased,     ///< a worker holds it (lease_owner, lease_expires_at_ms, lease_token)
    waiting,    ///< waits for a referenced object to be linked (waiting_for)
    done,       ///< written; outcome recorded
    failed,     ///< gave up: a failure row says why; can be retried
    dismissed,  ///< an operator dismissed its failure
};
std::string_view to_string(JobState state);
std::optional<JobState> job_state_from_string(std::string_view text);

/// A unit of delivery: one mapped record to write to one target connection.
struct Job {
    std::int64_t id = 0;
    std::string route;
    ObjectKey source;
    std::string source_version;
    /// The event the job came from (its source record as received).
    std::int64_t event_id = 0;
    std::string target_connection;
    std::string target_type;
    /// Jobs with the same object key run one at a time, in id order.
    std::string object_key;
    /// Deterministic, persisted before the first attempt, identical on every retry.
    std::string idempotency_key;
    /// "upsert" or "create" (from the route's mode) or "delete".
    std::string operation;
    /// The mapped record to write; empty when mapping must (re)run before delivery.
    std::string payload_json;
    JobState state = JobState::pending;
    std::int64_t attempts = 0;
    std::int64_t next_attempt_at_ms = 0;
    std::int64_t created_at_ms = 0;
    std::int64_t first_attempt_at_ms = 0;
    std::string lease_owner;
    std::int64_t lease_expires_at_ms = 0;
    /// Incremented by every lease; completing a job requires the token of the current lease,
    /// so a worker whose lease expired can never overwrite a newer outcome (fencing).
    std::int64_t lease_token = 0;
    /// For waiting jobs: the object key ("connection/type/id") whose link is awaited.
    std::string waiting_for;
    std::string last_error;
    /// The digest of what the route mapped the source version to (bus/digest.hpp
    /// content_digest); empty while the job's mapping has not run or failed (schema 6).
    std::string content_digest;
    /// A lease of this job ended without an outcome (its host stopped or died, or the lease
    /// expired): its write may have reached the target. Until an attempt settles the job, a
    /// change read from the target may be that write's echo (schema 9).
    bool in_doubt = false;
};

/// One object's membership in a link group: the same business object in several systems.
struct LinkMember {
    /// Identifies the group; every member of it is the same business object.
    std::string entity_id;
    ObjectKey object;
    /// What we last wrote to this object, to recognise its echo (version and/or fingerprint).
    std::string last_written_version;
    std::string last_written_fingerprint;
    std::int64_t updated_at_ms = 0;
    /// The versions we wrote before the last one, newest first (schema 12). A change read late,
    /// after we wrote the object again, can carry one of them: it is our write all the same.
    std::vector<std::string> earlier_written_versions = {};
    /// Our write created this object: it is a copy of another member of its group, which the
    /// invoice index lists in its place (schema 12).
    bool created_by_write = false;
};

enum class SyncState {
    pending,
    synced,
    failed,
    /// the bus refused to create a counterpart (an invoice made for a payment another invoice
    /// bills, docs/bus.md "Duplicates"); the reason says why and how to override (schema 8)
    refused,
};
std::string_view to_string(SyncState state);
std::optional<SyncState> sync_state_from_string(std::string_view text);

/// Where an object stands towards one target connection.
struct SyncStatus {
    ObjectKey object;
    std::string route;
    std::string target_connection;
    SyncState state = SyncState::pending;
    std::string target_id;
    std::string reason;
    std::int64_t job_id = 0;
    std::int64_t updated_at_ms = 0;
};

enum class FailureState { open, retried, dismissed, resolved };
std::string_view to_string(FailureState state);
std::optional<FailureState> failure_state_from_string(std::string_view text);

/// Where a record failed on its way through the bus.
enum class FailureStage {
    read,   ///< its connector could not translate it, or returned an invalid record; no job
    map,    ///< a route's mapper chain refused it or made an invalid record of it
    write,  ///< its target connector could not write it
    /// it and its counterpart were both edited before either change was synced (a two-way pair
    /// whose rule is hold); retrying it keeps this side and dismisses the other's
    conflict,
};
std::string_view to_string(FailureStage stage);
std::optional<FailureStage> failure_stage_from_string(std::string_view text);

/// A record that could not get through, kept as data until an operator retries or dismisses
/// it: a job that gave up (stages map and write), or an object that could not be read in
/// (stage read: no job, no route; a retry reads the object again).
struct Failure {
    std::int64_t id = 0;
    /// 0 for a read failure.
    std::int64_t job_id = 0;
    /// Empty for a read failure.
    std::string route;
    ObjectKey object;
    std::string target_connection;
    /// The outcome class ("data", "transient", "auth", "fatal", "rate_limited").
    std::string outcome_class;
    std::string reason;
    std::string fix_hint;
    /// The record that could not be written (mapped), the source record when mapping failed,
    /// or what the connector returned when it could not be read.
    std::string payload_json;
    std::int64_t attempts = 0;
    std::int64_t first_failed_at_ms = 0;
    std::int64_t last_failed_at_ms = 0;
    FailureState state = FailureState::open;
    FailureStage stage = FailureStage::write;
    /// The source object's version and change time the failure is about (may be empty).
    std::string source_version;
    std::string source_updated_at;
};

/// Which failures to list.
struct FailureFilter {
    std::optional<FailureState> state = FailureState::open;
    std::string route;
    std::int64_t limit = 1000;
    std::optional<FailureStage> stage = std::nullopt;
    /// Only failures of objects of this connection.
    std::string connection = {};
};

/// One line of an object's audit timeline.
struct TimelineEntry {
    ObjectKey object;
    std::int64_t at_ms = 0;
    /// "received" (from the events), "stale", "echo_suppressed", "routed", "filtered", "written",
    /// "retry_scheduled", "waiting", "failed", "retried", "dismissed", ...
    std::string event;
    std::string route;
    std::int64_t job_id = 0;
    std::string detail;
};

/// What a route last wrote for a source object: the digest of its mapped content and the
/// source version it came from (schema 6). A later version mapping to the same digest is not
/// written again.
struct CarriedContent {
    std::string route;
    ObjectKey object;
    std::string digest;
    std::string version;
    std::int64_t at_ms = 0;
};

/// A paused connection (credentials rejected) or route (fatal error), until resumed.
struct Pause {
    std::string kind;  ///< "connection" or "route"
    std::string name;
    std::string reason;
    std::int64_t since_ms = 0;
};

/// A per-connection state value; secret values are stored encrypted by the caller.
struct StateValue {
    std::string value;
    bool secret = false;
    std::int64_t updated_at_ms = 0;
};

/// Jobs by state, for health and metrics.
struct JobCounts {
    std::int64_t pending = 0;
    std::int64_t leased = 0;
    std::int64_t waiting = 0;
    std::int64_t done = 0;
    std::int64_t failed = 0;
    std::int64_t dismissed = 0;
};

/// A walk of one source stream for one route: the first read of a connection's stream, or the
/// walk of the mirror for a route enabled late (docs/bus.md, "Backfill progress"). The route's
/// jobs with an id above `from_job_id` (and up to `to_job_id` once the walk ended) are its work.
struct BackfillRecord {
    std::string route;
    std::string connection;
    std::string stream;
    /// kFirstRead or kRouteEnabledLate.
    std::string reason;
    std::int64_t started_at_ms = 0;
    std::int64_t from_job_id = 0;
    std::int64_t to_job_id = 0;
    /// When the walk ended (its last page); 0 while it goes on.
    std::int64_t ended_at_ms = 0;
    /// Records the walk read (first read) or routed again (route enabled late) so far.
    std::int64_t records_read = 0;

    static constexpr const char* kFirstRead = "first_read";
    static constexpr const char* kRouteEnabledLate = "route_enabled_late";

    bool walking() const { return ended_at_ms == 0; }
};

/// The jobs of one route by state (the admin API's route counts).
struct RouteJobCounts {
    std::string route;
    JobCounts counts;
};

/// Which invoices of the mirror to list (the admin API's index). Empty strings filter nothing;
/// text matches ignore case.
struct InvoiceQuery {
    /// Matches an invoice whose number or customer name contains it, whose customer id is it,
    /// or whose total equals it as a decimal ("120.5" finds "120.50").
    std::string text;
    /// The number contains it.
    std::string number;
    /// The customer's id is it, or the customer's name contains it.
    std::string customer;
    /// The total equals it as a decimal.
    std::string amount;
    /// draft, open, paid or voided.
    std::string status;
    /// pending, failed, refused, synced or none: see InvoiceSummary::sync_state.
    std::string sync_state;
    /// The system the invoice was created in (hubspot, quickbooks).
    std::string source_system;
    std::string currency;
    /// Only invoices of this connection.
    std::string connection;
    /// Issued on or after / on or before (YYYY-MM-DD).
    std::string issued_from;
    std::string issued_to;
    /// Page: newest issue date first, then by connection and id (a stable order).
    std::int64_t limit = 50;
    std::int64_t offset = 0;
};

/// One invoice of the mirror as the index lists it; amounts are exact decimal text.
struct InvoiceSummary {
    ObjectKey object;
    std::string number;
    std::string customer_id;
    std::string customer_name;
    std::string total;
    std::string currency;
    std::string status;
    std::string source_system;
    std::string issue_date;
    std::string due_date;
    std::string updated_at;
    /// pending (a job for it is still to run), else failed or refused (towards some target),
    /// else synced (towards every target it was routed to), else none (never routed).
    std::string sync_state;
};

/// A page of invoices and how many match the query in all.
struct InvoicePage {
    std::vector<InvoiceSummary> invoices;
    std::int64_t total = 0;
};

/// A webhook delivery as the host's server received it, kept until the connection's connector
/// has verified and decoded it (schema 4). The server stores it and answers at once; the
/// connector runs later, off the HTTP thread.
struct WebhookDelivery {
    std::int64_t id = 0;
    std::string connection;
    std::string method;
    /// Path and query, as received.
    std::string url;
    /// In the order received; names as the sender wrote them.
    std::vector<std::pair<std::string, std::string>> headers;
    /// The raw body bytes (signatures are computed over them).
    std::string body;
    std::int64_t received_at_ms = 0;
    /// Processing attempts that failed for a reason that may pass (the API was unavailable).
    std::int64_t attempts = 0;
    std::int64_t next_attempt_at_ms = 0;
    std::string last_error;
};

/// How much of one rate budget a connection used recently (schema 4), so that a restarted host
/// does not send into a window the API still counts as full.
struct RateBudgetUse {
    std::string connection;
    std::string budget;
    /// Starts of the requests still inside the budget's window, oldest first (Unix ms). A
    /// request that counts several times appears as many times.
    std::vector<std::int64_t> starts_ms;
    /// No request on the budget before this instant (after a 429); 0 for none.
    std::int64_t held_until_ms = 0;
    std::int64_t updated_at_ms = 0;
    /// Budgets with long windows (a daily limit), counted per bucket instead of `starts_ms`:
    /// `count` starts, none later than `last_ms` (Unix ms), oldest first. Stored in the same
    /// column as the starts, each as a [last_ms, count] pair beside the plain instants, so that
    /// rows written before buckets existed still read (and a reader that knows only instants
    /// skips the pairs).
    struct Count {
        std::int64_t last_ms = 0;
        std::int64_t count = 0;
    };
    std::vector<Count> counts{};
};

/// A host process working on the database (schema 11). Several hosts share a PostgreSQL
/// database; its heartbeat tells the others it is alive (docs/operations.md "Running several hosts").
struct HostEntry {
    /// The configured bus.host_id, else the machine's name: stable across restarts.
    std::string host_id;
    /// Which process carries the id ("node pid 4242 started 1764928800123"): a restarted host
    /// tells its previous instance from a second process configured with the same id by it.
    std::string instance;
    std::int64_t started_at_ms = 0;
    std::int64_t heartbeat_at_ms = 0;
};

/// Which host runs a connection's pollers, webhook inbox and deliveries (schema 11).
struct ConnectionLease {
    std::string connection;
    /// The host id holding it; empty once released.
    std::string holder;
    /// Incremented by every acquisition (never by a renewal): a write made under the lease
    /// carries the token it was acquired with, and fails once another acquisition superseded
    /// it (fencing).
    std::int64_t token = 0;
    std::int64_t acquired_at_ms = 0;
    /// Until when the holder may keep it without renewing; after that another host may take it.
    std::int64_t expires_at_ms = 0;
};

/// How a job settled, as the hourly activity counts it.
enum class Settled {
    synced,   ///< written to its target (or found there already)
    failed,   ///< became a failure (mapping, conflict or write), each time it did
    skipped,  ///< settled without a write at delivery: its mapping made nothing, its deletion had
              ///< nothing to delete, or its change was the echo of our own write
};

/// The length of one activity bucket: an hour, in ms.
inline constexpr std::int64_t kActivityHourMs = 3'600'000;

/// How many rows hold one route's hour (StoreTransaction::count_settled).
inline constexpr std::int64_t kActivitySlots = 8;

/// The start of the hour holding `at_ms` (Unix ms), rounded down also before 1970.
inline constexpr std::int64_t activity_hour_of(std::int64_t at_ms) {
    return at_ms - ((at_ms % kActivityHourMs) + kActivityHourMs) % kActivityHourMs;
}

/// The jobs of one route that settled within one hour (schema 13), counted as they settle so
/// that the counts outlive the jobs, events and timeline that retention prunes.
struct ActivityHour {
    std::string route;
    /// The hour's start, Unix ms: a multiple of kActivityHourMs.
    std::int64_t hour_start_ms = 0;
    std::int64_t synced = 0;
    std::int64_t failed = 0;
    std::int64_t skipped = 0;
};

/// A bounded range of one table that a prune step examines, and what it removed there.
/// Retention walks a table in id order, one short transaction per step, so that the bus never
/// waits long for the database; `after_id` of the next step is `examined_up_to` of this one.
struct PruneStep {
    /// Rows deleted in this step.
    std::int64_t removed = 0;
    /// The highest id this step examined (`after_id` when it examined nothing).
    std::int64_t examined_up_to = 0;
    /// True when no row beyond `examined_up_to` can be old enough: the pass over the table is over.
    bool finished = false;
};

}  // namespace ledgersync::store
