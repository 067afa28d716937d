#pragma once
/// HubSpot authentication as the sandbox serves it (hubspot.md §2.12): apps with a client id,
/// secret and scopes; the authorize endpoint (auto-approved, no browser); the token endpoint
/// (v1 and v3 paths) with the authorization_code and refresh_token grants (access tokens live
/// 1800 s; refresh tokens do not expire and keep working, as HubSpot's do); token metadata and
/// refresh-token deletion; private-app static tokens ("pat-na1-...") that never expire. Every
/// API call's bearer token resolves to a Caller: account, app, scopes. Expiry is on the sandbox
/// clock.

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/http_message.hpp"

namespace ledgersync::sandbox::hubspot {

struct App {
    std::string app_id;
    std::string client_id;
    std::string client_secret;
    std::vector<std::string> scopes;         ///< what the app may ask for
    std::vector<std::string> redirect_uris;  ///< empty: any
};

/// Who makes an API call.
struct Caller {
    std::string portal_id;
    std::string app_id;
    std::set<std::string> scopes;
    bool oauth = false;  ///< OAuth access token (no daily-limit headers) vs static token
};

/// The outcome of checking an Authorization header.
struct AuthCheck {
    std::optional<Caller> caller;
    std::string category;  ///< INVALID_AUTHENTICATION, EXPIRED_AUTHENTICATION
    std::string message;
};

class AuthServer {
public:
    static constexpr const char* kDefaultAppId = "2000001";
    static constexpr const char* kDefaultClientId = "ledgersync-hubspot-client";
    static constexpr const char* kDefaultClientSecret = "ledgersync-hubspot-secret";

    AuthServer();

    /// GET /oauth/authorize: 302 to redirect_uri?code=..&state=.. for `portal_id`.
    HttpResponse authorize(const HttpRequest& request, const std::string& portal_id,
                           std::int64_t now_ms);
    /// POST /oauth/v1/token and /oauth/v3/token (form-encoded).
    HttpResponse token(const HttpRequest& request, std::int64_t now_ms);
    /// GET /oauth/v1/access-tokens/{token}.
    HttpResponse access_token_info(const std::string& token, std::int64_t now_ms) const;
    /// POST /oauth/v2/private-apps/get/access-token-info with {"tokenKey": "<token>"}:
    /// {userId, hubId, appId, scopes} of a private app's token; 401 for an unknown token.
    HttpResponse private_app_token_info(const HttpRequest& request) const;
    /// GET and DELETE /oauth/v1/refresh-tokens/{token}.
    HttpResponse refresh_token_info(const std::string& token) const;
    HttpResponse delete_refresh_token(const std::string& token);

    AuthCheck check(const std::string& authorization_header, std::int64_t now_ms) const;
    /// The caller a header names, without checking expiry (for request logs).
    std::optional<Caller> peek(const std::string& authorization_header) const;

    // Control plane.
    void add_app(App app);
    std::optional<App> app(const std::string& app_id) const;
    std::vector<App> apps() const;
    /// The apps with a grant or static token in `portal_id` (webhook recipients).
    std::vector<std::string> installed_apps(const std::string& portal_id) const;
    /// Installs `app_id` in `portal_id` (as the seed does for the default app).
    void install(const std::string& portal_id, const std::string& app_id);
    nlohmann::json mint(const std::string& portal_id, const std::string& app_id,
                        const std::vector<std::string>& scopes, std::int64_t now_ms);
    std::string issue_code(const std::string& portal_id, const std::string& app_id,
                           const std::vector<std::string>& scopes, const std::string& redirect_uri,
                           std::int64_t now_ms);
    std::string static_token(const std::string& portal_id, const std::vector<std::string>& scopes);
    /// {"access_token_ttl_s": 1800}; throws std::invalid_argument.
    void configure(const nlohmann::json& settings);
    nlohmann::json to_json() const;
    void reset();

    /// Every scope the emulator checks (the default app's scopes).
    static std::vector<std::string> all_scopes();

private:
    struct Grant {
        std::string portal_id;
        std::string app_id;
        std::vector<std::string> scopes;
        bool revoked = false;
    };
    struct AccessToken {
        std::string grant_id;
        std::int64_t expires_ms = 0;
    };
    struct Code {
        std::string grant_id;
        std::string redirect_uri;
        std::int64_t expires_ms = 0;
        bool used = false;
    };
    struct StaticToken {
        std::string portal_id;
        std::string app_id;
        std::vector<std::string> scopes;
    };

    nlohmann::json issue(const std::string& grant_id, const std::string& refresh_token,
                         std::int64_t now_ms);
    /// GET .../access-tokens/{t} and .../refresh-tokens/{t} bodies share these members.
    static nlohmann::json token_metadata(const Grant& grant, const std::string& token,
                                         const char* token_type);
    static HttpResponse oauth_error(const std::string& status, const std::string& message);

    mutable std::mutex mutex_;
    std::int64_t access_token_ttl_s_ = 1800;
    std::map<std::string, App> apps_;
    std::map<std::string, Grant> grants_;
    std::map<std::string, std::string> refresh_tokens_;  // token -> grant id
    std::map<std::string, AccessToken> access_tokens_;
    std::map<std::string, Code> codes_;
    std::map<std::string, StaticToken> static_tokens_;
    std::map<std::string, std::set<std::string>> installs_;  // portal -> app ids
    std::uint64_t next_app_id_ = 2000002;
};

}  // namespace ledgersync::sandbox::hubspot
