#pragma once
/// The SQL of the invoice index (schema 10): a row per invoice of the mirror with the fields the
/// admin API searches and filters on, read from the invoice's current record. put_mirror keeps it
/// (SqlDialect::index_invoice) and each engine's migration 10 fills it from the mirror, with the
/// same statement, so that both agree on what a row holds.

/// The invoice index's columns (schema 10), in the order LS_INVOICE_INDEX_ROWS selects them.
#define LS_INVOICE_INDEX_COLUMNS                                                                              \
    "connection, type, object_id, number, customer_id, customer_name, total, total_key, currency, status, "  \
    "source_system, issue_date, due_date, updated_at, deleted"

/// The invoice index's rows of the mirror's invoices, from their current events. `BODY(a)` and
/// `BODY2(a, b)` read body.a and body.a.b of the record as text ('' when absent), from the JSON
/// `JSON_SOURCE` joins in; `WHERE` narrows the mirror rows (e.g. to one object). total_key is the
/// total without trailing fractional zeros, so amounts compare as decimals ("120.5" = "120.50").
#define LS_INVOICE_INDEX_ROWS(BODY, BODY2, JSON_SOURCE, WHERE)                                                 \
    "SELECT connection, type, object_id, number, customer_id, customer_name, total, "                         \
    "CASE WHEN total LIKE '%.%' THEN rtrim(rtrim(total, '0'), '.') ELSE total END, currency, status, "         \
    "source_system, issue_date, due_date, updated_at, deleted FROM (SELECT m.connection, m.type, m.object_id, " \
    BODY("number") " AS number, " BODY2("customer", "id") " AS customer_id, " BODY2("customer", "name")        \
    " AS customer_name, " BODY2("totals", "total") " AS total, " BODY("currency") " AS currency, "              \
    BODY("status") " AS status, CASE WHEN " BODY("source_system") " = '' THEN m.system ELSE "                  \
    BODY("source_system") " END AS source_system, " BODY("issue_date") " AS issue_date, " BODY("due_date")     \
    " AS due_date, m.updated_at, m.deleted FROM mirror m JOIN events e ON e.id = m.event_id " JSON_SOURCE      \
    " WHERE m.type = 'invoice'" WHERE ") AS r WHERE true"

/// Fills the invoice index from the whole mirror; `ROWS` is the engine's LS_INVOICE_INDEX_ROWS
/// without narrowing. Each engine's migration 10 runs it, and `store export` after its copy.
#define LS_FILL_INVOICE_INDEX_SQL(ROWS) "INSERT INTO invoice_index (" LS_INVOICE_INDEX_COLUMNS ") " ROWS

/// Indexes one invoice of the mirror (?1 connection, ?2 id); the engines' LS_INVOICE_INDEX_ROWS.
#define LS_INDEX_INVOICE_SQL(ROWS)                                                                          \
    "INSERT INTO invoice_index (" LS_INVOICE_INDEX_COLUMNS ") " ROWS                                         \
    " ON CONFLICT (connection, type, object_id) DO UPDATE SET number = excluded.number, "                     \
    "customer_id = excluded.customer_id, customer_name = excluded.customer_name, total = excluded.total, "    \
    "total_key = excluded.total_key, currency = excluded.currency, status = excluded.status, "               \
    "source_system = excluded.source_system, issue_date = excluded.issue_date, due_date = excluded.due_date, " \
    "updated_at = excluded.updated_at, deleted = excluded.deleted"
