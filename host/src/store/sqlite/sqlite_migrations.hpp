#pragma once
/// The SQLite schema, as an ordered list of migrations. A migration is never edited once
/// released: changes are new migrations appended at the end.

#include <string_view>
#include <vector>

namespace ledgersync::store::sqlite {

struct Migration {
    int version;
    std::string_view description;
    std::vector<std::string_view> statements;
};

/// All migrations, in version order (1, 2, ...).
const std::vector<Migration>& migrations();

/// The newest schema version this binary knows.
int latest_schema_version();

}  // namespace ledgersync::store::sqlite
