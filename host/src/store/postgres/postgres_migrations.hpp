#pragma once
/// The PostgreSQL schema, as an ordered list of migrations (store/migration.hpp). Versions
/// mean the same tables as SQLite's: PostgreSQL starts at version 5, the whole schema of
/// SQLite's migrations 1 to 5 in one step.

#include <vector>

#include "store/migration.hpp"

namespace ledgersync::store::postgres {

/// All migrations, in version order.
const std::vector<Migration>& migrations();

/// The newest schema version this binary knows.
int latest_schema_version();

}  // namespace ledgersync::store::postgres
