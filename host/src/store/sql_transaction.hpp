#pragma once
/// The store's transaction written once in SQL both engines run: SQLite (sqlite/) and
/// PostgreSQL (postgres/) differ only in how they execute a statement (`Db`) and in the few
/// statements of SqlDialect. So the bus's guarantees (deduplication, per-object order, lease
/// tokens, what retention keeps) are stated once.
///
/// `Db::query(sql)` returns a query with bind(int64 | text), bind_bytes, step(), run() (rows
/// changed), integer(column), text(column) and bytes(column). Statements use SQLite's
/// placeholders (`?`, `?N`); `sql` is a string literal (engines cache statements by address).

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <ledgersync/sdk/json.hpp>
#include <nlohmann/json.hpp>

#include "store/invoice_index_sql.hpp"
#include "store/mirror_references_sql.hpp"
#include "store/store.hpp"

namespace ledgersync::store::sql {

#define LS_JOB_COLUMNS                                                                                             \
    "id, route, source_connection, source_type, source_id, source_version, event_id, target_connection, "          \
    "target_type, object_key, idempotency_key, operation, payload_json, state, attempts, next_attempt_at_ms, "     \
    "created_at_ms, first_attempt_at_ms, lease_owner, lease_expires_at_ms, lease_token, waiting_for, last_error, " \
    "content_digest, in_doubt"

/// Leasing jobs (StoreTransaction::lease_jobs): ?1 owner, ?2 lease until, ?3 now, ?4 target
/// connection, ?5 the paused routes as a JSON array, ?6 limit. Only the oldest unfinished job of
/// each object key qualifies: per-object order. `ROUTES_OF_JSON` lists ?5's elements (engines
/// spell it differently); `LOCKING` ends the candidates' SELECT (PostgreSQL skips rows another
/// transaction is leasing).
#define LS_LEASE_JOBS_SQL(ROUTES_OF_JSON, LOCKING)                                                                 \
    "UPDATE jobs SET state = 'leased', lease_owner = ?1, lease_expires_at_ms = ?2, "                                \
    "lease_token = lease_token + 1, attempts = attempts + 1, "                                                     \
    "first_attempt_at_ms = CASE WHEN first_attempt_at_ms = 0 THEN ?3 ELSE first_attempt_at_ms END "               \
    "WHERE id IN (SELECT j.id FROM jobs j WHERE j.target_connection = ?4 AND j.state = 'pending' "                 \
    "AND j.next_attempt_at_ms <= ?3 AND j.route NOT IN (" ROUTES_OF_JSON ") "                                      \
    "AND NOT EXISTS (SELECT 1 FROM jobs e WHERE e.object_key = j.object_key AND e.id < j.id "                      \
    "AND e.state IN ('pending','leased','waiting')) ORDER BY j.id LIMIT ?6" LOCKING ") "                          \
    "RETURNING " LS_JOB_COLUMNS

/// The statements whose text differs between engines.
struct SqlDialect {
    const char* lease_jobs;
    /// LS_INDEX_INVOICE_SQL with the engine's JSON functions.
    const char* index_invoice;
    /// LS_INDEX_REFERENCES_SQL with the engine's JSON functions.
    const char* index_references;
    /// LS_MIRROR_REFERRING_SQL with the engine's listing of a JSON array.
    const char* mirror_referring;
};

/// Whether records of mirror type `type` have reference fields (LS_REFERENCE_FIELDS), which
/// put_mirror indexes.
bool has_reference_fields(std::string_view type);

/// `amount` without trailing fractional zeros, as the invoice index's total_key: "" when it is
/// not a decimal (so it matches no invoice).
std::string decimal_key(std::string_view amount);
/// A LIKE pattern (escape character backslash) matching text that contains `text`, in lower case.
std::string contains_pattern(std::string_view text);

/// Whether the invoice of row `i` has a job still to run / a sync status row in STATE.
#define LS_INVOICE_HAS_ACTIVE_JOB                                                                              \
    "EXISTS (SELECT 1 FROM jobs j WHERE j.source_connection = i.connection AND j.source_type = i.type "      \
    "AND j.source_id = i.object_id AND j.state IN ('pending', 'leased', 'waiting'))"
#define LS_INVOICE_HAS_STATUS(STATE)                                                                          \
    "EXISTS (SELECT 1 FROM sync_status s WHERE s.connection = i.connection AND s.type = i.type "             \
    "AND s.object_id = i.object_id" STATE ")"

/// An invoice's sync state for the index (InvoiceSummary::sync_state), of the row `i`.
#define LS_INVOICE_SYNC_STATE                                                                                  \
    "CASE WHEN " LS_INVOICE_HAS_ACTIVE_JOB " THEN 'pending' WHEN " LS_INVOICE_HAS_STATUS(" AND s.state = 'failed'") \
    " THEN 'failed' WHEN " LS_INVOICE_HAS_STATUS(" AND s.state = 'refused'") " THEN 'refused' WHEN "            \
    LS_INVOICE_HAS_STATUS(" AND s.state = 'synced'") " THEN 'synced' ELSE 'none' END"

/// The invoices of row `i` whose LS_INVOICE_SYNC_STATE is ?14, stated so that most rows are
/// decided by one lookup (the state's own) instead of computing the state of each.
#define LS_INVOICE_SYNC_STATE_IS_14                                                                              \
    "((?14 = 'pending' AND " LS_INVOICE_HAS_ACTIVE_JOB ") "                                                       \
    "OR (?14 = 'failed' AND " LS_INVOICE_HAS_STATUS(" AND s.state = 'failed'") " AND NOT " LS_INVOICE_HAS_ACTIVE_JOB ") " \
    "OR (?14 = 'refused' AND " LS_INVOICE_HAS_STATUS(" AND s.state = 'refused'") " AND NOT " LS_INVOICE_HAS_ACTIVE_JOB \
    " AND NOT " LS_INVOICE_HAS_STATUS(" AND s.state = 'failed'") ") "                                              \
    "OR (?14 = 'synced' AND " LS_INVOICE_HAS_STATUS(" AND s.state = 'synced'") " AND NOT " LS_INVOICE_HAS_ACTIVE_JOB \
    " AND NOT " LS_INVOICE_HAS_STATUS(" AND s.state IN ('failed', 'refused')") ") "                              \
    "OR (?14 = 'none' AND NOT " LS_INVOICE_HAS_ACTIVE_JOB                                                       \
    " AND NOT " LS_INVOICE_HAS_STATUS(" AND s.state IN ('failed', 'refused', 'synced')") "))"

/// The invoices an InvoiceQuery selects: ?1 text, ?2 its pattern, ?3 its decimal key, ?4 number
/// pattern, ?5 customer, ?6 its pattern, ?7 amount key, ?8 status, ?9 currency, ?10 source
/// system, ?11 connection, ?12 issued from, ?13 issued to, ?14 sync state. An invoice our write
/// created (a copy) is left out unless a connection is named: each invoice is listed once.
#define LS_INVOICE_FILTER                                                                                        \
    "FROM invoice_index i WHERE i.deleted = 0 AND (?1 = '' OR lower(i.number) LIKE ?2 ESCAPE '\\' "              \
    "OR lower(i.customer_name) LIKE ?2 ESCAPE '\\' OR i.customer_id = ?1 OR (?3 <> '' AND i.total_key = ?3)) "    \
    "AND (?4 = '' OR lower(i.number) LIKE ?4 ESCAPE '\\') "                                                     \
    "AND (?5 = '' OR i.customer_id = ?5 OR lower(i.customer_name) LIKE ?6 ESCAPE '\\') "                        \
    "AND (?7 = '' OR i.total_key = ?7) AND (?8 = '' OR i.status = ?8) AND (?9 = '' OR i.currency = ?9) "          \
    "AND (?10 = '' OR i.source_system = ?10) AND (?11 = '' OR i.connection = ?11) "                               \
    "AND (?12 = '' OR i.issue_date >= ?12) AND (?13 = '' OR i.issue_date <= ?13) "                                \
    "AND (?14 = '' OR " LS_INVOICE_SYNC_STATE_IS_14 ") "                                                        \
    "AND (?11 <> '' OR NOT EXISTS (SELECT 1 FROM links l WHERE l.connection = i.connection AND l.type = i.type "  \
    "AND l.object_id = i.object_id AND l.created_by_write = 1))"

/// `values` as a JSON array of strings.
std::string json_array(const std::vector<std::string>& values);
/// Headers as an HTTP header block ("Name: value\r\n" each): exact for any bytes a header can
/// hold, where JSON would need them to be UTF-8.
std::string header_block(const std::vector<std::pair<std::string, std::string>>& headers);
std::vector<std::pair<std::string, std::string>> headers_of(const std::string& block);
/// True when the change dated `incoming` is older than the one dated `stored`: as instants when
/// both are RFC 3339 date-times, else as text (a source's own version strings); an empty date
/// is never older, nor is anything older than one.
bool is_older(const std::string& incoming, const std::string& stored);

template <class Row>
Job read_job(const Row& q) {
    Job j;
    j.id = q.integer(0);
    j.route = q.text(1);
    j.source = {q.text(2), q.text(3), q.text(4)};
    j.source_version = q.text(5);
    j.event_id = q.integer(6);
    j.target_connection = q.text(7);
    j.target_type = q.text(8);
    j.object_key = q.text(9);
    j.idempotency_key = q.text(10);
    j.operation = q.text(11);
    j.payload_json = q.text(12);
    j.state = job_state_from_string(q.text(13)).value_or(JobState::failed);
    j.attempts = q.integer(14);
    j.next_attempt_at_ms = q.integer(15);
    j.created_at_ms = q.integer(16);
    j.first_attempt_at_ms = q.integer(17);
    j.lease_owner = q.text(18);
    j.lease_expires_at_ms = q.integer(19);
    j.lease_token = q.integer(20);
    j.waiting_for = q.text(21);
    j.last_error = q.text(22);
    j.content_digest = q.text(23);
    j.in_doubt = q.integer(24) != 0;
    return j;
}

#define LS_FAILURE_COLUMNS                                                                                       \
    "id, job_id, route, connection, type, object_id, target_connection, outcome_class, reason, fix_hint, "       \
    "payload_json, attempts, first_failed_at_ms, last_failed_at_ms, state, stage, source_version, "              \
    "source_updated_at"

template <class Row>
Failure read_failure(const Row& q) {
    Failure f;
    f.id = q.integer(0);
    f.job_id = q.integer(1);
    f.route = q.text(2);
    f.object = {q.text(3), q.text(4), q.text(5)};
    f.target_connection = q.text(6);
    f.outcome_class = q.text(7);
    f.reason = q.text(8);
    f.fix_hint = q.text(9);
    f.payload_json = q.text(10);
    f.attempts = q.integer(11);
    f.first_failed_at_ms = q.integer(12);
    f.last_failed_at_ms = q.integer(13);
    f.state = failure_state_from_string(q.text(14)).value_or(FailureState::open);
    f.stage = failure_stage_from_string(q.text(15)).value_or(FailureStage::write);
    f.source_version = q.text(16);
    f.source_updated_at = q.text(17);
    return f;
}

#define LS_LINK_COLUMNS                                                                                  \
    "connection, type, object_id, entity_id, last_written_version, last_written_fingerprint, updated_at_ms, " \
    "earlier_written_versions, created_by_write"

template <class Row>
LinkMember read_link(const Row& q) {
    LinkMember member{q.text(3), {q.text(0), q.text(1), q.text(2)}, q.text(4), q.text(5), q.integer(6)};
    // A JSON array of strings, '' before any (schema 12); the store writes it and nothing else.
    if (const std::string earlier = q.text(7); !earlier.empty()) {
        member.earlier_written_versions = sdk::parse_json_exact(earlier).get<std::vector<std::string>>();
    }
    member.created_by_write = q.integer(8) != 0;
    return member;
}

/// One retention step. `window_sql` (?1 after_id, ?2 older_than_ms, ?3 limit) returns the
/// number of rows in the window of ids above after_id, the window's last id, and whether any of
/// its rows is at or after the cutoff; `delete_sql` (?1 after_id, ?2 the window's last id,
/// ?3 older_than_ms, then `extra` if given) deletes the window's rows that may go. When ids
/// follow time (rows are added with the time of their insert), a row at or after the cutoff
/// ends the pass: every later row is recent too.
template <class Db>
PruneStep prune_window(Db& db, const char* window_sql, const char* delete_sql, std::int64_t older_than_ms,
                       std::int64_t after_id, std::int64_t limit, bool ids_follow_time,
                       std::optional<std::string_view> extra = std::nullopt) {
    PruneStep step;
    std::int64_t examined = 0;
    bool reached_recent = false;
    {
        auto window = db.query(window_sql);
        window.bind(after_id).bind(older_than_ms).bind(limit);
        window.step();
        examined = window.integer(0);
        step.examined_up_to = window.integer(1);
        reached_recent = window.integer(2) != 0;
    }
    step.finished = examined < limit || (ids_follow_time && reached_recent);
    if (examined == 0) return step;
    auto deletion = db.query(delete_sql);
    deletion.bind(after_id).bind(step.examined_up_to).bind(older_than_ms);
    if (extra) deletion.bind(*extra);
    step.removed = deletion.run();
    return step;
}

/// Adds `n` jobs in `state` (its store text) to `counts`.
void add_to(JobCounts& counts, std::string_view state, std::int64_t n);

template <class Db>
class SqlTransaction final : public StoreTransaction {
public:
    SqlTransaction(Db& db, const SqlDialect& dialect) : db_(db), dialect_(dialect) {}

