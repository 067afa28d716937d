#pragma once
/// One property of a CRM object type as the Properties API describes it (`Property` schema),
/// and a property group. Values of every type travel as strings; `type` says how the emulator
/// validates, compares and sorts them.

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ledgersync::sandbox::hubspot {

struct PropertyOption {
    std::string label;
    std::string value;
    int display_order = 0;
    bool hidden = false;
};

struct PropertyDefinition {
    std::string name;
    std::string label;
    std::string type = "string";  ///< string, number, date, datetime, enumeration, bool
    std::string field_type = "text";
    std::string group_name;
    std::string description;
    std::vector<PropertyOption> options;
    int display_order = -1;
    bool has_unique_value = false;
    bool hubspot_defined = false;
    /// Computed by HubSpot (amount billed, balance due, ...): a write is READ_ONLY_VALUE.
    bool read_only_value = false;
    bool hidden = false;
    bool archived = false;
    std::int64_t created_ms = 0;
    std::int64_t updated_ms = 0;

    nlohmann::json to_json() const;
    bool has_option(const std::string& value) const;
};

struct PropertyGroup {
    std::string name;
    std::string label;
    int display_order = -1;
    bool archived = false;

    nlohmann::json to_json() const;
};

}  // namespace ledgersync::sandbox::hubspot
