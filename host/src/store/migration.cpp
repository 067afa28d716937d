#include "store/migration.hpp"

namespace ledgersync::store {

std::string newer_schema_message(const std::string& location, int found, int latest) {
    return "the database " + location + " has schema version " + std::to_string(found) +
           " but this ledgersync knows versions up to " + std::to_string(latest) +
           "; it was written by a newer ledgersync: run that version, or restore a backup made before the upgrade";
}

}  // namespace ledgersync::store
