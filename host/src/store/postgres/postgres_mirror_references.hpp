#pragma once
/// The reference index's rows (store/mirror_references_sql.hpp) read with PostgreSQL's JSON
/// functions. The record is cast to json, not jsonb, as for the invoice index
/// (postgres_invoice_index.hpp): json keeps any string jsonb refuses (\u0000).

#include "store/mirror_references_sql.hpp"

/// The field's value as an array `v` of references (a single reference: an array of one).
#define LS_PG_REFERENCES                                                                                       \
    "CROSS JOIN LATERAL (SELECT CAST(e.record_json AS json) -> 'body' -> f.field AS j) AS x "                   \
    "CROSS JOIN LATERAL json_array_elements(CASE json_typeof(x.j) WHEN 'array' THEN x.j "                      \
    "WHEN 'object' THEN json_build_array(x.j) ELSE CAST('[]' AS json) END) AS v(reference)"
#define LS_PG_REFERENCE_ID "CASE WHEN json_typeof(v.reference -> 'id') = 'string' THEN v.reference ->> 'id' END"
/// The reference index's rows; `WHERE` narrows the mirror rows (LS_ONE_MIRROR_OBJECT, or "").
#define LS_PG_REFERENCE_ROWS(WHERE) LS_MIRROR_REFERENCE_ROWS(LS_PG_REFERENCES, LS_PG_REFERENCE_ID, WHERE)
