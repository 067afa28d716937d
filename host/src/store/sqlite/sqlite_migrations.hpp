#pragma once
/// The SQLite schema, as an ordered list of migrations (store/migration.hpp).

#include <vector>

#include "store/migration.hpp"

namespace ledgersync::store::sqlite {

/// All migrations, in version order (1, 2, ...).
const std::vector<Migration>& migrations();

/// The newest schema version this binary knows.
int latest_schema_version();

}  // namespace ledgersync::store::sqlite
