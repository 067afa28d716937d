#pragma once
/// HTTP calls to the HubSpot CRM API through the host's HTTP service (which enforces the
/// connection's rate budgets and holds them after a 429): URLs, the bearer token with one
/// refresh after a 401, calls sent again after 429 / 423 / 477 once the budget allows, and
/// each call counted in hubspot_api_calls_total{family}.

#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <ledgersync/sdk/host_services.hpp>
#include <ledgersync/sdk/http.hpp>
#include <nlohmann/json.hpp>

#include "access_tokens.hpp"
#include "connection_config.hpp"
#include "hubspot_errors.hpp"

namespace ledgersync::connectors::hubspot {

/// One call to the API.
struct ApiCall {
    std::string method = "GET";
    /// From the API's root: "/crm/v3/objects/invoices/batch/read".
    std::string path;
    /// Query parameters, not yet encoded.
    std::vector<std::pair<std::string, std::string>> parameters;
    /// JSON text or empty.
    std::string body;
    /// The host's rate budget: "" (default) or "search".
    std::string budget;
};

class HubSpotClient {
public:
    HubSpotClient(sdk::HostServices host, const HubSpotConnectionConfig& config);

    /// Sends `call`; the response whatever its status, after the token refresh and the
    /// throttling retries. Throws sdk::Error when no response came or no token can be had.
    sdk::HttpResponse send(const ApiCall& call);

    /// Sends `call` and returns its body parsed exactly (numbers as text); 207 counts as
    /// success (the caller reads its errors). Throws sdk::Error classified on failure.
    nlohmann::json json_call(const ApiCall& call, const CallContext& context);

    /// The bearer token calls are sent with now (refreshed first when due); throws as send().
    std::string current_token() { return tokens_.current(); }
    /// The scopes the OAuth token was granted (AccessTokens::granted_scopes), after a current_token().
    std::optional<std::set<std::string>> granted_scopes() { return tokens_.granted_scopes(); }

    sdk::HostServices host() const noexcept { return host_; }
    const HubSpotConnectionConfig& config() const noexcept { return config_; }

private:
    sdk::HttpRequest to_http(const ApiCall& call, const std::string& token) const;

    sdk::HostServices host_;
    const HubSpotConnectionConfig& config_;
    AccessTokens tokens_;
};

/// "objects", "batch", "search", "associations", "properties" or "account" (account info): the
/// API family of a path, for metrics.
std::string api_family(const std::string& path);

}  // namespace ledgersync::connectors::hubspot
