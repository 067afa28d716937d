#include "oauth_tokens.hpp"

#include <algorithm>
#include <stdexcept>

#include <ledgersync/sdk/crypto.hpp>
#include <ledgersync/sdk/encoding.hpp>
#include <ledgersync/sdk/json.hpp>
#include <ledgersync/sdk/oauth_token_response.hpp>

#include "faults.hpp"

namespace ledgersync::connectors::quickbooks {

namespace {

using nlohmann::json;

constexpr const char* kAccessTokenKey = "oauth/access_token";
constexpr const char* kRefreshTokenKey = "oauth/refresh_token";
constexpr const char* kReconnect =
    "reconnect the app: run Intuit's OAuth consent again (or the OAuth 2.0 Playground for your app), put the new "
    "refresh token in the connection's refresh_token, then resume the connection";

std::int64_t now_ms(const sdk::HostServices& host) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(host.now().time_since_epoch()).count();
}

}  // namespace

TokenResponse parse_token_response(std::string_view body) {
    const auto answer = sdk::OAuthTokenResponse::parse(body);
    // Intuit always rotates or repeats the refresh token; an answer without one is broken.
    if (answer.refresh_token().empty()) throw std::invalid_argument("the token endpoint's answer has no refresh_token");
    TokenResponse tokens;
    tokens.access_token = answer.access_token();
    tokens.refresh_token = answer.refresh_token();
    tokens.expires_in_seconds = answer.seconds("expires_in", 3600);
    tokens.refresh_expires_in_seconds = answer.seconds("x_refresh_token_expires_in", 0);
    tokens.refresh_hard_expires_in_seconds = answer.seconds("x_refresh_token_hard_expires_in", 0);
    return tokens;
}

std::string token_error(std::string_view body) {
    try {
        const json document = sdk::parse_json_exact(body);
        if (document.is_object() && document.contains("error") && document["error"].is_string()) {
            return document["error"].get<std::string>();
        }
    } catch (const sdk::JsonParseError&) {
    }
    return {};
}

OAuthTokens::OAuthTokens(sdk::HostServices host, const QboConfig& config)
    : host_(host), config_(config), config_seed_(config.refresh_token.empty() ? "" : sdk::hex_encode(sdk::sha256(config.refresh_token))) {}

bool OAuthTokens::cached_is_fresh() const {
    const std::int64_t margin = std::min<std::int64_t>(std::chrono::milliseconds(kRefreshMargin).count(), lifetime_ms_ / 4);
    return !access_token_.empty() && now_ms(host_) < expires_at_ms_ - margin;
}

std::optional<OAuthTokens::StoredRefreshToken> OAuthTokens::stored_refresh_token() const {
    const auto text = host_.state_get(kRefreshTokenKey);
    if (!text) return std::nullopt;
    try {
        const json stored = sdk::parse_json_exact(*text);
        return StoredRefreshToken{stored.value("refresh_token", std::string{}), stored.value("seed", std::string{})};
    } catch (const std::exception&) {
        host_.log(sdk::LogLevel::warning, "the stored QuickBooks refresh token is unreadable; using the configured one");
        return std::nullopt;
    }
}

std::string OAuthTokens::current_refresh_token() const {
    const auto stored = stored_refresh_token();
    // The stored token descends from the configured one unless the operator put a new one in
    // the configuration (a reconnect): then the configuration wins.
    if (stored && !stored->token.empty() && (config_seed_.empty() || stored->seed == config_seed_)) return stored->token;
    if (!config_.refresh_token.empty()) return config_.refresh_token;
    throw sdk::Error(sdk::Outcome::auth("QuickBooks has no refresh token for this connection: the configuration sets no "
                                        "refresh_token and none is stored",
                                        kReconnect));
}

std::string OAuthTokens::access_token() {
    std::lock_guard lock(mutex_);
    if (cached_is_fresh()) return access_token_;
    if (!loaded_from_state_) {
        loaded_from_state_ = true;
        if (const auto text = host_.state_get(kAccessTokenKey)) {
            try {
                const json stored = sdk::parse_json_exact(*text);
                access_token_ = stored.value("access_token", std::string{});
                expires_at_ms_ = stored.value("expires_at_ms", std::int64_t{0});
                lifetime_ms_ = stored.value("lifetime_ms", lifetime_ms_);
                // A stored access token belongs to the refresh token it came with; after a
                // reconnect it is not used.
                if (stored.value("seed", std::string{}) != config_seed_) access_token_.clear();
            } catch (const std::exception&) {
                access_token_.clear();
            }
            if (cached_is_fresh()) return access_token_;
        }
    }
    refresh_locked();
    return access_token_;
}

std::string OAuthTokens::refresh_after_rejection(const std::string& rejected) {
    std::lock_guard lock(mutex_);
    if (access_token_ != rejected && cached_is_fresh()) return access_token_;  // another thread refreshed it
    refresh_locked();
    return access_token_;
}

