#include "hubspot/property_definition.hpp"

#include "common/iso_time.hpp"

namespace ledgersync::sandbox::hubspot {

nlohmann::json PropertyDefinition::to_json() const {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& o : options) {
        list.push_back({{"label", o.label},
                        {"value", o.value},
                        {"displayOrder", o.display_order},
                        {"hidden", o.hidden}});
    }
    nlohmann::json out = {{"name", name},
                          {"label", label},
                          {"type", type},
                          {"fieldType", field_type},
                          {"description", description},
                          {"groupName", group_name},
                          {"options", list},
                          {"displayOrder", display_order},
                          {"calculated", read_only_value},
                          {"externalOptions", false},
                          {"hasUniqueValue", has_unique_value},
                          {"hidden", hidden},
                          {"hubspotDefined", hubspot_defined},
                          {"formField", !read_only_value},
                          {"archived", archived},
                          {"modificationMetadata",
                           {{"archivable", !hubspot_defined},
                            {"readOnlyDefinition", hubspot_defined},
                            {"readOnlyValue", read_only_value}}}};
    if (created_ms > 0)
        out["createdAt"] = format_iso_datetime(created_ms, 0, true, true);
    if (updated_ms > 0)
        out["updatedAt"] = format_iso_datetime(updated_ms, 0, true, true);
    return out;
}

bool PropertyDefinition::has_option(const std::string& value) const {
    for (const auto& o : options) {
        if (o.value == value)
            return true;
    }
    return false;
}

nlohmann::json PropertyGroup::to_json() const {
    return {
        {"name", name}, {"label", label}, {"displayOrder", display_order}, {"archived", archived}};
}

}  // namespace ledgersync::sandbox::hubspot
