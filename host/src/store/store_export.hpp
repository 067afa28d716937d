#pragma once
/// Moving an install from SQLite to PostgreSQL (`ledgersync store export --to postgresql DSN`).

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace ledgersync::store {

/// Copies every row of the SQLite database `sqlite_file` (cursors, links, mirror, events, jobs
/// in whatever state, failures, timeline, pauses, plugin state, the webhook inbox, rate budget
/// use) into the empty PostgreSQL database `dsn`, ids included, in one transaction read from one
/// snapshot. Both are migrated to this binary's schema first. Returns (table, rows) in copy
/// order. Throws StoreError (a non-empty target is refused; nothing is written then).
std::vector<std::pair<std::string, std::int64_t>> export_sqlite_to_postgresql(const std::filesystem::path& sqlite_file,
                                                                              const std::string& dsn);

}  // namespace ledgersync::store