sdk::HttpResponse OAuthTokens::post_refresh(const std::string& refresh_token) const {
    sdk::HttpRequest request;
    request.method = "POST";
    request.url = config_.endpoints.token_url;
    request.headers = {{"Authorization", "Basic " + sdk::base64_encode(config_.client_id + ":" + config_.client_secret)},
                       {"Content-Type", "application/x-www-form-urlencoded"},
                       {"Accept", "application/json"},
                       {"x-include-refresh-token-hard-expires-in", "true"}};
    request.body = "grant_type=refresh_token&refresh_token=" + sdk::form_urlencode(refresh_token);
    request.timeout = std::chrono::seconds(config_.limits.request_timeout_seconds);
    return host_.http(request);
}

void OAuthTokens::store(const TokenResponse& tokens) {
    const std::int64_t now = now_ms(host_);
    json refresh{{"refresh_token", tokens.refresh_token}, {"seed", config_seed_}, {"stored_at_ms", now}};
    if (tokens.refresh_expires_in_seconds > 0) refresh["expires_at_ms"] = now + tokens.refresh_expires_in_seconds * 1000;
    if (tokens.refresh_hard_expires_in_seconds > 0) {
        refresh["hard_expires_at_ms"] = now + tokens.refresh_hard_expires_in_seconds * 1000;
    }
    // The rotated refresh token first: the superseded one may stop working once this one is used.
    host_.state_put(kRefreshTokenKey, refresh.dump(), sdk::Sensitivity::secret);
    const std::int64_t expires_at = now + tokens.expires_in_seconds * 1000;
    host_.state_put(kAccessTokenKey,
                    json{{"access_token", tokens.access_token},
                         {"expires_at_ms", expires_at},
                         {"lifetime_ms", tokens.expires_in_seconds * 1000},
                         {"seed", config_seed_}}
                        .dump(),
                    sdk::Sensitivity::secret);
    access_token_ = tokens.access_token;
    expires_at_ms_ = expires_at;
    lifetime_ms_ = tokens.expires_in_seconds * 1000;
    if (tokens.refresh_hard_expires_in_seconds > 0) {
        host_.gauge("qbo_refresh_token_hard_expiry_seconds", tokens.refresh_hard_expires_in_seconds);
        if (tokens.refresh_hard_expires_in_seconds < 30 * 24 * 3600) {
            host_.log(sdk::LogLevel::warning,
                      "the QuickBooks connection's authorization ends for good in " +
                          std::to_string(tokens.refresh_hard_expires_in_seconds / 86400) +
                          " days (Intuit's 5-year limit); reconnect the app before then");
        }
    }
}

void OAuthTokens::refresh_locked() {
    std::string refresh_token = current_refresh_token();
    sdk::HttpResponse response = post_refresh(refresh_token);
    if (response.status == 400 && token_error(response.body) == "invalid_grant") {
        // Another process may have rotated the token since we read it: read the state again.
        const std::string again = current_refresh_token();
        if (again != refresh_token) {
            host_.log(sdk::LogLevel::info, "the QuickBooks refresh token was rotated elsewhere; retrying with the stored one");
            refresh_token = again;
            response = post_refresh(refresh_token);
        }
    }
    if (response.status >= 200 && response.status < 300) {
        TokenResponse tokens;
        try {
            tokens = parse_token_response(response.body);
        } catch (const std::invalid_argument& e) {
            throw sdk::Error(sdk::Outcome::transient(std::string("refreshing the QuickBooks access token failed: ") + e.what()));
        }
        store(tokens);
        host_.count("qbo_token_refreshes_total", 1, "result=ok");
        host_.log(sdk::LogLevel::info, "refreshed the QuickBooks access token");
        return;
    }
    const std::string error = token_error(response.body);
    host_.count("qbo_token_refreshes_total", 1, "result=" + (error.empty() ? std::to_string(response.status) : error));
    if (error == "invalid_grant") {
        throw sdk::Error(sdk::Outcome::auth("QuickBooks refused the refresh token (invalid_grant): it was revoked, "
                                            "expired (100 days unused, or superseded more than 24 hours ago) or "
                                            "belongs to another app",
                                            kReconnect));
    }
    if (error == "invalid_client" || response.status == 401) {
        throw sdk::Error(sdk::Outcome::auth("QuickBooks refused the app's credentials (" +
                                                (error.empty() ? "HTTP 401" : error) + ") while refreshing the access token",
                                            "check client_id and client_secret against the Keys & credentials page of the "
                                            "Intuit app (Production keys for production, Development keys for sandbox "
                                            "companies), then resume the connection"));
    }
    if (response.status == 429) {
        throw sdk::Error(sdk::Outcome::rate_limited(response.retry_after.count() > 0 ? response.retry_after : kDefaultThrottleWait,
                                                    "Intuit's token endpoint is throttling refreshes; the host waits"));
    }
    if (response.status >= 500 || response.status == 408) {
        throw sdk::Error(sdk::Outcome::transient("Intuit's token endpoint is unavailable (HTTP " + std::to_string(response.status) +
                                                 "); the host retries"));
    }
    throw sdk::Error(sdk::Outcome::auth("QuickBooks refused to refresh the access token (HTTP " + std::to_string(response.status) +
                                            (error.empty() ? std::string() : ", " + error) + ")",
                                        kReconnect));
}

}  // namespace ledgersync::connectors::quickbooks
