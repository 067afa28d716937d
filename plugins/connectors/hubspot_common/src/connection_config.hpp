#pragma once
/// The configuration keys every HubSpot plugin has (hubspot, hubspot_payments): where the API is,
/// the credentials (a private app's token or an OAuth app's keys), the webhook secret and target
/// URL, sync_from and limits. Each plugin reads these with HubSpotConnectionConfig::read, then its
/// own keys, then finishes the reader: unknown keys are refused by each plugin's own reader.

#include <cstdint>
#include <optional>
#include <string>

#include <ledgersync/sdk/config_reader.hpp>

namespace ledgersync::connectors::hubspot {

/// How the connector authenticates: a private app's static token, or an OAuth app's refresh
/// token (access tokens live 30 minutes and are refreshed through the token endpoint).
enum class AuthMode { private_app, oauth };

struct HubSpotEndpoints {
    /// "production" or "custom".
    std::string environment;
    /// https://api.hubapi.com (no trailing slash).
    std::string api_base_url;
    /// https://api.hubapi.com/oauth/v1/token
    std::string token_url;
};

/// Limits of the connector's own making; request budgets are the host's (the manifest).
struct HubSpotLimits {
    /// Objects per list page and per batch call (HubSpot allows 100).
    std::int64_t page_size = 100;
    /// Deadline of each API request, in seconds.
    std::int64_t request_timeout_seconds = 60;
    /// Results per search page (HubSpot allows 200).
    std::int64_t search_page_size = 200;
    /// How late HubSpot's search index may show a change, in seconds: once per this time a poll
    /// searches this far before the last change seen again (the host drops what it has).
    std::int64_t poll_overlap_seconds = 300;
    /// How many times one call is sent again after 429, 423 or 477 before the outcome is
    /// handed to the host (the host's budgets make each retry wait).
    std::int64_t throttle_retries = 4;
};

struct HubSpotConnectionConfig {
    HubSpotEndpoints endpoints;
    AuthMode auth = AuthMode::private_app;
    /// Private app: its access token (pat-...).
    std::string private_app_token;
    /// OAuth app: its client id and secret, and the first refresh token of the connection.
    std::string client_id;
    std::string client_secret;
    std::string refresh_token;
    /// The secret webhooks are signed with (the app's client secret); empty: webhooks refused.
    std::string webhook_secret;
    /// The target URL configured for the app's webhooks, exactly as HubSpot calls it: the
    /// signature covers it. Empty: the request's own path is used.
    std::string webhook_target_url;
    /// First instant read on a first sync, epoch ms; nullopt: everything.
    std::optional<std::int64_t> sync_from_ms;
    HubSpotLimits limits;

    /// Reads the connection's keys from `cfg` (problems go to its problem list) and checks the
    /// credentials; does not finish `cfg`: the plugin reads its own keys first.
    static void read(sdk::ConfigReader& cfg, HubSpotConnectionConfig& into);
};

}  // namespace ledgersync::connectors::hubspot
