#pragma once
/// The account information API (HubSpot's "Retrieve account details",
/// developers.hubspot.com/docs/api-reference/legacy/account/account-information/
/// get-account-details): GET /account-info/v3/details (also /account-info/2026-03/details), the
/// account's portal id, type, time zone, company currency and additional currencies, UI domain
/// and data hosting location. The usage endpoints (/account-info/v3/api-usage/...) are not
/// emulated.

#include <string>
#include <vector>

#include "hubspot/api_call.hpp"

namespace ledgersync::sandbox::hubspot {

/// `rest`: the path after /account-info/v3 (["details"]). Throws HubSpotError (404 for any
/// other path or method).
HttpResponse handle_account_info(ApiCall& call, const std::vector<std::string>& rest);

/// The account's details as HubSpot answers them.
nlohmann::json account_details(const CrmAccount& account);

}  // namespace ledgersync::sandbox::hubspot
