#include "hubspot/account_info_endpoints.hpp"

#include <cstdlib>

#include "hubspot/hubspot_error.hpp"
#include "hubspot/hubspot_http.hpp"

namespace ledgersync::sandbox::hubspot {

namespace {

/// "-05:00" for -18,000,000 ms, as utcOffset shows it.
std::string utc_offset_text(std::int64_t offset_ms) {
    const std::int64_t minutes = std::llabs(offset_ms) / 60'000;
    const auto two_digits = [](std::int64_t n) { return (n < 10 ? "0" : "") + std::to_string(n); };
    return (offset_ms < 0 ? "-" : "+") + two_digits(minutes / 60) + ":" + two_digits(minutes % 60);
}

}  // namespace

nlohmann::json account_details(const CrmAccount& account) {
    const AccountSettings& settings = account.settings();
    return {{"portalId", std::stoll(account.portal_id())},
            {"accountType", "STANDARD"},
            {"timeZone", settings.time_zone},
            {"companyCurrency", settings.company_currency},
            {"additionalCurrencies", settings.additional_currencies},
            {"utcOffset", utc_offset_text(settings.utc_offset_ms)},
            {"utcOffsetMilliseconds", settings.utc_offset_ms},
            {"uiDomain", "app.hubspot.com"},
            {"dataHostingLocation", "na1"}};
}

HttpResponse handle_account_info(ApiCall& call, const std::vector<std::string>& rest) {
    if (rest.size() == 1 && rest[0] == "details" && call.request.method == "GET")
        return json_response(200, account_details(call.account));
    throw errors::no_route(call.request.method, call.request.path);
}

}  // namespace ledgersync::sandbox::hubspot