    std::optional<std::int64_t> add_event(const EventRecord& e) override {
        auto q = db_.query(
            "INSERT INTO events (connection, type, object_id, version, system, record_json, received_at_ms) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (connection, type, object_id, version) DO NOTHING RETURNING id");
        q.bind(e.object.connection).bind(e.object.type).bind(e.object.id).bind(e.version).bind(e.system);
        q.bind(e.record_json).bind(e.received_at_ms);
        if (!q.step()) return std::nullopt;
        return q.integer(0);
    }

    std::optional<EventRecord> event(std::int64_t id) override {
        auto q = db_.query(
            "SELECT connection, type, object_id, version, system, record_json, received_at_ms FROM events WHERE id = ?");
        q.bind(id);
        if (!q.step()) return std::nullopt;
        return EventRecord{id, {q.text(0), q.text(1), q.text(2)}, q.text(4), q.text(3), q.text(5), q.integer(6)};
    }

    std::optional<EventRecord> event_before(const ObjectKey& o, std::int64_t event_id) override {
        // The (object, version) key finds the object's few events; the newest of them wins.
        auto q = db_.query(
            "SELECT id, version, system, record_json, received_at_ms FROM events WHERE connection = ? AND type = ? "
            "AND object_id = ? AND id < ? ORDER BY id DESC LIMIT 1");
        q.bind(o.connection).bind(o.type).bind(o.id).bind(event_id);
        if (!q.step()) return std::nullopt;
        return EventRecord{q.integer(0), o, q.text(2), q.text(1), q.text(3), q.integer(4)};
    }

    std::optional<MirrorEntry> mirror(const ObjectKey& o) override {
        auto q = db_.query(
            "SELECT m.system, m.version, m.updated_at, m.event_id, e.record_json, m.seen_at_ms, m.deleted FROM mirror m "
            "JOIN events e ON e.id = m.event_id WHERE m.connection = ? AND m.type = ? AND m.object_id = ?");
        q.bind(o.connection).bind(o.type).bind(o.id);
        if (!q.step()) return std::nullopt;
        return MirrorEntry{o, q.text(0), q.text(1), q.text(2), q.integer(3), q.text(4), q.integer(5), q.integer(6) != 0};
    }

