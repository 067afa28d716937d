#pragma once
/// The reference index's rows (store/mirror_references_sql.hpp) read with SQLite's JSON functions.

#include "store/mirror_references_sql.hpp"

/// The field's value, `x` its members (a reference) or its elements (an array of references).
#define LS_SQLITE_FIELD_PATH "'$.body.' || f.field"
#define LS_SQLITE_REFERENCES ", json_each(e.record_json, " LS_SQLITE_FIELD_PATH ") AS x"
#define LS_SQLITE_REFERENCE_ID                                                                            \
    "CASE json_type(e.record_json, " LS_SQLITE_FIELD_PATH ") "                                              \
    "WHEN 'object' THEN CASE WHEN x.key = 'id' AND x.type = 'text' THEN x.value END "                      \
    "WHEN 'array' THEN CASE WHEN x.type = 'object' AND json_type(x.value, '$.id') = 'text' "               \
    "THEN json_extract(x.value, '$.id') END END"
/// The reference index's rows; `WHERE` narrows the mirror rows (LS_ONE_MIRROR_OBJECT, or "").
#define LS_SQLITE_REFERENCE_ROWS(WHERE) LS_MIRROR_REFERENCE_ROWS(LS_SQLITE_REFERENCES, LS_SQLITE_REFERENCE_ID, WHERE)
