#pragma once
/// The Properties API (/crm/v3/properties/{type}): list, create (201), read, update, archive
/// custom properties, including unique-value ones (at most 10 per object type, enforced on
/// create, update and upsert from then on); property groups; batch read / create / archive.
/// HubSpot-defined properties cannot be changed or archived.

#include <string>
#include <vector>

#include "hubspot/api_call.hpp"

namespace ledgersync::sandbox::hubspot {

/// `rest`: segments after /crm/v3/properties/{type}.
HttpResponse handle_properties(ApiCall& call, const ObjectType& type,
                               const std::vector<std::string>& rest);

/// Defines a custom property from a PropertyCreate body (also used by the seed); throws
/// HubSpotError.
const PropertyDefinition& define_property(CrmAccount& account, const ObjectType& type,
                                          const nlohmann::json& body, std::int64_t now_ms);

}  // namespace ledgersync::sandbox::hubspot
