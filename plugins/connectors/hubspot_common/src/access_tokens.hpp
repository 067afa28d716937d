#pragma once
/// The bearer token of every HubSpot call (reference/hubspot.md §2.12).
///
/// - A private app's token is static: used as configured, never refreshed.
/// - An OAuth app's access token lives 30 minutes (expires_in 1800). It is refreshed with the
///   refresh_token grant 5 minutes before it expires (a quarter of its lifetime when shorter),
///   or once after HubSpot answered 401 with it.
/// - One refresh at a time for the whole connection, whatever the number of workers: callers
///   wait on a mutex, and those that waited use the token the refresh gave.
/// - Tokens are kept encrypted in the host's state service (Sensitivity::secret): a restart
///   reuses a valid access token, and a refresh token HubSpot rotated is stored before the new
///   access token is used. A different refresh_token in the configuration (a reinstall) wins
///   over the stored one.

#include <cstdint>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include <ledgersync/sdk/host_services.hpp>

#include "connection_config.hpp"

namespace ledgersync::connectors::hubspot {

/// What the token endpoint answered on success.
struct GrantedTokens {
    std::string access_token;
    std::string refresh_token;
    std::int64_t expires_in_seconds = 1800;
    /// The scopes the token was granted, when the answer lists them (HubSpot's does).
    std::optional<std::set<std::string>> scopes;
};

/// Reads a token endpoint success body; throws std::invalid_argument naming what is missing.
GrantedTokens parse_granted_tokens(std::string_view body);

class AccessTokens {
public:
    AccessTokens(sdk::HostServices host, const HubSpotConnectionConfig& config);

    /// The token to send now. Throws sdk::Error: auth when HubSpot refuses the refresh token or
    /// the app's credentials, transient or rate_limited when the token endpoint is unavailable.
    std::string current();

    /// The scopes the current OAuth access token was granted, as the token endpoint listed them
    /// (kept with the tokens); nullopt for a private app, or when the answer listed none. Call
    /// after current(). Read from here rather than from GET /oauth/v1/access-tokens/{token},
    /// which would put the token in a URL.
    std::optional<std::set<std::string>> granted_scopes();

    /// After HubSpot refused `rejected` with 401: a fresh token, unless another thread already
    /// replaced it. A private app's token cannot be refreshed: nullopt.
    std::optional<std::string> after_rejection(const std::string& rejected);

private:
    bool fresh() const;
    void load_stored();
    std::string refresh_token_to_use() const;
    void refresh();
    void keep(const GrantedTokens& tokens);

    sdk::HostServices host_;
    const HubSpotConnectionConfig& config_;
    /// SHA-256 of the configured refresh token: which configuration stored tokens descend from.
    std::string config_seed_;
    std::mutex mutex_;
    bool loaded_ = false;
    std::optional<std::set<std::string>> scopes_;
    std::string access_token_;
    std::int64_t expires_at_ms_ = 0;
    std::int64_t lifetime_ms_ = 1'800'000;
};

}  // namespace ledgersync::connectors::hubspot
