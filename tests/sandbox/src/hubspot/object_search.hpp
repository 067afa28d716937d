#pragma once
/// POST /crm/v3/objects/{type}/search (hubspot.md §2.5): filterGroups (OR) of filters (AND)
/// with HubSpot's 13 operators, one sort, a free-text `query`, `properties`, `limit` (at most
/// 200) and `after`; a query cannot page past 10,000 results (400). Filters on
/// "associations.<type>" match records associated with that id. Its own rate limit is the
/// API's concern.

#include "hubspot/api_call.hpp"

namespace ledgersync::sandbox::hubspot {

HttpResponse search_objects(ApiCall& call, const ObjectType& type);

}  // namespace ledgersync::sandbox::hubspot
