#pragma once
/// The invoice index's rows (store/invoice_index_sql.hpp) read with PostgreSQL's JSON operators.
/// The record is cast to json, not jsonb: json keeps any string jsonb refuses (\u0000), so an
/// unusual record never fails its ingest here.

#include "store/invoice_index_sql.hpp"

#define LS_PG_BODY(A) "COALESCE(x.j #>> '{body," A "}', '')"
#define LS_PG_BODY2(A, B) "COALESCE(x.j #>> '{body," A "," B "}', '')"
/// The rows of the mirror's invoices; `WHERE` narrows them (" AND m.connection = ?1 ...").
#define LS_PG_INVOICE_ROWS(WHERE) \
    LS_INVOICE_INDEX_ROWS(LS_PG_BODY, LS_PG_BODY2, "CROSS JOIN LATERAL (SELECT CAST(e.record_json AS json) AS j) AS x", WHERE)
/// Fills the invoice index from the whole mirror (migration 10; `store export` after its copy).
#define LS_PG_FILL_INVOICE_INDEX_SQL LS_FILL_INVOICE_INDEX_SQL(LS_PG_INVOICE_ROWS(""))
