#pragma once
/// The invoice index's rows (store/invoice_index_sql.hpp) read with SQLite's JSON functions.

#include "store/invoice_index_sql.hpp"

#define LS_SQLITE_BODY(A) "COALESCE(CAST(json_extract(e.record_json, '$.body." A "') AS TEXT), '')"
#define LS_SQLITE_BODY2(A, B) "COALESCE(CAST(json_extract(e.record_json, '$.body." A "." B "') AS TEXT), '')"
/// The rows of the mirror's invoices; `WHERE` narrows them (" AND m.connection = ?1 ...").
#define LS_SQLITE_INVOICE_ROWS(WHERE) LS_INVOICE_INDEX_ROWS(LS_SQLITE_BODY, LS_SQLITE_BODY2, "", WHERE)