    std::vector<MirrorEntry> mirror_referring(const std::string& type, const std::string& field,
                                              const std::vector<std::string>& ids) override {
        auto q = db_.query(dialect_.mirror_referring);
        q.bind(type).bind(field).bind(json_array(ids));
        std::vector<MirrorEntry> entries;
        while (q.step()) {
            entries.push_back(MirrorEntry{{q.text(0), type, q.text(1)}, q.text(2), q.text(3), q.text(4), q.integer(5),
                                          q.text(6), q.integer(7), q.integer(8) != 0});
        }
        return entries;
    }

    std::vector<MirrorEntry> mirror_entries(const std::string& connection, const std::string& type,
                                            const std::string& after_id, std::int64_t limit) override {
        auto q = db_.query(
            "SELECT m.object_id, m.system, m.version, m.updated_at, m.event_id, e.record_json, m.seen_at_ms FROM mirror m "
            "JOIN events e ON e.id = m.event_id WHERE m.connection = ? AND m.type = ? AND m.object_id > ? "
            "AND m.deleted = ? ORDER BY m.object_id LIMIT ?");
        q.bind(connection).bind(type).bind(after_id).bind(false).bind(limit);
        std::vector<MirrorEntry> entries;
        while (q.step()) {
            entries.push_back(MirrorEntry{{connection, type, q.text(0)}, q.text(1), q.text(2), q.text(3), q.integer(4),
                                          q.text(5), q.integer(6), false});
        }
        return entries;
    }

    bool put_mirror(const MirrorEntry& m) override {
        // A change older than the mirrored one (by updated_at) is stale. The instants are compared
        // in C++, not as text in SQL, where "...00.5Z" would sort before "...00Z".
        if (!m.updated_at.empty()) {
            auto current = db_.query("SELECT updated_at FROM mirror WHERE connection = ? AND type = ? AND object_id = ?");
            current.bind(m.object.connection).bind(m.object.type).bind(m.object.id);
            if (current.step() && is_older(m.updated_at, current.text(0))) return false;
        }
        auto q = db_.query(
            "INSERT INTO mirror (connection, type, object_id, system, version, updated_at, event_id, seen_at_ms, "
            "deleted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (connection, type, object_id) DO UPDATE SET "
            "system = excluded.system, version = excluded.version, updated_at = excluded.updated_at, "
            "event_id = excluded.event_id, seen_at_ms = excluded.seen_at_ms, deleted = excluded.deleted");
        q.bind(m.object.connection).bind(m.object.type).bind(m.object.id).bind(m.system).bind(m.version);
        q.bind(m.updated_at).bind(m.event_id).bind(m.seen_at_ms).bind(m.deleted);
        const bool stored = q.run() > 0;
        if (stored && m.object.type == "invoice") {
            auto index = db_.query(dialect_.index_invoice);
            index.bind(m.object.connection).bind(m.object.id);
            index.run();
        }
        if (stored && has_reference_fields(m.object.type)) index_references(m.object);
        return stored;
    }

    InvoicePage invoices(const InvoiceQuery& query) override {
        const auto bind_filter = [&](auto& q) {
            q.bind(query.text).bind(contains_pattern(query.text)).bind(decimal_key(query.text));
            q.bind(query.number.empty() ? std::string() : contains_pattern(query.number));
            q.bind(query.customer).bind(contains_pattern(query.customer));
            // An amount that is no decimal matches nothing (the caller refuses it first).
            q.bind(query.amount.empty() ? std::string() : decimal_key(query.amount).empty() ? "-" : decimal_key(query.amount));
            q.bind(query.status).bind(query.currency).bind(query.source_system).bind(query.connection);
            q.bind(query.issued_from).bind(query.issued_to).bind(query.sync_state);
        };
        InvoicePage page;
        {
            auto count = db_.query("SELECT COUNT(*) " LS_INVOICE_FILTER);
            bind_filter(count);
            count.step();
            page.total = count.integer(0);
        }
        auto q = db_.query(
            "SELECT i.connection, i.type, i.object_id, i.number, i.customer_id, i.customer_name, i.total, i.currency, "
            "i.status, i.source_system, i.issue_date, i.due_date, i.updated_at, " LS_INVOICE_SYNC_STATE " "
            LS_INVOICE_FILTER " ORDER BY i.issue_date DESC, i.connection DESC, i.object_id DESC LIMIT ?15 OFFSET ?16");
        bind_filter(q);
        q.bind(query.limit).bind(query.offset);
        while (q.step()) {
            page.invoices.push_back({{q.text(0), q.text(1), q.text(2)}, q.text(3), q.text(4), q.text(5), q.text(6),
                                     q.text(7), q.text(8), q.text(9), q.text(10), q.text(11), q.text(12), q.text(13)});
        }
        return page;
    }

    std::optional<std::string> cursor(const std::string& connection, const std::string& stream) override {
        auto q = db_.query("SELECT cursor FROM cursors WHERE connection = ? AND stream = ?");
        q.bind(connection).bind(stream);
        if (!q.step()) return std::nullopt;
        return q.text(0);
    }

    std::optional<std::int64_t> last_read_at(const std::string& connection) override {
        auto q = db_.query("SELECT MAX(updated_at_ms) FROM cursors WHERE connection = ?");
        q.bind(connection);
        if (!q.step() || q.text(0).empty()) return std::nullopt;
        return q.integer(0);
    }

    std::optional<std::int64_t> cursor_read_at(const std::string& connection, const std::string& stream) override {
        auto q = db_.query("SELECT updated_at_ms FROM cursors WHERE connection = ? AND stream = ?");
        q.bind(connection).bind(stream);
        if (!q.step()) return std::nullopt;
        return q.integer(0);
    }

    void set_cursor(const std::string& connection, const std::string& stream, const std::string& cursor,
                    std::int64_t at_ms) override {
        auto q = db_.query(
            "INSERT INTO cursors (connection, stream, cursor, updated_at_ms) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (connection, stream) DO UPDATE SET cursor = excluded.cursor, "
            "updated_at_ms = excluded.updated_at_ms");
        q.bind(connection).bind(stream).bind(cursor).bind(at_ms);
        q.run();
    }

    std::int64_t add_job(const Job& j) override {
        {
            auto q = db_.query(
                "INSERT INTO jobs (route, source_connection, source_type, source_id, source_version, event_id, "
                "target_connection, target_type, object_key, idempotency_key, operation, payload_json, state, attempts, "
                "next_attempt_at_ms, created_at_ms, last_error, content_digest) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (idempotency_key) DO NOTHING RETURNING id");
            q.bind(j.route).bind(j.source.connection).bind(j.source.type).bind(j.source.id).bind(j.source_version);
            q.bind(j.event_id).bind(j.target_connection).bind(j.target_type).bind(j.object_key).bind(j.idempotency_key);
            q.bind(j.operation).bind(j.payload_json).bind(to_string(j.state)).bind(j.attempts);
            q.bind(j.next_attempt_at_ms).bind(j.created_at_ms).bind(j.last_error).bind(j.content_digest);
            if (q.step()) return q.integer(0);
        }
        auto existing = db_.query("SELECT id FROM jobs WHERE idempotency_key = ?");
        existing.bind(j.idempotency_key);
        existing.step();
        return existing.integer(0);
    }

    std::optional<Job> job(std::int64_t id) override {
        auto q = db_.query("SELECT " LS_JOB_COLUMNS " FROM jobs WHERE id = ?");
        q.bind(id);
        if (!q.step()) return std::nullopt;
        return read_job(q);
    }

    std::vector<Job> lease_jobs(const std::string& target_connection, std::int64_t limit, std::int64_t now_ms,
                                const std::string& owner, std::int64_t lease_until_ms,
                                const std::vector<std::string>& paused_routes) override {
        // Only the oldest unfinished job of each object key qualifies: per-object order.
        auto q = db_.query(dialect_.lease_jobs);
        q.bind(owner).bind(lease_until_ms).bind(now_ms).bind(target_connection).bind(json_array(paused_routes)).bind(limit);
        std::vector<Job> jobs;
        while (q.step()) jobs.push_back(read_job(q));
        std::sort(jobs.begin(), jobs.end(), [](const Job& a, const Job& b) { return a.id < b.id; });
        return jobs;
    }

