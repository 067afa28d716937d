#pragma once
/// A versioned schema change, and what both engines say about a schema they cannot run.

#include <string>
#include <string_view>
#include <vector>

namespace ledgersync::store {

/// One schema version: the statements that bring the previous version to it. A migration is
/// never edited once released: changes are new migrations appended at the end. Version numbers
/// mean the same tables in every engine.
struct Migration {
    int version;
    std::string_view description;
    std::vector<std::string_view> statements;
};

/// Why a database whose schema version `found` is newer than `latest` (this binary's) is
/// refused, and what to do about it.
std::string newer_schema_message(const std::string& location, int found, int latest);

}  // namespace ledgersync::store
