#pragma once
/// Where a connector finds its vendor's API and OAuth token endpoint when the config points it
/// somewhere other than the vendor's public hosts (an emulator, a private deployment):
///
///     "environment": {"base_url": "http://127.0.0.1:8081", "token_url": "http://127.0.0.1:8081/oauth/v1/token"}
///
///     sdk::ConfigReader custom(config["environment"], problems, "/environment");
///     const auto endpoints = sdk::read_service_endpoints(custom, "HubSpot", "/oauth/v1/token");

#include <string>
#include <string_view>

#include "ledgersync/sdk/config_reader.hpp"

namespace ledgersync::sdk {

/// An API's base URL (no trailing slash) and its OAuth token endpoint.
struct ServiceEndpoints {
    std::string api_base_url;
    std::string token_url;
};

/// Whether `url` is an absolute http or https URL.
inline bool is_http_url(std::string_view url) {
    return url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0;
}

/// `url` without the slashes at its end, so that paths can be appended to it.
inline std::string without_trailing_slashes(std::string url) {
    while (!url.empty() && url.back() == '/') url.pop_back();
    return url;
}

/// Reads `base_url` (required, http(s), trailing slashes dropped) and `token_url` (optional,
/// http(s); by default `base_url` + `default_token_path`) from `custom`, then finishes it so
/// that any other key is a problem. `service` names the API in the hints ("HubSpot").
inline ServiceEndpoints read_service_endpoints(ConfigReader& custom, std::string_view service,
                                               std::string_view default_token_path) {
    ServiceEndpoints endpoints;
    endpoints.api_base_url = without_trailing_slashes(
        custom.required<std::string>("base_url", "the URL the " + std::string(service) + " API is served at"));
    const auto token_url = custom.optional<std::string>(
        "token_url", "the OAuth token endpoint (default: <base_url>" + std::string(default_token_path) + ")");
    custom.finish();
    if (!endpoints.api_base_url.empty() && !is_http_url(endpoints.api_base_url)) {
        custom.problems().add(custom.path_of("base_url"),
                              "\"" + endpoints.api_base_url + "\" is not an http(s) URL; write it as http://host:port.");
    }
    endpoints.token_url = token_url ? *token_url : endpoints.api_base_url + std::string(default_token_path);
    if (token_url && !is_http_url(*token_url)) {
        custom.problems().add(custom.path_of("token_url"), "\"" + *token_url + "\" is not an http(s) URL.");
    }
    return endpoints;
}

}  // namespace ledgersync::sdk