    bool has_due_job(const std::string& target_connection, std::int64_t now_ms) override {
        auto q = db_.query(
            "SELECT 1 FROM jobs WHERE target_connection = ? AND state = 'pending' AND next_attempt_at_ms <= ? LIMIT 1");
        q.bind(target_connection).bind(now_ms);
        return q.step();
    }

    std::int64_t due_job_count(const std::string& target_connection, std::int64_t now_ms, std::int64_t at_most) override {
        auto q = db_.query(
            "SELECT COUNT(*) FROM (SELECT 1 FROM jobs WHERE target_connection = ? AND state = 'pending' "
            "AND next_attempt_at_ms <= ? LIMIT ?) AS due");
        q.bind(target_connection).bind(now_ms).bind(at_most);
        return q.step() ? q.integer(0) : 0;
    }

    bool has_write_in_flight(const std::string& target_connection, const std::string& target_type,
                             std::int64_t lease_expires_at_most_ms, std::int64_t now_ms) override {
        auto q = db_.query(
            "SELECT 1 FROM jobs WHERE target_connection = ? AND target_type = ? AND state = 'leased' "
            "AND lease_expires_at_ms > ? AND lease_expires_at_ms <= ? LIMIT 1");
        q.bind(target_connection).bind(target_type).bind(now_ms).bind(lease_expires_at_most_ms);
        return q.step();
    }

    bool has_write_in_doubt(const std::string& target_connection, const std::string& target_type,
                            std::int64_t before_job_id) override {
        // The terms of the partial index jobs_in_doubt, so that it serves the query.
        auto q = db_.query(
            "SELECT 1 FROM jobs WHERE target_connection = ? AND target_type = ? AND in_doubt = 1 "
            "AND state IN ('pending','leased','waiting') AND id < ? LIMIT 1");
        q.bind(target_connection).bind(target_type).bind(before_job_id);
        return q.step();
    }

    bool update_leased_job(const Job& j, std::int64_t expected_lease_token) override {
        auto q = db_.query(
            "UPDATE jobs SET state = ?, attempts = ?, next_attempt_at_ms = ?, payload_json = ?, object_key = ?, "
            "waiting_for = ?, last_error = ?, content_digest = ?, lease_owner = '', lease_expires_at_ms = 0, "
            // A write in doubt stays so until an attempt settles the job.
            "in_doubt = CASE WHEN ? = 1 THEN in_doubt ELSE 0 END WHERE id = ? AND lease_token = ? AND state = 'leased'");
        q.bind(to_string(j.state)).bind(j.attempts).bind(j.next_attempt_at_ms).bind(j.payload_json).bind(j.object_key);
        q.bind(j.waiting_for).bind(j.last_error).bind(j.content_digest);
        q.bind(j.state == JobState::pending || j.state == JobState::waiting).bind(j.id).bind(expected_lease_token);
        return q.run() > 0;
    }

    void retry_job(std::int64_t id, std::int64_t now_ms) override {
        auto q = db_.query(
            "UPDATE jobs SET state = 'pending', attempts = 0, first_attempt_at_ms = 0, next_attempt_at_ms = ?, "
            "waiting_for = '', lease_owner = '', lease_expires_at_ms = 0 WHERE id = ?");
        q.bind(now_ms).bind(id);
        q.run();
    }

    std::optional<Job> job_by_idempotency_key(const std::string& key) override {
        auto q = db_.query("SELECT " LS_JOB_COLUMNS " FROM jobs WHERE idempotency_key = ?");
        q.bind(key);
        if (!q.step()) return std::nullopt;
        return read_job(q);
    }

    void retry_job_at_version(std::int64_t id, const std::string& version, std::int64_t event_id,
                              const std::string& idempotency_key, const std::string& operation,
                              std::int64_t now_ms) override {
        auto q = db_.query(
            "UPDATE jobs SET state = 'pending', attempts = 0, first_attempt_at_ms = 0, next_attempt_at_ms = ?, "
            "waiting_for = '', lease_owner = '', lease_expires_at_ms = 0, source_version = ?, event_id = ?, "
            "idempotency_key = ?, operation = ?, payload_json = '', content_digest = '' WHERE id = ?");
        q.bind(now_ms).bind(version).bind(event_id).bind(idempotency_key).bind(operation).bind(id);
        q.run();
    }

    std::vector<Job> unsettled_jobs(const std::string& route, const ObjectKey& source, std::int64_t limit) override {
        auto q = db_.query(
            "SELECT " LS_JOB_COLUMNS " FROM jobs WHERE source_connection = ? AND source_type = ? AND source_id = ? "
            "AND route = ? AND state IN ('pending', 'leased', 'waiting', 'failed') ORDER BY id DESC LIMIT ?");
        q.bind(source.connection).bind(source.type).bind(source.id).bind(route).bind(limit);
        std::vector<Job> jobs;
        while (q.step()) jobs.push_back(read_job(q));
        return jobs;
    }

    std::optional<CarriedContent> carried_content(const std::string& route, const ObjectKey& o) override {
        auto q = db_.query(
            "SELECT digest, version, at_ms FROM carried_content WHERE route = ? AND connection = ? AND type = ? "
            "AND object_id = ?");
        q.bind(route).bind(o.connection).bind(o.type).bind(o.id);
        if (!q.step()) return std::nullopt;
        return CarriedContent{route, o, q.text(0), q.text(1), q.integer(2)};
    }

    void put_carried_content(const CarriedContent& c) override {
        auto q = db_.query(
            "INSERT INTO carried_content (route, connection, type, object_id, digest, version, at_ms) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (route, connection, type, object_id) DO UPDATE SET "
            "digest = excluded.digest, version = excluded.version, at_ms = excluded.at_ms");
        q.bind(c.route).bind(c.object.connection).bind(c.object.type).bind(c.object.id).bind(c.digest);
        q.bind(c.version).bind(c.at_ms);
        q.run();
    }

    void set_job_state(std::int64_t id, JobState state, std::int64_t) override {
        auto q = db_.query("UPDATE jobs SET state = ? WHERE id = ?");
        q.bind(to_string(state)).bind(id);
        q.run();
    }

    std::int64_t release_waiting(const std::string& object_key, std::int64_t now_ms) override {
        auto q = db_.query(
            "UPDATE jobs SET state = 'pending', waiting_for = '', next_attempt_at_ms = ? "
            "WHERE state = 'waiting' AND waiting_for = ?");
        q.bind(now_ms).bind(object_key);
        return q.run();
    }

    std::int64_t wake_waiting_due(std::int64_t now_ms) override {
        auto q = db_.query("UPDATE jobs SET state = 'pending' WHERE state = 'waiting' AND next_attempt_at_ms <= ?");
        q.bind(now_ms);
        return q.run();
    }

    std::int64_t release_leases(const std::string& owner, bool only_expired, std::int64_t now_ms) override {
        auto q = db_.query(
            "UPDATE jobs SET state = 'pending', lease_owner = '', lease_expires_at_ms = 0, in_doubt = 1 "
            "WHERE state = 'leased' "
            "AND (?1 = '' OR lease_owner = ?1) AND (?2 = 0 OR lease_expires_at_ms < ?3)");
        q.bind(owner).bind(only_expired).bind(now_ms);
        return q.run();
    }

    JobCounts job_counts() override {
        auto q = db_.query("SELECT state, COUNT(*) FROM jobs GROUP BY state");
        JobCounts c;
        while (q.step()) add_to(c, q.text(0), q.integer(1));
        return c;
    }

    std::vector<RouteJobCounts> job_counts_by_route() override {
        auto q = db_.query("SELECT route, state, COUNT(*) FROM jobs GROUP BY route, state ORDER BY route");
        std::vector<RouteJobCounts> out;
        while (q.step()) {
            if (out.empty() || out.back().route != q.text(0)) out.push_back({q.text(0), {}});
            add_to(out.back().counts, q.text(1), q.integer(2));
        }
        return out;
    }

