#pragma once
/// A record as the objects API returns it (SimplePublicObject / ...WithAssociations): id,
/// properties (all strings; the ones asked for, or the type's defaults), propertiesWithHistory,
/// createdAt, updatedAt, archived(At), and v3-style associations.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hubspot/crm_account.hpp"

namespace ledgersync::sandbox::hubspot {

struct ReadOptions {
    std::vector<std::string> properties;  ///< empty: the type's default properties
    std::vector<std::string> properties_with_history;
    std::vector<std::string> associations;  ///< object type names to list associations with
};

nlohmann::json render_object(CrmAccount& account, const ObjectType& type, const CrmObject& object,
                             const ReadOptions& options);

}  // namespace ledgersync::sandbox::hubspot
