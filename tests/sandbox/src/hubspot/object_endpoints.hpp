#pragma once
/// The CRM v3 objects API for one object type (hubspot.md §2.3): list with `after` paging, get
/// by id or unique property, create, update, archive, and the batch read / create / update /
/// upsert / archive endpoints with their 100-input limit and 207 multi-status answers.
/// Search is in object_search.

#include <string>
#include <vector>

#include "hubspot/api_call.hpp"

namespace ledgersync::sandbox::hubspot {

/// `rest`: the path segments after /crm/v3/objects/{type}.
HttpResponse handle_objects(ApiCall& call, const ObjectType& type,
                            const std::vector<std::string>& rest);

}  // namespace ledgersync::sandbox::hubspot