    void begin_backfill(const std::string& route, const std::string& connection, const std::string& stream,
                        const std::string& reason, std::int64_t now_ms, bool restart) override {
        const std::int64_t from = last_job_id();
#define LS_BEGIN_BACKFILL                                                                                         \
    "INSERT INTO backfills (route, connection, stream, reason, started_at_ms, from_job_id, to_job_id, ended_at_ms, " \
    "records_read) VALUES (?, ?, ?, ?, ?, ?, 0, 0, 0) ON CONFLICT (route, connection, stream) "
        auto q = db_.query(restart ? LS_BEGIN_BACKFILL
                           "DO UPDATE SET reason = excluded.reason, started_at_ms = excluded.started_at_ms, "
                           "from_job_id = excluded.from_job_id, to_job_id = 0, ended_at_ms = 0, records_read = 0"
                                   : LS_BEGIN_BACKFILL "DO NOTHING");
#undef LS_BEGIN_BACKFILL
        q.bind(route).bind(connection).bind(stream).bind(reason).bind(now_ms).bind(from);
        q.run();
    }

    std::int64_t advance_backfills(const std::string& route, const std::string& connection, const std::string& stream,
                                   const std::string& reason, std::int64_t records, bool finished,
                                   std::int64_t now_ms) override {
        auto q = db_.query(
            "UPDATE backfills SET records_read = records_read + ?1, to_job_id = ?2, ended_at_ms = ?3 "
            "WHERE connection = ?4 AND stream = ?5 AND reason = ?6 AND (?7 = '' OR route = ?7) AND ended_at_ms = 0");
        q.bind(records).bind(finished ? last_job_id() : std::int64_t{0}).bind(finished ? now_ms : std::int64_t{0});
        q.bind(connection).bind(stream).bind(reason).bind(route);
        return q.run();
    }

    std::vector<BackfillRecord> backfills() override {
        auto q = db_.query(
            "SELECT route, connection, stream, reason, started_at_ms, from_job_id, to_job_id, ended_at_ms, records_read "
            "FROM backfills ORDER BY route, connection, stream");
        std::vector<BackfillRecord> out;
        while (q.step()) {
            out.push_back({q.text(0), q.text(1), q.text(2), q.text(3), q.integer(4), q.integer(5), q.integer(6), q.integer(7),
                           q.integer(8)});
        }
        return out;
    }

    JobCounts job_counts_between(const std::string& route, std::int64_t after_id, std::int64_t up_to_id) override {
        // One equality on (route, state) per state, so each count is a range of jobs_by_route_state
        // (whose entries are in id order) over this walk's jobs only, however many the route has.
        JobCounts c;
        for (const char* state : {"pending", "leased", "waiting", "done", "failed", "dismissed"}) {
            auto q = db_.query("SELECT COUNT(*) FROM jobs WHERE route = ? AND state = ? AND id > ? AND id <= ?");
            q.bind(route).bind(state).bind(after_id).bind(up_to_id);
            q.step();
            add_to(c, state, q.integer(0));
        }
        return c;
    }

    bool has_unsettled_between(const std::string& route, std::int64_t after_id, std::int64_t up_to_id) override {
        for (const char* state : {"pending", "leased", "waiting"}) {
            auto q = db_.query("SELECT 1 FROM jobs WHERE route = ? AND state = ? AND id > ? AND id <= ? LIMIT 1");
            q.bind(route).bind(state).bind(after_id).bind(up_to_id);
            if (q.step()) return true;
        }
        return false;
    }

    std::optional<LinkMember> link_member(const ObjectKey& o) override {
        auto q = db_.query("SELECT " LS_LINK_COLUMNS " FROM links WHERE connection = ? AND type = ? AND object_id = ?");
        q.bind(o.connection).bind(o.type).bind(o.id);
        if (!q.step()) return std::nullopt;
        return read_link(q);
    }

    std::optional<LinkMember> linked_member(const std::string& entity_id, const std::string& connection,
                                            const std::string& type) override {
        auto q = db_.query("SELECT " LS_LINK_COLUMNS " FROM links WHERE entity_id = ? AND connection = ? AND type = ? LIMIT 1");
        q.bind(entity_id).bind(connection).bind(type);
        if (!q.step()) return std::nullopt;
        return read_link(q);
    }

    void put_link_member(const LinkMember& m) override {
        auto q = db_.query(
            "INSERT INTO links (" LS_LINK_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (connection, type, object_id) DO UPDATE SET entity_id = excluded.entity_id, "
            "last_written_version = excluded.last_written_version, "
            "last_written_fingerprint = excluded.last_written_fingerprint, updated_at_ms = excluded.updated_at_ms, "
            "earlier_written_versions = excluded.earlier_written_versions, created_by_write = excluded.created_by_write");
        q.bind(m.object.connection).bind(m.object.type).bind(m.object.id).bind(m.entity_id);
        q.bind(m.last_written_version).bind(m.last_written_fingerprint).bind(m.updated_at_ms);
        q.bind(m.earlier_written_versions.empty() ? std::string() : nlohmann::json(m.earlier_written_versions).dump());
        q.bind(m.created_by_write);
        q.run();
    }

    void put_sync_status(const SyncStatus& st) override {
        auto q = db_.query(
            "INSERT INTO sync_status (connection, type, object_id, target_connection, route, state, target_id, reason, "
            "job_id, updated_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (connection, type, object_id, target_connection) DO UPDATE SET route = excluded.route, "
            "state = excluded.state, target_id = CASE WHEN excluded.target_id = '' THEN sync_status.target_id "
            "ELSE excluded.target_id END, reason = excluded.reason, job_id = excluded.job_id, "
            "updated_at_ms = excluded.updated_at_ms");
        q.bind(st.object.connection).bind(st.object.type).bind(st.object.id).bind(st.target_connection).bind(st.route);
        q.bind(to_string(st.state)).bind(st.target_id).bind(st.reason).bind(st.job_id).bind(st.updated_at_ms);
        q.run();
    }

    std::vector<SyncStatus> sync_statuses(const ObjectKey& o) override {
        auto q = db_.query(
            "SELECT target_connection, route, state, target_id, reason, job_id, updated_at_ms FROM sync_status "
            "WHERE connection = ? AND type = ? AND object_id = ? ORDER BY target_connection");
        q.bind(o.connection).bind(o.type).bind(o.id);
        std::vector<SyncStatus> out;
        while (q.step()) {
            out.push_back({o, q.text(1), q.text(0), sync_state_from_string(q.text(2)).value_or(SyncState::failed),
                           q.text(3), q.text(4), q.integer(5), q.integer(6)});
        }
        // A job still to run makes the object pending towards its target, whatever the last outcome.
        auto active = db_.query(
            "SELECT j.target_connection, j.route, j.id, a.created_at_ms FROM jobs j JOIN ("
            "SELECT MAX(id) AS id, MAX(created_at_ms) AS created_at_ms FROM jobs WHERE source_connection = ? "
            "AND source_type = ? AND source_id = ? AND state IN ('pending', 'leased', 'waiting') "
            "GROUP BY target_connection) AS a ON j.id = a.id ORDER BY j.target_connection");
        active.bind(o.connection).bind(o.type).bind(o.id);
        while (active.step()) {
            const std::string target = active.text(0);
            auto it = std::find_if(out.begin(), out.end(), [&](const SyncStatus& s) { return s.target_connection == target; });
            if (it == out.end()) it = out.insert(out.end(), SyncStatus{o, active.text(1), target, SyncState::pending, "", "", 0, 0});
            it->state = SyncState::pending;
            it->route = active.text(1);
            it->job_id = active.integer(2);
            it->updated_at_ms = std::max(it->updated_at_ms, active.integer(3));
            it->reason.clear();
        }
        std::sort(out.begin(), out.end(), [](const SyncStatus& a, const SyncStatus& b) { return a.target_connection < b.target_connection; });
        return out;
    }

