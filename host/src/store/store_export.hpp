#pragma once
/// Moving an install from SQLite to PostgreSQL (`ledgersync store export --to postgresql DSN`).

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace ledgersync::store {

/// What `store export` does with a table of the schema.
enum class ExportTreatment {
    /// Its rows are copied, ids included.
    copied,
    /// It is derived from copied tables and rebuilt from them in PostgreSQL.
    rebuilt,
    /// It describes the source database or the processes that ran on it, not the install's data.
    left_behind,
};

/// Every table of the schema (SQLite's and PostgreSQL's alike) and what the export does with it.
std::map<std::string, ExportTreatment> export_treatments();

/// Copies every row of the SQLite database `sqlite_file` (cursors, links, mirror, events, jobs
/// in whatever state, failures, timeline, pauses, plugin state, the webhook inbox, rate budget
/// use, what routes carried, backfills, hourly activity) into the empty PostgreSQL database
/// `dsn`, ids included, and rebuilds the invoice index from the copied mirror, in one
/// transaction read from one snapshot. Both are migrated to this binary's schema first. Returns
/// (table, rows) of the copied tables in copy order, then of the rebuilt ones. Throws StoreError
/// (a non-empty target is refused; nothing is written then).
std::vector<std::pair<std::string, std::int64_t>> export_sqlite_to_postgresql(const std::filesystem::path& sqlite_file,
                                                                              const std::string& dsn);

}  // namespace ledgersync::store
