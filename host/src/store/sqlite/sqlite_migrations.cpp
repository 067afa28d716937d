#include "store/sqlite/sqlite_migrations.hpp"

#include "store/sqlite/sqlite_invoice_index.hpp"
#include "store/sqlite/sqlite_mirror_references.hpp"

namespace ledgersync::store::sqlite {

const std::vector<Migration>& migrations() {
    static const std::vector<Migration> all = {
        {1,
         "events, mirror, cursors, jobs, links, sync status, failures, timeline, pauses, state",
         {
             R"(CREATE TABLE events (
                 id INTEGER PRIMARY KEY,
                 connection TEXT NOT NULL, type TEXT NOT NULL, object_id TEXT NOT NULL, version TEXT NOT NULL,
                 system TEXT NOT NULL, record_json TEXT NOT NULL, received_at_ms BIGINT NOT NULL,
                 UNIQUE (connection, type, object_id, version)))",
             R"(CREATE TABLE mirror (
                 connection TEXT NOT NULL, type TEXT NOT NULL, object_id TEXT NOT NULL,
                 system TEXT NOT NULL, version TEXT NOT NULL, updated_at TEXT NOT NULL,
                 event_id BIGINT NOT NULL, seen_at_ms BIGINT NOT NULL, deleted BIGINT NOT NULL DEFAULT 0,
                 PRIMARY KEY (connection, type, object_id)) WITHOUT ROWID)",
             R"(CREATE TABLE cursors (
                 connection TEXT NOT NULL, stream TEXT NOT NULL, cursor TEXT NOT NULL, updated_at_ms BIGINT NOT NULL,
                 PRIMARY KEY (connection, stream)) WITHOUT ROWID)",
             R"(CREATE TABLE jobs (
                 id INTEGER PRIMARY KEY,
                 route TEXT NOT NULL,
                 source_connection TEXT NOT NULL, source_type TEXT NOT NULL, source_id TEXT NOT NULL,
                 source_version TEXT NOT NULL,
                 event_id BIGINT NOT NULL,
                 target_connection TEXT NOT NULL, target_type TEXT NOT NULL,
                 object_key TEXT NOT NULL,
                 idempotency_key TEXT NOT NULL UNIQUE,
                 operation TEXT NOT NULL,
                 payload_json TEXT NOT NULL DEFAULT '',
                 state TEXT NOT NULL,
                 attempts BIGINT NOT NULL DEFAULT 0,
                 next_attempt_at_ms BIGINT NOT NULL,
                 created_at_ms BIGINT NOT NULL,
                 first_attempt_at_ms BIGINT NOT NULL DEFAULT 0,
                 lease_owner TEXT NOT NULL DEFAULT '',
                 lease_expires_at_ms BIGINT NOT NULL DEFAULT 0,
                 lease_token BIGINT NOT NULL DEFAULT 0,
                 waiting_for TEXT NOT NULL DEFAULT '',
                 last_error TEXT NOT NULL DEFAULT ''))",
             "CREATE INDEX jobs_pending_by_target ON jobs (target_connection, id) WHERE state = 'pending'",
             "CREATE INDEX jobs_active_by_object ON jobs (object_key, id) WHERE state IN ('pending','leased','waiting')",
             "CREATE INDEX jobs_waiting ON jobs (waiting_for) WHERE state = 'waiting'",
             "CREATE INDEX jobs_by_source ON jobs (source_connection, source_type, source_id)",
             R"(CREATE TABLE links (
                 connection TEXT NOT NULL, type TEXT NOT NULL, object_id TEXT NOT NULL,
                 entity_id TEXT NOT NULL,
                 last_written_version TEXT NOT NULL DEFAULT '',
                 last_written_fingerprint TEXT NOT NULL DEFAULT '',
                 updated_at_ms BIGINT NOT NULL,
                 PRIMARY KEY (connection, type, object_id)) WITHOUT ROWID)",
             "CREATE INDEX links_by_entity ON links (entity_id, connection, type)",
             R"(CREATE TABLE sync_status (
                 connection TEXT NOT NULL, type TEXT NOT NULL, object_id TEXT NOT NULL,
                 target_connection TEXT NOT NULL, route TEXT NOT NULL,
                 state TEXT NOT NULL CHECK (state IN ('pending','synced','failed')),
                 target_id TEXT NOT NULL DEFAULT '', reason TEXT NOT NULL DEFAULT '',
                 job_id BIGINT NOT NULL DEFAULT 0, updated_at_ms BIGINT NOT NULL,
                 PRIMARY KEY (connection, type, object_id, target_connection)) WITHOUT ROWID)",
             R"(CREATE TABLE failures (
                 id INTEGER PRIMARY KEY,
                 job_id BIGINT NOT NULL REFERENCES jobs(id),
                 route TEXT NOT NULL,
                 connection TEXT NOT NULL, type TEXT NOT NULL, object_id TEXT NOT NULL,
                 target_connection TEXT NOT NULL,
                 outcome_class TEXT NOT NULL, reason TEXT NOT NULL, fix_hint TEXT NOT NULL DEFAULT '',
                 payload_json TEXT NOT NULL DEFAULT '',
                 attempts BIGINT NOT NULL,
                 first_failed_at_ms BIGINT NOT NULL, last_failed_at_ms BIGINT NOT NULL,
                 state TEXT NOT NULL CHECK (state IN ('open','retried','dismissed','resolved'))))",
             "CREATE INDEX failures_by_state ON failures (state, id)",
             "CREATE UNIQUE INDEX failures_open_per_job ON failures (job_id) WHERE state = 'open'",
             R"(CREATE TABLE timeline (
                 id INTEGER PRIMARY KEY,
                 connection TEXT NOT NULL, type TEXT NOT NULL, object_id TEXT NOT NULL,
                 at_ms BIGINT NOT NULL, event TEXT NOT NULL, route TEXT NOT NULL DEFAULT '',
                 job_id BIGINT NOT NULL DEFAULT 0, detail TEXT NOT NULL DEFAULT ''))",
             "CREATE INDEX timeline_by_object ON timeline (connection, type, object_id, id)",
             R"(CREATE TABLE pauses (
                 kind TEXT NOT NULL CHECK (kind IN ('connection','route')), name TEXT NOT NULL,
                 reason TEXT NOT NULL, since_ms BIGINT NOT NULL,
                 PRIMARY KEY (kind, name)))",
             R"(CREATE TABLE connection_state (
                 connection TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
                 secret BIGINT NOT NULL DEFAULT 0, updated_at_ms BIGINT NOT NULL,
                 PRIMARY KEY (connection, key)) WITHOUT ROWID)",
         }},
        {2,
         "index of writes in flight per target, for echo detection on two-way routes",
         {
             "CREATE INDEX jobs_leased_by_target ON jobs (target_connection, target_type, lease_expires_at_ms) "
             "WHERE state = 'leased'",
         }},
        {3,
         "failures of the read stage (objects a connector could not translate): no job, a stage, the source version",
         {
             // SQLite cannot drop NOT NULL from job_id: the table is rebuilt.
             R"(CREATE TABLE failures_v3 (
                 id INTEGER PRIMARY KEY,
                 job_id BIGINT REFERENCES jobs(id),
                 stage TEXT NOT NULL CHECK (stage IN ('read','map','write')),
                 route TEXT NOT NULL DEFAULT '',
                 connection TEXT NOT NULL, type TEXT NOT NULL, object_id TEXT NOT NULL,
                 source_version TEXT NOT NULL DEFAULT '', source_updated_at TEXT NOT NULL DEFAULT '',
                 target_connection TEXT NOT NULL DEFAULT '',
                 outcome_class TEXT NOT NULL, reason TEXT NOT NULL, fix_hint TEXT NOT NULL DEFAULT '',
                 payload_json TEXT NOT NULL DEFAULT '',
                 attempts BIGINT NOT NULL,
                 first_failed_at_ms BIGINT NOT NULL, last_failed_at_ms BIGINT NOT NULL,
                 state TEXT NOT NULL CHECK (state IN ('open','retried','dismissed','resolved')),
                 CHECK ((stage = 'read') = (job_id IS NULL))))",
             // A job whose payload is empty failed its mapping (it is mapped again when retried).
             R"(INSERT INTO failures_v3 (id, job_id, stage, route, connection, type, object_id, source_version,
                 target_connection, outcome_class, reason, fix_hint, payload_json, attempts, first_failed_at_ms,
                 last_failed_at_ms, state)
                 SELECT f.id, f.job_id, CASE WHEN j.payload_json = '' THEN 'map' ELSE 'write' END, f.route,
                 f.connection, f.type, f.object_id, COALESCE(j.source_version, ''), f.target_connection,
                 f.outcome_class, f.reason, f.fix_hint, f.payload_json, f.attempts, f.first_failed_at_ms,
                 f.last_failed_at_ms, f.state FROM failures f LEFT JOIN jobs j ON j.id = f.job_id)",
             "DROP TABLE failures",
             "ALTER TABLE failures_v3 RENAME TO failures",
             "CREATE INDEX failures_by_state ON failures (state, id)",
             "CREATE UNIQUE INDEX failures_open_per_job ON failures (job_id) WHERE state = 'open' AND job_id IS NOT NULL",
             // One read failure per object while it is open or being retried.
             "CREATE UNIQUE INDEX failures_read_per_object ON failures (connection, type, object_id) "
             "WHERE stage = 'read' AND state IN ('open', 'retried')",
          }},
        {4,
         "webhook inbox (deliveries acknowledged before processing); recent use of rate budgets",
         {
             R"(CREATE TABLE webhook_inbox (
                 id INTEGER PRIMARY KEY,
                 connection TEXT NOT NULL, method TEXT NOT NULL, url TEXT NOT NULL,
                 headers TEXT NOT NULL, body BLOB NOT NULL,
                 received_at_ms BIGINT NOT NULL,
                 attempts BIGINT NOT NULL DEFAULT 0, next_attempt_at_ms BIGINT NOT NULL,
                 last_error TEXT NOT NULL DEFAULT ''))",
             "CREATE INDEX webhook_inbox_due ON webhook_inbox (connection, next_attempt_at_ms, id)",
             R"(CREATE TABLE rate_budget_use (
                 connection TEXT NOT NULL, budget TEXT NOT NULL,
                 starts_ms TEXT NOT NULL, held_until_ms BIGINT NOT NULL, updated_at_ms BIGINT NOT NULL,
                 PRIMARY KEY (connection, budget)) WITHOUT ROWID)",
         }},
        {5,
         "indexes for retention: events still needed by unsettled jobs; failures by job",
         {
             // Pruning an event asks whether a job still to settle reads it.
             "CREATE INDEX jobs_unsettled_by_event ON jobs (event_id) WHERE state NOT IN ('done', 'dismissed')",
             // Pruning a settled job asks whether a failure refers to it (and the foreign key
             // check of the delete asks the same).
             "CREATE INDEX failures_by_job ON failures (job_id)",
         }},
        {6,
         "what each route last carried per source object (content digest); the content digest of each job",
         {
             R"(CREATE TABLE carried_content (
                 route TEXT NOT NULL,
                 connection TEXT NOT NULL, type TEXT NOT NULL, object_id TEXT NOT NULL,
                 digest TEXT NOT NULL, version TEXT NOT NULL, at_ms BIGINT NOT NULL,
                 PRIMARY KEY (route, connection, type, object_id)) WITHOUT ROWID)",
             // A new version looks for an unsettled job of its object with its content (through
             // jobs_by_source).
             "ALTER TABLE jobs ADD COLUMN content_digest TEXT NOT NULL DEFAULT ''",
         }},
        {7,
         "failures of the conflict stage (an object and its counterpart edited before either was synced)",
         {
             // SQLite cannot change a CHECK constraint: the table is rebuilt.
             R"(CREATE TABLE failures_v7 (
                 id INTEGER PRIMARY KEY,
                 job_id BIGINT REFERENCES jobs(id),
                 stage TEXT NOT NULL CHECK (stage IN ('read','map','write','conflict')),
                 route TEXT NOT NULL DEFAULT '',
                 connection TEXT NOT NULL, type TEXT NOT NULL, object_id TEXT NOT NULL,
                 source_version TEXT NOT NULL DEFAULT '', source_updated_at TEXT NOT NULL DEFAULT '',
                 target_connection TEXT NOT NULL DEFAULT '',
                 outcome_class TEXT NOT NULL, reason TEXT NOT NULL, fix_hint TEXT NOT NULL DEFAULT '',
                 payload_json TEXT NOT NULL DEFAULT '',
                 attempts BIGINT NOT NULL,
                 first_failed_at_ms BIGINT NOT NULL, last_failed_at_ms BIGINT NOT NULL,
                 state TEXT NOT NULL CHECK (state IN ('open','retried','dismissed','resolved')),
                 CHECK ((stage = 'read') = (job_id IS NULL))))",
             R"(INSERT INTO failures_v7 (id, job_id, stage, route, connection, type, object_id, source_version,
                 source_updated_at, target_connection, outcome_class, reason, fix_hint, payload_json, attempts,
                 first_failed_at_ms, last_failed_at_ms, state)
                 SELECT id, job_id, stage, route, connection, type, object_id, source_version, source_updated_at,
                 target_connection, outcome_class, reason, fix_hint, payload_json, attempts, first_failed_at_ms,
                 last_failed_at_ms, state FROM failures)",
             "DROP TABLE failures",
             "ALTER TABLE failures_v7 RENAME TO failures",
             "CREATE INDEX failures_by_state ON failures (state, id)",
             "CREATE UNIQUE INDEX failures_open_per_job ON failures (job_id) WHERE state = 'open' AND job_id IS NOT NULL",
             "CREATE UNIQUE INDEX failures_read_per_object ON failures (connection, type, object_id) "
             "WHERE stage = 'read' AND state IN ('open', 'retried')",
             "CREATE INDEX failures_by_job ON failures (job_id)",
         }},
        {8,
         "sync status refused (an invoice made for a payment another invoice bills is not created)",
         {
             // SQLite cannot change a CHECK constraint: the table is rebuilt.
             R"(CREATE TABLE sync_status_v8 (
                 connection TEXT NOT NULL, type TEXT NOT NULL, object_id TEXT NOT NULL,
                 target_connection TEXT NOT NULL, route TEXT NOT NULL,
                 state TEXT NOT NULL CHECK (state IN ('pending','synced','failed','refused')),
                 target_id TEXT NOT NULL DEFAULT '', reason TEXT NOT NULL DEFAULT '',
                 job_id BIGINT NOT NULL DEFAULT 0, updated_at_ms BIGINT NOT NULL,
                 PRIMARY KEY (connection, type, object_id, target_connection)) WITHOUT ROWID)",
             R"(INSERT INTO sync_status_v8 (connection, type, object_id, target_connection, route, state, target_id,
                 reason, job_id, updated_at_ms)
                 SELECT connection, type, object_id, target_connection, route, state, target_id, reason, job_id,
                 updated_at_ms FROM sync_status)",
             "DROP TABLE sync_status",
             "ALTER TABLE sync_status_v8 RENAME TO sync_status",
         }},
        {9,
         "jobs in doubt (a lease ended without an outcome: the write may have reached the target)",
         {
             "ALTER TABLE jobs ADD COLUMN in_doubt INTEGER NOT NULL DEFAULT 0",
             "CREATE INDEX jobs_in_doubt ON jobs (target_connection, target_type, id) "
             "WHERE in_doubt = 1 AND state IN ('pending','leased','waiting')",
         }},
        {10,
         "invoice index (the admin API's invoice search and filters), jobs by route (its route counts)",
         {
             R"(CREATE TABLE invoice_index (
                 connection TEXT NOT NULL, type TEXT NOT NULL, object_id TEXT NOT NULL,
                 number TEXT NOT NULL, customer_id TEXT NOT NULL, customer_name TEXT NOT NULL,
                 total TEXT NOT NULL, total_key TEXT NOT NULL, currency TEXT NOT NULL, status TEXT NOT NULL,
                 source_system TEXT NOT NULL, issue_date TEXT NOT NULL, due_date TEXT NOT NULL,
                 updated_at TEXT NOT NULL, deleted BIGINT NOT NULL DEFAULT 0,
                 PRIMARY KEY (connection, type, object_id)) WITHOUT ROWID)",
             "CREATE INDEX invoice_index_by_issue_date ON invoice_index (issue_date, connection, object_id)",
             LS_FILL_INVOICE_INDEX_SQL(LS_SQLITE_INVOICE_ROWS("")),
             "CREATE INDEX jobs_by_route_state ON jobs (route, state)",
         }},
        {11,
         "hosts sharing the database (heartbeats) and connection leases with fencing tokens",
         {
             R"(CREATE TABLE hosts (
                 host_id TEXT PRIMARY KEY, instance TEXT NOT NULL,
                 started_at_ms BIGINT NOT NULL, heartbeat_at_ms BIGINT NOT NULL) WITHOUT ROWID)",
             R"(CREATE TABLE connection_leases (
                 connection TEXT PRIMARY KEY, holder TEXT NOT NULL, token BIGINT NOT NULL,
                 acquired_at_ms BIGINT NOT NULL, expires_at_ms BIGINT NOT NULL) WITHOUT ROWID)",
         }},
        {12,
         "links remember the versions written before the last (a late read of an earlier write is its echo) "
         "and whether our write created the object (the invoice index lists each invoice once)",
         {
             "ALTER TABLE links ADD COLUMN earlier_written_versions TEXT NOT NULL DEFAULT ''",
             "ALTER TABLE links ADD COLUMN created_by_write BIGINT NOT NULL DEFAULT 0",
             // Before: an object we wrote that no route ever carried from is taken for a copy.
             "UPDATE links SET created_by_write = 1 WHERE last_written_fingerprint <> '' AND NOT EXISTS "
             "(SELECT 1 FROM sync_status s WHERE s.connection = links.connection AND s.type = links.type "
             "AND s.object_id = links.object_id)",
         }},
        {13,
         "hourly activity: jobs settled per route and hour (synced, failed, skipped), kept longer than the jobs",
         {
             R"(CREATE TABLE activity_hours (
                 hour_start_ms BIGINT NOT NULL, route TEXT NOT NULL,
                 slot BIGINT NOT NULL,
                 synced BIGINT NOT NULL DEFAULT 0, failed BIGINT NOT NULL DEFAULT 0, skipped BIGINT NOT NULL DEFAULT 0,
                 PRIMARY KEY (hour_start_ms, route, slot)) WITHOUT ROWID)",
         }},
        {14,
         "backfills: the first read of each source stream and the walks of routes enabled late (backfill progress)",
         {
             // jobs_by_route_state (route, state) already ends with the rowid, the job id: the
             // progress counts of a walk's id range are ranges of it.
             R"(CREATE TABLE backfills (
                 route TEXT NOT NULL, connection TEXT NOT NULL, stream TEXT NOT NULL, reason TEXT NOT NULL,
                 started_at_ms BIGINT NOT NULL, from_job_id BIGINT NOT NULL, to_job_id BIGINT NOT NULL,
                 ended_at_ms BIGINT NOT NULL, records_read BIGINT NOT NULL,
                 PRIMARY KEY (route, connection, stream)) WITHOUT ROWID)",
         }},
        {15,
         "reference index: the ids each mirrored payment and refund names (invoice detail without reading every payment)",
         {
             R"(CREATE TABLE mirror_references (
                 connection TEXT NOT NULL, type TEXT NOT NULL, object_id TEXT NOT NULL,
                 field TEXT NOT NULL, referenced_id TEXT NOT NULL,
                 PRIMARY KEY (connection, type, object_id, field, referenced_id)) WITHOUT ROWID)",
             "CREATE INDEX mirror_references_by_target ON mirror_references (type, field, referenced_id)",
             LS_INDEX_REFERENCES_SQL(LS_SQLITE_REFERENCE_ROWS("")),
         }},
    };
    return all;
}

int latest_schema_version() { return migrations().back().version; }

}  // namespace ledgersync::store::sqlite