    std::int64_t put_failure(const Failure& f) override {
        if (f.stage == FailureStage::read) {
            auto q = db_.query(
                "UPDATE failures SET outcome_class = ?, reason = ?, fix_hint = ?, payload_json = ?, source_version = ?, "
                "source_updated_at = ?, last_failed_at_ms = ?, attempts = attempts + CASE WHEN state = 'retried' THEN 1 ELSE 0 END, "
                "state = 'open' WHERE stage = 'read' AND state IN ('open', 'retried') AND connection = ? AND type = ? "
                "AND object_id = ? RETURNING id");
            q.bind(f.outcome_class).bind(f.reason).bind(f.fix_hint).bind(f.payload_json).bind(f.source_version);
            q.bind(f.source_updated_at).bind(f.last_failed_at_ms).bind(f.object.connection).bind(f.object.type);
            q.bind(f.object.id);
            if (q.step()) return q.integer(0);
        } else {
            auto q = db_.query(
                "UPDATE failures SET outcome_class = ?, reason = ?, fix_hint = ?, payload_json = ?, attempts = ?, "
                "stage = ?, source_version = ?, last_failed_at_ms = ? WHERE job_id = ? AND state = 'open' RETURNING id");
            q.bind(f.outcome_class).bind(f.reason).bind(f.fix_hint).bind(f.payload_json).bind(f.attempts);
            q.bind(to_string(f.stage)).bind(f.source_version).bind(f.last_failed_at_ms).bind(f.job_id);
            if (q.step()) return q.integer(0);
        }
        auto q = db_.query(
            "INSERT INTO failures (job_id, stage, route, connection, type, object_id, source_version, source_updated_at, "
            "target_connection, outcome_class, reason, fix_hint, payload_json, attempts, first_failed_at_ms, "
            "last_failed_at_ms, state) VALUES (NULLIF(?, 0), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open') "
            "RETURNING id");
        q.bind(f.stage == FailureStage::read ? 0 : f.job_id).bind(to_string(f.stage)).bind(f.route);
        q.bind(f.object.connection).bind(f.object.type).bind(f.object.id).bind(f.source_version).bind(f.source_updated_at);
        q.bind(f.target_connection).bind(f.outcome_class).bind(f.reason).bind(f.fix_hint).bind(f.payload_json);
        q.bind(f.attempts).bind(f.first_failed_at_ms).bind(f.last_failed_at_ms);
        q.step();
        return q.integer(0);
    }

    bool has_read_failures(const std::string& connection) override {
        auto q = db_.query(
            "SELECT 1 FROM failures WHERE connection = ? AND stage = 'read' AND state IN ('open', 'retried') LIMIT 1");
        q.bind(connection);
        return q.step();
    }

    std::int64_t resolve_read_failures(const ObjectKey& o, const std::string& updated_at, std::int64_t) override {
        auto q = db_.query(
            "UPDATE failures SET state = 'resolved' WHERE connection = ?1 AND type = ?2 AND object_id = ?3 "
            "AND stage = 'read' AND state IN ('open', 'retried') "
            "AND (?4 = '' OR source_updated_at = '' OR source_updated_at <= ?4)");
        q.bind(o.connection).bind(o.type).bind(o.id).bind(updated_at);
        return q.run();
    }

    std::optional<Failure> failure(std::int64_t id) override {
        auto q = db_.query("SELECT " LS_FAILURE_COLUMNS " FROM failures WHERE id = ?");
        q.bind(id);
        if (!q.step()) return std::nullopt;
        return read_failure(q);
    }

    std::vector<Failure> failures(const FailureFilter& filter) override {
        auto q = db_.query("SELECT " LS_FAILURE_COLUMNS " FROM failures WHERE (?1 = '' OR state = ?1) "
                           "AND (?2 = '' OR route = ?2) AND (?4 = '' OR stage = ?4) AND (?5 = '' OR connection = ?5) "
                           "ORDER BY id LIMIT ?3");
        q.bind(filter.state ? std::string(to_string(*filter.state)) : std::string()).bind(filter.route).bind(filter.limit);
        q.bind(filter.stage ? std::string(to_string(*filter.stage)) : std::string()).bind(filter.connection);
        std::vector<Failure> out;
        while (q.step()) out.push_back(read_failure(q));
        return out;
    }

    std::int64_t failure_count(const FailureFilter& filter) override {
        auto q = db_.query("SELECT COUNT(*) FROM failures WHERE (?1 = '' OR state = ?1) AND (?2 = '' OR route = ?2) "
                           "AND (?3 = '' OR stage = ?3) AND (?4 = '' OR connection = ?4)");
        q.bind(filter.state ? std::string(to_string(*filter.state)) : std::string()).bind(filter.route);
        q.bind(filter.stage ? std::string(to_string(*filter.stage)) : std::string()).bind(filter.connection);
        q.step();
        return q.integer(0);
    }

    void set_failure_state(std::int64_t id, FailureState state, std::int64_t) override {
        auto q = db_.query("UPDATE failures SET state = ? WHERE id = ?");
        q.bind(to_string(state)).bind(id);
        q.run();
    }

    void resolve_failure_of_job(std::int64_t job_id, std::int64_t) override {
        auto q = db_.query("UPDATE failures SET state = 'resolved' WHERE job_id = ? AND state IN ('open', 'retried')");
        q.bind(job_id);
        q.run();
    }

