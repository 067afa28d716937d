#include "access_tokens.hpp"

#include <algorithm>
#include <chrono>
#include <stdexcept>

#include <ledgersync/sdk/crypto.hpp>
#include <ledgersync/sdk/encoding.hpp>
#include <ledgersync/sdk/json.hpp>
#include <ledgersync/sdk/oauth_token_response.hpp>

#include "access_check.hpp"
#include "hubspot_errors.hpp"

namespace ledgersync::connectors::hubspot {

namespace {

using nlohmann::json;

constexpr const char* kTokensKey = "oauth/tokens";
constexpr std::int64_t kRefreshMarginMs = 5 * 60 * 1000;
constexpr const char* kReinstall =
    "re-authorize the app (install it again on the account), put the new refresh token in the connection's "
    "refresh_token, then resume the connection";

std::int64_t now_ms(const sdk::HostServices& host) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(host.now().time_since_epoch()).count();
}

}  // namespace

GrantedTokens parse_granted_tokens(std::string_view body) {
    const auto answer = sdk::OAuthTokenResponse::parse(body);
    GrantedTokens tokens;
    tokens.access_token = answer.access_token();
    tokens.refresh_token = answer.refresh_token();
    tokens.expires_in_seconds = answer.seconds("expires_in", tokens.expires_in_seconds);
    tokens.scopes = parse_granted_scopes(std::string(body));
    return tokens;
}

AccessTokens::AccessTokens(sdk::HostServices host, const HubSpotConnectionConfig& config)
    : host_(host),
      config_(config),
      config_seed_(config.refresh_token.empty() ? std::string() : sdk::hex_encode(sdk::sha256(config.refresh_token))) {}

bool AccessTokens::fresh() const {
    const std::int64_t margin = std::min(kRefreshMarginMs, lifetime_ms_ / 4);
    return !access_token_.empty() && now_ms(host_) < expires_at_ms_ - margin;
}

void AccessTokens::load_stored() {
    if (loaded_) return;
    loaded_ = true;
    const auto text = host_.state_get(kTokensKey);
    if (!text) return;
    try {
        const json stored = sdk::parse_json_exact(*text);
        // Tokens stored for another refresh token (before a reinstall) are not used.
        if (stored.value("seed", std::string{}) != config_seed_) return;
        access_token_ = stored.value("access_token", std::string{});
        expires_at_ms_ = stored.value("expires_at_ms", std::int64_t{0});
        lifetime_ms_ = stored.value("lifetime_ms", lifetime_ms_);
        if (stored.contains("scopes")) scopes_ = parse_granted_scopes(stored.dump());
    } catch (const std::exception&) {
        host_.log(sdk::LogLevel::warning, "the stored HubSpot tokens are unreadable; refreshing from the configured refresh token");
        access_token_.clear();
    }
}

std::string AccessTokens::refresh_token_to_use() const {
    if (const auto text = host_.state_get(kTokensKey)) {
        try {
            const json stored = sdk::parse_json_exact(*text);
            const std::string token = stored.value("refresh_token", std::string{});
            if (!token.empty() && stored.value("seed", std::string{}) == config_seed_) return token;
        } catch (const std::exception&) {
        }
    }
    return config_.refresh_token;
}

void AccessTokens::keep(const GrantedTokens& tokens) {
    const std::int64_t now = now_ms(host_);
    const std::int64_t lifetime = tokens.expires_in_seconds * 1000;
    const std::string refresh_token = tokens.refresh_token.empty() ? refresh_token_to_use() : tokens.refresh_token;
    // Stored before the new access token is used: a rotated refresh token is never lost.
    json stored = {{"access_token", tokens.access_token},
                   {"refresh_token", refresh_token},
                   {"expires_at_ms", now + lifetime},
                   {"lifetime_ms", lifetime},
                   {"seed", config_seed_}};
    if (tokens.scopes) stored["scopes"] = *tokens.scopes;
    host_.state_put(kTokensKey, stored.dump(), sdk::Sensitivity::secret);
    scopes_ = tokens.scopes;
    access_token_ = tokens.access_token;
    expires_at_ms_ = now + lifetime;
    lifetime_ms_ = lifetime;
}

void AccessTokens::refresh() {
    sdk::HttpRequest request;
    request.method = "POST";
    request.url = config_.endpoints.token_url;
    request.headers = {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "application/json"}};
    request.body = "grant_type=refresh_token&client_id=" + sdk::form_urlencode(config_.client_id) +
                   "&client_secret=" + sdk::form_urlencode(config_.client_secret) +
                   "&refresh_token=" + sdk::form_urlencode(refresh_token_to_use());
    request.timeout = std::chrono::seconds(config_.limits.request_timeout_seconds);
    const sdk::HttpResponse response = host_.http(request);
    if (response.status >= 200 && response.status < 300) {
        try {
            keep(parse_granted_tokens(response.body));
        } catch (const std::invalid_argument& e) {
            throw sdk::Error(sdk::Outcome::transient(std::string("refreshing the HubSpot access token failed: ") + e.what()));
        }
        host_.count("hubspot_token_refreshes_total", 1, "result=ok");
        host_.log(sdk::LogLevel::info, "refreshed the HubSpot access token");
        return;
    }
    // The token endpoint answers {"status": "BAD_REFRESH_TOKEN", "message": ...}.
    std::string code;
    try {
        const json body = sdk::parse_json_exact(response.body);
        code = body.is_object() ? body.value("status", std::string{}) : std::string();
    } catch (const sdk::JsonParseError&) {
    }
    host_.count("hubspot_token_refreshes_total", 1, "result=" + (code.empty() ? std::to_string(response.status) : code));
    if (code == "BAD_REFRESH_TOKEN") {
        throw sdk::Error(sdk::Outcome::auth("HubSpot refused the refresh token (BAD_REFRESH_TOKEN): the app was uninstalled "
                                            "or the token revoked",
                                            kReinstall));
    }
    if (code == "BAD_CLIENT_ID" || code == "BAD_CLIENT_SECRET") {
        throw sdk::Error(sdk::Outcome::auth("HubSpot refused the app's credentials (" + code + ") while refreshing the access token",
                                            "check client_id and client_secret against the Auth tab of the HubSpot app, then "
                                            "resume the connection"));
    }
    if (response.status == 429 || response.status >= 500 || response.status == 408) {
        throw sdk::Error(classify_response(response.status, response.body, {"refreshing", "the access token"}, response.retry_after));
    }
    throw sdk::Error(sdk::Outcome::auth("HubSpot refused to refresh the access token (HTTP " + std::to_string(response.status) +
                                            (code.empty() ? std::string() : ", " + code) + ")",
                                        kReinstall));
}

std::string AccessTokens::current() {
    if (config_.auth == AuthMode::private_app) return config_.private_app_token;
    std::lock_guard lock(mutex_);
    load_stored();
    if (!fresh()) refresh();
    return access_token_;
}

std::optional<std::set<std::string>> AccessTokens::granted_scopes() {
    if (config_.auth == AuthMode::private_app) return std::nullopt;
    std::lock_guard lock(mutex_);
    return scopes_;
}

std::optional<std::string> AccessTokens::after_rejection(const std::string& rejected) {
    if (config_.auth == AuthMode::private_app) return std::nullopt;
    std::lock_guard lock(mutex_);
    if (access_token_ != rejected && fresh()) return access_token_;  // another worker refreshed it
    refresh();
    return access_token_;
}

}  // namespace ledgersync::connectors::hubspot
