#include "connection_config.hpp"

#include <ledgersync/sdk/config_instant.hpp>
#include <ledgersync/sdk/service_endpoints.hpp>

namespace ledgersync::connectors::hubspot {

namespace {

constexpr const char* kProductionApi = "https://api.hubapi.com";
constexpr const char* kTokenPath = "/oauth/v1/token";

HubSpotEndpoints read_environment(sdk::ConfigReader& cfg) {
    HubSpotEndpoints endpoints{"production", kProductionApi, std::string(kProductionApi) + kTokenPath};
    const nlohmann::json* value = cfg.raw("environment");
    if (value == nullptr) return endpoints;
    const std::string path = cfg.path_of("environment");
    if (value->is_string()) {
        if (value->get<std::string>() != "production") {
            cfg.problems().add(path, "\"" + value->get<std::string>() +
                                         "\" is not an environment; use \"production\" or {\"base_url\": \"http://127.0.0.1:PORT\"} "
                                         "for an emulator.");
        }
        return endpoints;
    }
    sdk::ConfigReader custom(*value, cfg.problems(), path);
    if (!value->is_object()) return endpoints;
    endpoints.environment = "custom";
    const auto service = sdk::read_service_endpoints(custom, "HubSpot", kTokenPath);
    endpoints.api_base_url = service.api_base_url;
    endpoints.token_url = service.token_url;
    return endpoints;
}

std::optional<std::int64_t> read_sync_from(sdk::ConfigReader& cfg) {
    const auto instant = sdk::read_config_instant(cfg, "sync_from");
    if (!instant) return std::nullopt;
    return instant->epoch_milliseconds();
}

HubSpotLimits read_limits(sdk::ConfigReader& cfg) {
    HubSpotLimits limits;
    const nlohmann::json* value = cfg.raw("limits");
    if (value == nullptr) return limits;
    sdk::ConfigReader r(*value, cfg.problems(), cfg.path_of("limits"));
    limits.page_size = r.integer_in("page_size", limits.page_size, 1, 100, "objects per list page and batch call");
    limits.search_page_size = r.integer_in("search_page_size", limits.search_page_size, 1, 200, "results per search page");
    limits.request_timeout_seconds =
        r.integer_in("request_timeout_seconds", limits.request_timeout_seconds, 5, 300, "a number of seconds");
    limits.poll_overlap_seconds = r.integer_in("poll_overlap_seconds", limits.poll_overlap_seconds, 0, 3600, "a number of seconds");
    limits.throttle_retries = r.integer_in("throttle_retries", limits.throttle_retries, 0, 20, "a number of retries");
    r.finish();
    return limits;
}

}  // namespace

void HubSpotConnectionConfig::read(sdk::ConfigReader& cfg, HubSpotConnectionConfig& c) {
    sdk::ConfigProblems& problems = cfg.problems();
    c.endpoints = read_environment(cfg);
    c.private_app_token = cfg.value_or<std::string>("private_app_token", "", "the access token of a private app (${env:HUBSPOT_TOKEN})");
    c.client_id = cfg.value_or<std::string>("client_id", "", "the Client ID of your HubSpot app");
    c.client_secret = cfg.value_or<std::string>("client_secret", "", "the Client secret of your HubSpot app (${env:...})");
    c.refresh_token = cfg.value_or<std::string>("refresh_token", "", "the first refresh token of the connection (${file:...})");
    c.webhook_secret = cfg.value_or<std::string>("webhook_secret", "", "the secret webhooks are signed with (the app's client secret)");
    c.webhook_target_url = cfg.value_or<std::string>("webhook_target_url", "", "the target URL of the app's webhooks, as HubSpot calls it");
    c.sync_from_ms = read_sync_from(cfg);
    c.limits = read_limits(cfg);

    const bool oauth = !c.client_id.empty() || !c.client_secret.empty() || !c.refresh_token.empty();
    if (!c.private_app_token.empty() && oauth) {
        problems.add(cfg.path_of("private_app_token"),
                     "give either private_app_token (a private app) or client_id, client_secret and refresh_token (an OAuth "
                     "app), not both.");
    } else if (!c.private_app_token.empty()) {
        c.auth = AuthMode::private_app;
    } else if (oauth) {
        c.auth = AuthMode::oauth;
        for (const auto& [key, value] : {std::pair<const char*, const std::string*>{"client_id", &c.client_id},
                                         {"client_secret", &c.client_secret},
                                         {"refresh_token", &c.refresh_token}}) {
            if (value->empty()) {
                problems.add(cfg.path_of(key), "required with OAuth; copy it from the Auth tab of your HubSpot app (the "
                                               "refresh token from the app's install).");
            }
        }
        if (c.webhook_secret.empty()) c.webhook_secret = c.client_secret;
    } else {
        problems.add("/private_app_token",
                     "no credentials: set private_app_token (a private app's access token) or client_id, client_secret "
                     "and refresh_token (an OAuth app).");
    }
    if (!c.webhook_target_url.empty() && !sdk::is_http_url(c.webhook_target_url)) {
        problems.add(cfg.path_of("webhook_target_url"), "\"" + c.webhook_target_url + "\" is not an http(s) URL.");
    }
}

}  // namespace ledgersync::connectors::hubspot
