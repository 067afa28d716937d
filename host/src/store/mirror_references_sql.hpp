#pragma once
/// The SQL of the mirror's reference index (schema 15): a row per id that a mirrored object's
/// current record names in one of its reference fields (a payment's invoices, a refund's
/// payment), so that what refers to an object is a lookup instead of a read of every record.
/// put_mirror keeps it (SqlDialect::index_references) and each engine's migration 15 fills it
/// from the mirror, with the same statement, as the invoice index is kept
/// (invoice_index_sql.hpp). The ids are stored as the record has them: which connection a
/// reference means depends on the routes (references_in), which the store does not know.

/// The reference fields indexed, as X(type, field) each: the records of mirror type `type` name
/// other objects in body.`field`, a reference ({"type": ..., "id": ...}) or an array of them.
#define LS_REFERENCE_FIELDS(X) X("payment", "invoices") X("refund", "payment")

#define LS_REFERENCE_FIELD_ROW(TYPE, FIELD) " UNION ALL SELECT '" TYPE "', '" FIELD "'"
/// LS_REFERENCE_FIELDS as a table `f` (type, field); its first row, of no type, joins no mirror row.
#define LS_REFERENCE_FIELD_TABLE "(SELECT '' AS type, '' AS field" LS_REFERENCE_FIELDS(LS_REFERENCE_FIELD_ROW) ") AS f"

/// The reference index's columns, in the order LS_MIRROR_REFERENCE_ROWS selects them.
#define LS_MIRROR_REFERENCE_COLUMNS "connection, type, object_id, field, referenced_id"

/// The reference index's rows of the mirror's objects (m), from their current events (e), each
/// once (a record may name an id twice). `REFERENCES` joins, for field f.field, the engine's
/// rows of its references; `ID` is one reference's id when it is a string, else NULL (no row).
/// `WHERE` narrows the mirror rows.
#define LS_MIRROR_REFERENCE_ROWS(REFERENCES, ID, WHERE)                                                        \
    "SELECT DISTINCT " LS_MIRROR_REFERENCE_COLUMNS " FROM (SELECT m.connection, m.type, m.object_id, f.field, " ID       \
    " AS referenced_id FROM mirror m JOIN " LS_REFERENCE_FIELD_TABLE " ON f.type = m.type "                      \
    "JOIN events e ON e.id = m.event_id " REFERENCES " WHERE true" WHERE ") AS r WHERE referenced_id IS NOT NULL"

/// Indexes the references of one object of the mirror (?1 connection, ?2 type, ?3 id), once
/// those of its previous record are deleted; ROWS is the engine's LS_MIRROR_REFERENCE_ROWS
/// narrowed by LS_ONE_MIRROR_OBJECT; migration 15 runs it for the whole mirror.
#define LS_INDEX_REFERENCES_SQL(ROWS) "INSERT INTO mirror_references (" LS_MIRROR_REFERENCE_COLUMNS ") " ROWS
/// The mirror rows LS_INDEX_REFERENCES_SQL narrows to.
#define LS_ONE_MIRROR_OBJECT " AND m.connection = ?1 AND m.type = ?2 AND m.object_id = ?3"

/// The mirror entries of type ?1 whose field ?2 names one of the ids of the JSON array ?3
/// (`IDS_OF_JSON` lists its elements: engines spell it differently), with their records, in
/// (connection, id) order, each once: StoreTransaction::mirror_referring.
#define LS_MIRROR_REFERRING_SQL(IDS_OF_JSON)                                                                       \
    "SELECT m.connection, m.object_id, m.system, m.version, m.updated_at, m.event_id, e.record_json, m.seen_at_ms, " \
    "m.deleted FROM (SELECT DISTINCT r.connection, r.object_id FROM mirror_references r WHERE r.type = ?1 "        \
    "AND r.field = ?2 AND r.referenced_id IN (" IDS_OF_JSON ")) AS k "                                            \
    "JOIN mirror m ON m.connection = k.connection AND m.type = ?1 AND m.object_id = k.object_id "                  \
    "JOIN events e ON e.id = m.event_id ORDER BY m.connection, m.object_id"
