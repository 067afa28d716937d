#pragma once
/// The HubSpot-defined properties and groups every account starts with, per object type: the
/// ones hubspot.md names (§2.6 invoices, §2.7 line items, §2.9 payments) plus the common
/// contact/company/deal/product ones. Accounts add custom ones through the Properties API.

#include <vector>

#include "hubspot/object_types.hpp"
#include "hubspot/property_definition.hpp"

namespace ledgersync::sandbox::hubspot {

std::vector<PropertyDefinition> builtin_properties(const ObjectType& type);
std::vector<PropertyGroup> builtin_groups(const ObjectType& type);

}  // namespace ledgersync::sandbox::hubspot