    void add_timeline(const TimelineEntry& t) override {
        auto q = db_.query(
            "INSERT INTO timeline (connection, type, object_id, at_ms, event, route, job_id, detail) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        q.bind(t.object.connection).bind(t.object.type).bind(t.object.id).bind(t.at_ms).bind(t.event).bind(t.route);
        q.bind(t.job_id).bind(t.detail);
        q.run();
    }

    std::vector<TimelineEntry> timeline(const ObjectKey& o, std::int64_t limit) override {
        // Receipts live in the events table and routing in the jobs table; the timeline table
        // holds everything else that happened.
        auto q = db_.query(
            "SELECT at_ms, event, route, job_id, detail FROM ("
            "SELECT received_at_ms AS at_ms, 'received' AS event, '' AS route, 0 AS job_id, "
            "'version ' || version AS detail, 0 AS source, id FROM events "
            "WHERE connection = ?1 AND type = ?2 AND object_id = ?3 "
            "UNION ALL SELECT created_at_ms, 'routed', route, id, "
            "'version ' || source_version || ' to ' || target_connection || '.' || target_type, 1, id FROM jobs "
            "WHERE source_connection = ?1 AND source_type = ?2 AND source_id = ?3 "
            "UNION ALL SELECT at_ms, event, route, job_id, detail, 2, id FROM timeline "
            "WHERE connection = ?1 AND type = ?2 AND object_id = ?3) AS t ORDER BY at_ms, source, id LIMIT ?4");
        q.bind(o.connection).bind(o.type).bind(o.id).bind(limit);
        std::vector<TimelineEntry> out;
        while (q.step()) out.push_back({o, q.integer(0), q.text(1), q.text(2), q.integer(3), q.text(4)});
        return out;
    }

    void set_pause(const Pause& p) override {
        auto q = db_.query(
            "INSERT INTO pauses (kind, name, reason, since_ms) VALUES (?, ?, ?, ?) ON CONFLICT (kind, name) "
            "DO UPDATE SET reason = excluded.reason");
        q.bind(p.kind).bind(p.name).bind(p.reason).bind(p.since_ms);
        q.run();
    }

    void clear_pause(const std::string& kind, const std::string& name) override {
        auto q = db_.query("DELETE FROM pauses WHERE kind = ? AND name = ?");
        q.bind(kind).bind(name);
        q.run();
    }

    std::vector<Pause> pauses() override {
        auto q = db_.query("SELECT kind, name, reason, since_ms FROM pauses ORDER BY kind, name");
        std::vector<Pause> out;
        while (q.step()) out.push_back({q.text(0), q.text(1), q.text(2), q.integer(3)});
        return out;
    }

    std::optional<StateValue> state_value(const std::string& connection, const std::string& key) override {
        auto q = db_.query("SELECT value, secret, updated_at_ms FROM connection_state WHERE connection = ? AND key = ?");
        q.bind(connection).bind(key);
        if (!q.step()) return std::nullopt;
        return StateValue{q.text(0), q.integer(1) != 0, q.integer(2)};
    }

    void put_state_value(const std::string& connection, const std::string& key, const StateValue& v) override {
        auto q = db_.query(
            "INSERT INTO connection_state (connection, key, value, secret, updated_at_ms) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (connection, key) DO UPDATE SET value = excluded.value, secret = excluded.secret, "
            "updated_at_ms = excluded.updated_at_ms");
        q.bind(connection).bind(key).bind(v.value).bind(v.secret).bind(v.updated_at_ms);
        q.run();
    }

    void delete_state_value(const std::string& connection, const std::string& key) override {
        auto q = db_.query("DELETE FROM connection_state WHERE connection = ? AND key = ?");
        q.bind(connection).bind(key);
        q.run();
    }

    std::int64_t add_webhook_delivery(const WebhookDelivery& d) override {
        auto q = db_.query(
            "INSERT INTO webhook_inbox (connection, method, url, headers, body, received_at_ms, attempts, "
            "next_attempt_at_ms, last_error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
        q.bind(d.connection).bind(d.method).bind(d.url).bind_bytes(header_block(d.headers)).bind_bytes(d.body);
        q.bind(d.received_at_ms).bind(d.attempts).bind(d.next_attempt_at_ms).bind(d.last_error);
        q.step();
        return q.integer(0);
    }

    std::optional<WebhookDelivery> next_webhook_delivery(const std::string& connection, std::int64_t now_ms) override {
        auto q = db_.query(
            "SELECT id, method, url, headers, body, received_at_ms, attempts, next_attempt_at_ms, last_error "
            "FROM webhook_inbox WHERE connection = ? AND next_attempt_at_ms <= ? ORDER BY id LIMIT 1");
        q.bind(connection).bind(now_ms);
        if (!q.step()) return std::nullopt;
        return WebhookDelivery{q.integer(0), connection, q.text(1), q.text(2), headers_of(q.bytes(3)), q.bytes(4),
                               q.integer(5), q.integer(6), q.integer(7), q.text(8)};
    }

    void delete_webhook_delivery(std::int64_t id) override {
        auto q = db_.query("DELETE FROM webhook_inbox WHERE id = ?");
        q.bind(id);
        q.run();
    }

    void reschedule_webhook_delivery(std::int64_t id, std::int64_t attempts, std::int64_t next_attempt_at_ms,
                                     const std::string& last_error) override {
        auto q = db_.query("UPDATE webhook_inbox SET attempts = ?, next_attempt_at_ms = ?, last_error = ? WHERE id = ?");
        q.bind(attempts).bind(next_attempt_at_ms).bind(last_error).bind(id);
        q.run();
    }

    std::int64_t webhook_backlog(const std::string& connection) override {
        auto q = db_.query("SELECT COUNT(*) FROM webhook_inbox WHERE connection = ?");
        q.bind(connection);
        q.step();
        return q.integer(0);
    }

    std::vector<RateBudgetUse> rate_budget_use(const std::string& connection) override {
        auto q = db_.query(
            "SELECT budget, starts_ms, held_until_ms, updated_at_ms FROM rate_budget_use WHERE connection = ? "
            "ORDER BY budget");
        q.bind(connection);
        std::vector<RateBudgetUse> out;
        while (q.step()) {
            RateBudgetUse use{connection, q.text(0), {}, q.integer(2), q.integer(3)};
            nlohmann::json starts;
            try {
                starts = sdk::parse_json_exact(q.text(1));
            } catch (const sdk::JsonParseError&) {
                // Unreadable history only costs caution: the budget starts as if it were empty.
            }
            if (starts.is_array()) {
                for (const auto& start : starts) {
                    if (start.is_number_integer()) {
                        use.starts_ms.push_back(start.get<std::int64_t>());
                    } else if (start.is_array() && start.size() == 2 && start[0].is_number_integer() &&
                               start[1].is_number_integer()) {
                        use.counts.push_back({start[0].get<std::int64_t>(), start[1].get<std::int64_t>()});
                    }
                }
            }
            out.push_back(std::move(use));
        }
        return out;
    }

    void put_rate_budget_use(const RateBudgetUse& use) override {
        auto q = db_.query(
            "INSERT INTO rate_budget_use (connection, budget, starts_ms, held_until_ms, updated_at_ms) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (connection, budget) DO UPDATE SET starts_ms = excluded.starts_ms, "
            "held_until_ms = excluded.held_until_ms, updated_at_ms = excluded.updated_at_ms");
        nlohmann::json starts(use.starts_ms);
        for (const auto& count : use.counts) starts.push_back(nlohmann::json::array({count.last_ms, count.count}));
        q.bind(use.connection).bind(use.budget).bind(starts.dump());
        q.bind(use.held_until_ms).bind(use.updated_at_ms);
        q.run();
    }

    void beat_host(const HostEntry& h) override {
        auto q = db_.query(
            "INSERT INTO hosts (host_id, instance, started_at_ms, heartbeat_at_ms) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (host_id) DO UPDATE SET instance = excluded.instance, "
            "started_at_ms = excluded.started_at_ms, heartbeat_at_ms = excluded.heartbeat_at_ms");
        q.bind(h.host_id).bind(h.instance).bind(h.started_at_ms).bind(h.heartbeat_at_ms);
        q.run();
    }

    std::optional<HostEntry> host(const std::string& host_id) override {
        auto q = db_.query("SELECT host_id, instance, started_at_ms, heartbeat_at_ms FROM hosts WHERE host_id = ?");
        q.bind(host_id);
        if (!q.step()) return std::nullopt;
        return HostEntry{q.text(0), q.text(1), q.integer(2), q.integer(3)};
    }

    std::vector<HostEntry> hosts() override {
        auto q = db_.query("SELECT host_id, instance, started_at_ms, heartbeat_at_ms FROM hosts ORDER BY host_id");
        std::vector<HostEntry> all;
        while (q.step()) all.push_back(HostEntry{q.text(0), q.text(1), q.integer(2), q.integer(3)});
        return all;
    }

    std::int64_t forget_hosts(const std::string& host_id, std::int64_t heartbeat_before_ms) override {
        auto q = db_.query("DELETE FROM hosts WHERE CASE WHEN ?1 = '' THEN heartbeat_at_ms < ?2 ELSE host_id = ?1 END");
        q.bind(host_id).bind(heartbeat_before_ms);
        return q.run();
    }

    std::optional<ConnectionLease> acquire_connection_lease(const std::string& connection, const std::string& holder,
                                                            std::int64_t now_ms, std::int64_t expires_at_ms,
                                                            bool take_over) override {
        auto q = db_.query(
            "INSERT INTO connection_leases (connection, holder, token, acquired_at_ms, expires_at_ms) "
            "VALUES (?1, ?2, 1, ?3, ?4) ON CONFLICT (connection) DO UPDATE SET holder = excluded.holder, "
            "token = connection_leases.token + 1, acquired_at_ms = excluded.acquired_at_ms, "
            "expires_at_ms = excluded.expires_at_ms "
            "WHERE ?5 = 1 OR connection_leases.holder = '' OR connection_leases.holder = ?2 "
            "OR connection_leases.expires_at_ms < ?3 "
            "RETURNING connection, holder, token, acquired_at_ms, expires_at_ms");
        q.bind(connection).bind(holder).bind(now_ms).bind(expires_at_ms).bind(static_cast<std::int64_t>(take_over));
        if (!q.step()) return std::nullopt;
        return ConnectionLease{q.text(0), q.text(1), q.integer(2), q.integer(3), q.integer(4)};
    }

    bool renew_connection_lease(const std::string& connection, const std::string& holder, std::int64_t token,
                                std::int64_t expires_at_ms) override {
        auto q = db_.query(
            "UPDATE connection_leases SET expires_at_ms = ? WHERE connection = ? AND holder = ? AND token = ?");
        q.bind(expires_at_ms).bind(connection).bind(holder).bind(token);
        return q.run() > 0;
    }

    void release_connection_lease(const std::string& connection, const std::string& holder, std::int64_t token) override {
        auto q = db_.query(
            "UPDATE connection_leases SET holder = '', expires_at_ms = 0 WHERE connection = ? AND holder = ? AND token = ?");
        q.bind(connection).bind(holder).bind(token);
        q.run();
    }

    bool holds_connection_lease(const std::string& connection, const std::string& holder, std::int64_t token) override {
        auto q = db_.query("SELECT 1 FROM connection_leases WHERE connection = ? AND holder = ? AND token = ?");
        q.bind(connection).bind(holder).bind(token);
        return q.step();
    }

    std::vector<ConnectionLease> connection_leases() override {
        auto q = db_.query(
            "SELECT connection, holder, token, acquired_at_ms, expires_at_ms FROM connection_leases ORDER BY connection");
        std::vector<ConnectionLease> all;
        while (q.step()) all.push_back(ConnectionLease{q.text(0), q.text(1), q.integer(2), q.integer(3), q.integer(4)});
        return all;
    }

    std::int64_t release_leases_of_gone_hosts(std::int64_t heartbeat_after_ms) override {
        auto q = db_.query(
            "UPDATE jobs SET state = 'pending', lease_owner = '', lease_expires_at_ms = 0, in_doubt = 1 "
            "WHERE state = 'leased' AND lease_owner NOT IN (SELECT host_id FROM hosts WHERE heartbeat_at_ms >= ?)");
        q.bind(heartbeat_after_ms);
        return q.run();
    }

    void count_settled(const std::string& route, std::int64_t job_id, Settled how, std::int64_t at_ms) override {
        auto q = db_.query(
            "INSERT INTO activity_hours (hour_start_ms, route, slot, synced, failed, skipped) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (hour_start_ms, route, slot) DO UPDATE SET synced = activity_hours.synced + excluded.synced, "
            "failed = activity_hours.failed + excluded.failed, skipped = activity_hours.skipped + excluded.skipped");
        q.bind(activity_hour_of(at_ms)).bind(route).bind((job_id % kActivitySlots + kActivitySlots) % kActivitySlots);
        q.bind(how == Settled::synced).bind(how == Settled::failed).bind(how == Settled::skipped);
        q.run();
    }

    std::vector<ActivityHour> activity(std::int64_t from_ms, std::int64_t to_ms, const std::string& route) override {
        auto q = db_.query(
            "SELECT route, hour_start_ms, SUM(synced), SUM(failed), SUM(skipped) FROM activity_hours "
            "WHERE hour_start_ms >= ?1 AND hour_start_ms < ?2 AND (?3 = '' OR route = ?3) "
            "GROUP BY route, hour_start_ms ORDER BY route, hour_start_ms");
        q.bind(from_ms).bind(to_ms).bind(route);
        std::vector<ActivityHour> hours;
        while (q.step()) hours.push_back({q.text(0), q.integer(1), q.integer(2), q.integer(3), q.integer(4)});
        return hours;
    }

    PruneStep prune_activity(std::int64_t older_than_ms, std::int64_t after_id, std::int64_t limit) override {
        auto q = db_.query(
            "DELETE FROM activity_hours WHERE (hour_start_ms, route, slot) IN (SELECT hour_start_ms, route, slot "
            "FROM activity_hours WHERE hour_start_ms <= ? ORDER BY hour_start_ms LIMIT ?)");
        q.bind(older_than_ms - kActivityHourMs).bind(limit);
        PruneStep step;
        step.removed = q.run();
        step.examined_up_to = after_id;
        step.finished = step.removed < limit;
        return step;
    }

    PruneStep prune_events(std::int64_t older_than_ms, std::int64_t after_id, std::int64_t limit) override {
        return prune_window(
            db_,
            "SELECT COUNT(*), COALESCE(MAX(id), ?1), COALESCE(MAX(CASE WHEN received_at_ms >= ?2 THEN 1 ELSE 0 END), 0) "
            "FROM (SELECT id, received_at_ms FROM events WHERE id > ?1 ORDER BY id LIMIT ?3) AS w",
            "DELETE FROM events WHERE id > ?1 AND id <= ?2 AND received_at_ms < ?3 "
            "AND NOT EXISTS (SELECT 1 FROM mirror m WHERE m.connection = events.connection AND m.type = events.type "
            "AND m.object_id = events.object_id AND m.event_id = events.id) "
            "AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.event_id = events.id AND j.state NOT IN ('done', 'dismissed'))",
            older_than_ms, after_id, limit, true);
    }

    PruneStep prune_settled_jobs(std::int64_t older_than_ms, std::int64_t after_id, std::int64_t limit) override {
        return prune_window(
            db_,
            "SELECT COUNT(*), COALESCE(MAX(id), ?1), COALESCE(MAX(CASE WHEN created_at_ms >= ?2 THEN 1 ELSE 0 END), 0) "
            "FROM (SELECT id, created_at_ms FROM jobs WHERE id > ?1 ORDER BY id LIMIT ?3) AS w",
            "DELETE FROM jobs WHERE id > ?1 AND id <= ?2 AND created_at_ms < ?3 AND state IN ('done', 'dismissed') "
            "AND NOT EXISTS (SELECT 1 FROM failures f WHERE f.job_id = jobs.id)",
            older_than_ms, after_id, limit, true);
    }

    PruneStep prune_timeline(std::int64_t older_than_ms, std::int64_t after_id, std::int64_t limit) override {
        return prune_window(db_,
                            "SELECT COUNT(*), COALESCE(MAX(id), ?1), COALESCE(MAX(CASE WHEN at_ms >= ?2 THEN 1 ELSE 0 END), 0) "
                            "FROM (SELECT id, at_ms FROM timeline WHERE id > ?1 ORDER BY id LIMIT ?3) AS w",
                            "DELETE FROM timeline WHERE id > ?1 AND id <= ?2 AND at_ms < ?3", older_than_ms, after_id,
                            limit, true);
    }

    PruneStep prune_failures(FailureState state, std::int64_t older_than_ms, std::int64_t after_id,
                             std::int64_t limit) override {
        if (state != FailureState::dismissed && state != FailureState::resolved) {
            throw StoreError("only dismissed or resolved failures are pruned, not " + std::string(to_string(state)) +
                             " ones: they still wait for an operator or a retry");
        }
        // A failure's last failure time says nothing of its id's place: the whole table is walked.
        return prune_window(db_,
                            "SELECT COUNT(*), COALESCE(MAX(id), ?1), 0 FROM "
                            "(SELECT id FROM failures WHERE id > ?1 ORDER BY id LIMIT ?3) AS w",
                            "DELETE FROM failures WHERE id > ?1 AND id <= ?2 AND last_failed_at_ms < ?3 AND state = ?4",
                            older_than_ms, after_id, limit, false, to_string(state));
    }

private:
    /// Replaces the reference index's rows of `object` with those of its current record.
    void index_references(const ObjectKey& object) {
        auto previous = db_.query("DELETE FROM mirror_references WHERE connection = ?1 AND type = ?2 AND object_id = ?3");
        previous.bind(object.connection).bind(object.type).bind(object.id);
        previous.run();
        auto index = db_.query(dialect_.index_references);
        index.bind(object.connection).bind(object.type).bind(object.id);
        index.run();
    }

    /// The id of the latest job made (0 before the first).
    std::int64_t last_job_id() {
        auto q = db_.query("SELECT COALESCE(MAX(id), 0) FROM jobs");
        q.step();
        return q.integer(0);
    }

    Db& db_;
    const SqlDialect& dialect_;
};

}  // namespace ledgersync::store::sql
