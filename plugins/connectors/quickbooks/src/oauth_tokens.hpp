#pragma once
/// The connection's OAuth 2.0 tokens (reference/qbo.md §3): the access token (one hour) and the
/// refresh token (rotated by Intuit, roughly daily), both kept encrypted in the host's state
/// service so that a restart neither refreshes needlessly nor loses a rotated refresh token.
///
/// - An access token is refreshed 5 minutes before it expires (a quarter of its lifetime when
///   that is shorter), or once after the API refused it.
/// - One refresh at a time (a mutex), and a thread that waited reuses what the refresh gave.
/// - The rotated refresh token is stored before the new access token is used: a crash right
///   after the refresh never leaves the connection with only the superseded token.
/// - invalid_grant: the state is read again once (another process may have rotated the token
///   meanwhile) and the refresh retried with what it holds; otherwise an auth outcome.
/// - The refresh_token of the configuration seeds the state; a different one in the
///   configuration (a reconnect) replaces the stored one.

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

#include <ledgersync/sdk/host_services.hpp>

#include "config.hpp"

namespace ledgersync::connectors::quickbooks {

/// What Intuit's token endpoint answered on success.
struct TokenResponse {
    std::string access_token;
    std::string refresh_token;
    std::int64_t expires_in_seconds = 3600;
    /// x_refresh_token_expires_in; 0 when absent.
    std::int64_t refresh_expires_in_seconds = 0;
    /// x_refresh_token_hard_expires_in (the 5-year limit); 0 when absent.
    std::int64_t refresh_hard_expires_in_seconds = 0;
};

/// Reads a token endpoint success body; throws std::invalid_argument naming what is missing.
TokenResponse parse_token_response(std::string_view body);

/// The `error` of a token endpoint failure body ({"error": "invalid_grant"}), or "".
std::string token_error(std::string_view body);

class OAuthTokens {
public:
    /// Refresh this long before the access token expires (a quarter of its lifetime when that
    /// is shorter, for short-lived tokens).
    static constexpr std::chrono::minutes kRefreshMargin{5};

    OAuthTokens(sdk::HostServices host, const QboConfig& config);

    /// A valid access token: kept in memory, else the stored one, else a fresh one. Throws
    /// sdk::Error: auth when QBO refuses the refresh token or the client, transient or
    /// rate_limited when the token endpoint is unavailable.
    std::string access_token();

    /// After the API refused `rejected` (401 / 3200): a new access token, refreshed unless
    /// another thread already replaced `rejected`. Throws like access_token().
    std::string refresh_after_rejection(const std::string& rejected);

private:
    struct StoredRefreshToken {
        std::string token;
        /// SHA-256 of the configured refresh_token it descends from.
        std::string seed;
    };

    bool cached_is_fresh() const;
    std::optional<StoredRefreshToken> stored_refresh_token() const;
    /// The refresh token to use now: the stored one unless the configuration changed.
    std::string current_refresh_token() const;
    /// Refreshes with the token endpoint; mutex_ held.
    void refresh_locked();
    sdk::HttpResponse post_refresh(const std::string& refresh_token) const;
    void store(const TokenResponse& tokens);

    sdk::HostServices host_;
    const QboConfig& config_;
    std::string config_seed_;
    std::mutex mutex_;
    std::string access_token_;
    std::int64_t expires_at_ms_ = 0;
    std::int64_t lifetime_ms_ = 3'600'000;
    bool loaded_from_state_ = false;
};

}  // namespace ledgersync::connectors::quickbooks
