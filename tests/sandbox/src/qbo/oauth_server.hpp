#pragma once
/// Intuit's OAuth 2.0 as the sandbox serves it (reference/qbo.md §3): the authorization
/// endpoint (auto-approved, no browser), the token endpoint with the authorization_code and
/// refresh_token grants, refresh-token rotation, revocation, and the check of every /v3 call's
/// bearer token. All expiry is on the sandbox clock.

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/http_message.hpp"

namespace ledgersync::sandbox::qbo {

struct OAuthClient {
    std::string client_id;
    std::string client_secret;
    std::vector<std::string> redirect_uris;  ///< empty: any redirect URI is accepted
};

struct OAuthSettings {
    std::int64_t access_token_ttl_s = 3600;
    std::int64_t refresh_token_ttl_s = 8'726'400;  ///< 101 days, rolling (Intuit docs' value)
    std::int64_t refresh_token_hard_ttl_s = 5LL * 365 * 86'400;  ///< 5-year hard expiry
    /// A refresh returns a new refresh token when the current one is at least this old, and
    /// the same one otherwise: Intuit changes the value about once a day (reference/qbo.md §3).
    /// 0 rotates on every refresh.
    std::int64_t rotate_refresh_after_s = 86'400;
    /// A superseded refresh token keeps working this long after its successor was issued,
    /// used or not ("previous refresh tokens expire 24 hours after you receive a new one").
    std::int64_t superseded_refresh_grace_s = 86'400;
    std::int64_t authorization_code_ttl_s = 300;
};

/// The outcome of checking a bearer token.
struct TokenCheck {
    bool valid = false;
    bool wrong_realm = false;
    std::string detail;  ///< why not, for the 3200 fault
};

class OAuthServer {
public:
    static constexpr const char* kDefaultClientId = "ledgersync-sandbox-client";
    static constexpr const char* kDefaultClientSecret = "ledgersync-sandbox-secret";
    static constexpr const char* kAccountingScope = "com.intuit.quickbooks.accounting";

    OAuthServer();

    /// GET /connect/oauth2: 302 to redirect_uri with code, state and realmId. `realm_for_consent`
    /// is the company the (imaginary) user picks when the request names none.
    HttpResponse authorize(const HttpRequest& request, const std::string& realm_for_consent,
                           std::int64_t now_ms);
    /// POST /oauth2/v1/tokens/bearer.
    HttpResponse token(const HttpRequest& request, std::int64_t now_ms);
    /// POST /v2/oauth2/tokens/revoke.
    HttpResponse revoke(const HttpRequest& request);
    /// Checks "Authorization: Bearer ..." for a call to company `realm_id`.
    TokenCheck check_bearer(const std::string& authorization_header, const std::string& realm_id,
                            std::int64_t now_ms) const;

    // Control plane.
    void add_client(OAuthClient client);
    /// An authorization code for `realm_id`, as the consent redirect would carry.
    std::string issue_code(const std::string& client_id, const std::string& realm_id,
                           const std::string& redirect_uri, std::int64_t now_ms);
    /// A fresh token pair for `realm_id` without the code dance: the token response body.
    nlohmann::json mint(const std::string& client_id, const std::string& realm_id,
                        std::int64_t now_ms);
    /// Members of OAuthSettings by name; throws std::invalid_argument.
    void configure(const nlohmann::json& settings);
    nlohmann::json to_json() const;
    void reset();

private:
    struct Grant {
        std::string client_id;
        std::string realm_id;
        bool revoked = false;
        std::int64_t hard_expiry_ms = 0;
        std::string current_refresh;
        std::int64_t current_refresh_issued_ms = 0;
    };
    struct AccessToken {
        std::string grant_id;
        std::int64_t expires_ms = 0;
    };
    struct RefreshToken {
        std::string grant_id;
        std::int64_t expires_ms = 0;  ///< fixed when issued: reuse does not extend it
        std::int64_t superseded_ms = 0;  ///< 0 while it is the grant's current token
    };
    struct AuthorizationCode {
        std::string client_id;
        std::string realm_id;
        std::string redirect_uri;
        std::int64_t expires_ms = 0;
        bool used = false;
    };

    const OAuthClient* authenticate_client(const HttpRequest& request,
                                           const ParameterMap& form) const;
    nlohmann::json issue_tokens(const std::string& grant_id, bool rotate_refresh,
                                bool include_hard_expiry, std::int64_t now_ms);
    std::string new_grant(const std::string& client_id, const std::string& realm_id,
                          std::int64_t now_ms);

    mutable std::mutex mutex_;
    OAuthSettings settings_;
    std::map<std::string, OAuthClient> clients_;
    std::map<std::string, Grant> grants_;
    std::map<std::string, AccessToken> access_tokens_;
    std::map<std::string, RefreshToken> refresh_tokens_;
    std::map<std::string, AuthorizationCode> codes_;
};

}  // namespace ledgersync::sandbox::qbo
