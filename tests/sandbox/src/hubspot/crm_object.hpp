#pragma once
/// One CRM record of an account: its id, its property values (all text, as HubSpot keeps
/// them), each property's history of values, and its create/update/archive times.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ledgersync::sandbox::hubspot {

struct PropertyVersion {
    std::string value;
    std::int64_t timestamp_ms = 0;
    std::string source_type;  ///< "API", "CALCULATED", "IMPORT" (seeded), ...
};

struct CrmObject {
    std::uint64_t id = 0;
    /// Stored values; a property with no value is absent.
    std::map<std::string, std::string> properties;
    /// Every value a property had, newest last (propertiesWithHistory).
    std::map<std::string, std::vector<PropertyVersion>> history;
    std::int64_t created_ms = 0;
    std::int64_t updated_ms = 0;
    std::int64_t archived_ms = 0;
    bool archived = false;

    /// The value of `name`, "" when it has none.
    const std::string& value(const std::string& name) const;
};

}  // namespace ledgersync::sandbox::hubspot
