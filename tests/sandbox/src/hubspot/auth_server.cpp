#include "hubspot/auth_server.hpp"

#include <algorithm>
#include <stdexcept>

#include <ledgersync/sdk/encoding.hpp>

#include "common/random_token.hpp"
#include "hubspot/hubspot_error.hpp"
#include "hubspot/hubspot_http.hpp"
#include "hubspot/object_types.hpp"

namespace ledgersync::sandbox::hubspot {

namespace {

constexpr std::int64_t kCodeTtlMs = 10 * 60 * 1000;
constexpr const char* kUserId = "7000001";

std::vector<std::string> split_scopes(const std::string& text) {
    std::vector<std::string> out;
    std::string current;
    for (const char c : text + " ") {
        if (c == ' ' || c == '+' || c == ',') {
            if (!current.empty())
                out.push_back(current);
            current.clear();
        } else {
            current.push_back(c);
        }
    }
    return out;
}

std::string bearer(const std::string& header) {
    if (header.size() > 7 && (header.rfind("Bearer ", 0) == 0 || header.rfind("bearer ", 0) == 0))
        return header.substr(7);
    return {};
}

std::string form_value(const ParameterMap& form, const char* name) {
    const auto it = form.find(name);
    return it == form.end() ? std::string() : it->second;
}

}  // namespace

std::vector<std::string> AuthServer::all_scopes() {
    std::set<std::string> scopes = {"oauth"};
    for (const auto& type : all_object_types()) {
        scopes.insert(type.read_scope);
        scopes.insert(type.write_scope);
    }
    return {scopes.begin(), scopes.end()};
}

AuthServer::AuthServer() {
    reset();
}

void AuthServer::reset() {
    std::lock_guard lock(mutex_);
    access_token_ttl_s_ = 1800;
    apps_.clear();
    grants_.clear();
    refresh_tokens_.clear();
    access_tokens_.clear();
    codes_.clear();
    static_tokens_.clear();
    installs_.clear();
    next_app_id_ = 2000002;
    apps_[kDefaultAppId] = {
        kDefaultAppId, kDefaultClientId, kDefaultClientSecret, all_scopes(), {}};
}

HttpResponse AuthServer::oauth_error(const std::string& status, const std::string& message) {
    return HttpResponse::json(
        400,
        nlohmann::json{{"status", status}, {"message", message}, {"correlationId", random_uuid()}}
            .dump());
}

nlohmann::json AuthServer::issue(const std::string& grant_id, const std::string& refresh_token,
                                 std::int64_t now_ms) {
    const Grant& grant = grants_.at(grant_id);
    const std::string access = "CN" + random_alphanumeric(20) + "-" + random_alphanumeric(60);
    access_tokens_[access] = {grant_id, now_ms + access_token_ttl_s_ * 1000};
    return {{"token_type", "bearer"},
            {"refresh_token", refresh_token},
            {"access_token", access},
            {"expires_in", access_token_ttl_s_},
            {"hub_id", std::stoll(grant.portal_id)},
            {"scopes", grant.scopes},
            {"user_id", std::stoll(kUserId)},
            {"token_use", "access_token"}};
}

HttpResponse AuthServer::authorize(const HttpRequest& request, const std::string& portal_id,
                                   std::int64_t now_ms) {
    const std::string client_id = request.query_param("client_id").value_or("");
    const std::string redirect = request.query_param("redirect_uri").value_or("");
    std::string app_id;
    {
        std::lock_guard lock(mutex_);
        for (const auto& [id, app] : apps_) {
            if (app.client_id == client_id)
                app_id = id;
        }
    }
    if (app_id.empty() || redirect.empty() || portal_id.empty()) {
        return HttpResponse::text(400, "Authorization failed: unknown client_id \"" + client_id +
                                           "\", no redirect_uri, or no account to install in");
    }
    std::vector<std::string> scopes = split_scopes(request.query_param("scope").value_or(""));
    for (const auto& s : split_scopes(request.query_param("optional_scope").value_or("")))
        scopes.push_back(s);
    const std::string code = issue_code(portal_id, app_id, scopes, redirect, now_ms);
    std::string location = redirect + (redirect.find('?') == std::string::npos ? "?" : "&") +
                           "code=" + sdk::percent_encode(code);
    if (const auto state = request.query_param("state"))
        location += "&state=" + sdk::percent_encode(*state);
    HttpResponse r = HttpResponse::text(302, "");
    r.headers["Location"] = location;
    return r;
}

std::string AuthServer::issue_code(const std::string& portal_id, const std::string& app_id,
                                   const std::vector<std::string>& scopes,
                                   const std::string& redirect_uri, std::int64_t now_ms) {
    std::lock_guard lock(mutex_);
    const std::string grant_id = random_uuid();
    grants_[grant_id] = {portal_id, app_id, scopes, false};
    const std::string code = random_uuid();
    codes_[code] = {grant_id, redirect_uri, now_ms + kCodeTtlMs, false};
    return code;
}

HttpResponse AuthServer::token(const HttpRequest& request, std::int64_t now_ms) {
    ParameterMap form = parse_url_encoded(request.body);
    // v3 also accepts the parameters in the query; v1 clients send a form body.
    for (const auto& [k, v] : request.query)
        form.emplace(k, v);
    const std::string grant_type = form_value(form, "grant_type");
    const std::string client_id = form_value(form, "client_id");
    std::lock_guard lock(mutex_);
    const App* app = nullptr;
    for (const auto& [id, candidate] : apps_) {
        if (candidate.client_id == client_id)
            app = &candidate;
    }
    if (app == nullptr)
        return oauth_error("BAD_CLIENT_ID", "missing or unknown client_id");
    if (form_value(form, "client_secret") != app->client_secret)
        return oauth_error("BAD_CLIENT_SECRET", "missing or invalid client_secret");
    if (grant_type == "authorization_code") {
        const auto it = codes_.find(form_value(form, "code"));
        if (it == codes_.end() || it->second.used || it->second.expires_ms < now_ms ||
            grants_.at(it->second.grant_id).app_id != app->app_id)
            return oauth_error("BAD_AUTH_CODE", "missing or invalid auth code");
        if (form_value(form, "redirect_uri") != it->second.redirect_uri)
            return oauth_error("BAD_REDIRECT_URI",
                               "redirect_uri does not match the one of the authorization");
        it->second.used = true;
        const std::string grant_id = it->second.grant_id;
        installs_[grants_.at(grant_id).portal_id].insert(app->app_id);
        const std::string refresh = "na1-" + random_hex(4) + "-" + random_uuid();
        refresh_tokens_[refresh] = grant_id;
        return HttpResponse::json(200, issue(grant_id, refresh, now_ms).dump());
    }
    if (grant_type == "refresh_token") {
        const std::string refresh = form_value(form, "refresh_token");
        const auto it = refresh_tokens_.find(refresh);
        if (it == refresh_tokens_.end() || grants_.at(it->second).revoked ||
            grants_.at(it->second).app_id != app->app_id)
            return oauth_error("BAD_REFRESH_TOKEN", "missing or invalid refresh token");
        // HubSpot refresh tokens do not rotate: the same one comes back and keeps working.
        return HttpResponse::json(200, issue(it->second, refresh, now_ms).dump());
    }
    return oauth_error("BAD_GRANT_TYPE", "grant_type must be authorization_code or refresh_token");
}

nlohmann::json AuthServer::token_metadata(const Grant& grant, const std::string& token,
                                          const char* token_type) {
    return {{"token", token},
            {"user", "sandbox-user@example.com"},
            {"hub_domain", "sandbox-" + grant.portal_id + ".hubspot.com"},
            {"scopes", grant.scopes},
            {"hub_id", std::stoll(grant.portal_id)},
            {"app_id", std::stoll(grant.app_id)},
            {"user_id", std::stoll(kUserId)},
            {"token_type", token_type}};
}

HttpResponse AuthServer::access_token_info(const std::string& token, std::int64_t now_ms) const {
    std::lock_guard lock(mutex_);
    const auto it = access_tokens_.find(token);
    if (it == access_tokens_.end() || it->second.expires_ms <= now_ms ||
        grants_.at(it->second.grant_id).revoked)
        return oauth_error("BAD_ACCESS_TOKEN", "missing, expired or invalid access token");
    nlohmann::json body = token_metadata(grants_.at(it->second.grant_id), token, "access");
    body["expires_in"] = (it->second.expires_ms - now_ms) / 1000;
    return HttpResponse::json(200, body.dump());
}

HttpResponse AuthServer::private_app_token_info(const HttpRequest& request) const {
    const nlohmann::json body = parse_body(request);
    if (!body.is_object() || !body.contains("tokenKey") || !body.at("tokenKey").is_string())
        throw HubSpotError(400, "VALIDATION_ERROR", "the body must be {\"tokenKey\": \"<token>\"}");
    std::lock_guard lock(mutex_);
    const auto it = static_tokens_.find(body.at("tokenKey").get<std::string>());
    if (it == static_tokens_.end())
        throw HubSpotError(401, "INVALID_AUTHENTICATION",
                           "The access token is not a valid private app access token.");
    return HttpResponse::json(200, nlohmann::json{{"userId", std::stoll(kUserId)},
                                                  {"hubId", std::stoll(it->second.portal_id)},
                                                  {"appId", std::stoll(it->second.app_id)},
                                                  {"scopes", it->second.scopes}}
                                       .dump());
}

HttpResponse AuthServer::refresh_token_info(const std::string& token) const {
    std::lock_guard lock(mutex_);
    const auto it = refresh_tokens_.find(token);
    if (it == refresh_tokens_.end() || grants_.at(it->second).revoked)
        return oauth_error("BAD_REFRESH_TOKEN", "missing or invalid refresh token");
    const Grant& grant = grants_.at(it->second);
    nlohmann::json body = token_metadata(grant, token, "refresh");
    body["client_id"] = apps_.at(grant.app_id).client_id;
    return HttpResponse::json(200, body.dump());
}

HttpResponse AuthServer::delete_refresh_token(const std::string& token) {
    std::lock_guard lock(mutex_);
    const auto it = refresh_tokens_.find(token);
    if (it == refresh_tokens_.end())
        return oauth_error("BAD_REFRESH_TOKEN", "missing or invalid refresh token");
    grants_.at(it->second).revoked = true;
    HttpResponse r = HttpResponse::json(204, "");
    r.content_type.clear();
    return r;
}

std::optional<Caller> AuthServer::peek(const std::string& authorization_header) const {
    const std::string token = bearer(authorization_header);
    std::lock_guard lock(mutex_);
    if (const auto it = static_tokens_.find(token); it != static_tokens_.end())
        return Caller{it->second.portal_id,
                      it->second.app_id,
                      {it->second.scopes.begin(), it->second.scopes.end()},
                      false};
    if (const auto it = access_tokens_.find(token); it != access_tokens_.end()) {
        const Grant& grant = grants_.at(it->second.grant_id);
        return Caller{
            grant.portal_id, grant.app_id, {grant.scopes.begin(), grant.scopes.end()}, true};
    }
    return std::nullopt;
}

AuthCheck AuthServer::check(const std::string& authorization_header, std::int64_t now_ms) const {
    AuthCheck out;
    const std::string token = bearer(authorization_header);
    if (token.empty()) {
        out.category = "INVALID_AUTHENTICATION";
        out.message =
            "Authentication credentials not found. This API supports OAuth 2.0 authentication "
            "and you can find more details at https://developers.hubspot.com/docs/methods/auth/"
            "oauth-overview";
        return out;
    }
    {
        std::lock_guard lock(mutex_);
        if (const auto it = access_tokens_.find(token); it != access_tokens_.end()) {
            if (grants_.at(it->second.grant_id).revoked) {
                out.category = "INVALID_AUTHENTICATION";
                out.message =
                    "The OAuth token used to make this call was revoked (its refresh "
                    "token was deleted).";
                return out;
            }
            if (it->second.expires_ms <= now_ms) {
                const std::int64_t minutes = (now_ms - it->second.expires_ms) / 60'000;
                out.category = "EXPIRED_AUTHENTICATION";
                out.message = "The OAuth token used to make this call expired " +
                              std::to_string(minutes) + " minute(s) ago.";
                return out;
            }
        }
    }
    out.caller = peek(authorization_header);
    if (!out.caller) {
        out.category = "INVALID_AUTHENTICATION";
        out.message =
            "Authentication credentials not found: the bearer token is not one this "
            "sandbox issued (mint one under /__sandbox/hubspot/oauth)";
    }
    return out;
}

void AuthServer::add_app(App app) {
    std::lock_guard lock(mutex_);
    if (app.app_id.empty())
        app.app_id = std::to_string(next_app_id_++);
    if (app.client_id.empty() || app.client_secret.empty())
        throw std::invalid_argument("an app needs \"client_id\" and \"client_secret\"");
    if (app.app_id.find_first_not_of("0123456789") != std::string::npos || app.app_id.size() > 15)
        throw std::invalid_argument("\"app_id\" must be digits, as HubSpot's app ids are");
    if (app.scopes.empty())
        app.scopes = all_scopes();
    apps_[app.app_id] = std::move(app);
}

std::optional<App> AuthServer::app(const std::string& app_id) const {
    std::lock_guard lock(mutex_);
    const auto it = apps_.find(app_id);
    if (it == apps_.end())
        return std::nullopt;
    return it->second;
}

std::vector<App> AuthServer::apps() const {
    std::lock_guard lock(mutex_);
    std::vector<App> out;
    for (const auto& [id, app] : apps_)
        out.push_back(app);
    return out;
}

std::vector<std::string> AuthServer::installed_apps(const std::string& portal_id) const {
    std::lock_guard lock(mutex_);
    const auto it = installs_.find(portal_id);
    if (it == installs_.end())
        return {};
    return {it->second.begin(), it->second.end()};
}

void AuthServer::install(const std::string& portal_id, const std::string& app_id) {
    std::lock_guard lock(mutex_);
    installs_[portal_id].insert(app_id);
}

nlohmann::json AuthServer::mint(const std::string& portal_id, const std::string& app_id,
                                const std::vector<std::string>& scopes, std::int64_t now_ms) {
    std::lock_guard lock(mutex_);
    const std::string id = app_id.empty() ? std::string(kDefaultAppId) : app_id;
    const auto app = apps_.find(id);
    if (app == apps_.end())
        throw std::invalid_argument("no app " + id);
    const std::string grant_id = random_uuid();
    grants_[grant_id] = {portal_id, id, scopes.empty() ? app->second.scopes : scopes, false};
    installs_[portal_id].insert(id);
    const std::string refresh = "na1-" + random_hex(4) + "-" + random_uuid();
    refresh_tokens_[refresh] = grant_id;
    return issue(grant_id, refresh, now_ms);
}

std::string AuthServer::static_token(const std::string& portal_id,
                                     const std::vector<std::string>& scopes) {
    std::lock_guard lock(mutex_);
    // A private app is an app of its own, with its own 10-second budget.
    const std::string app_id = std::to_string(next_app_id_++);
    const std::string token = "pat-na1-" + random_uuid();
    static_tokens_[token] = {portal_id, app_id, scopes.empty() ? all_scopes() : scopes};
    installs_[portal_id].insert(app_id);
    return token;
}

void AuthServer::configure(const nlohmann::json& settings) {
    for (auto it = settings.begin(); it != settings.end(); ++it) {
        if (it.key() != "access_token_ttl_s" || !it->is_number_integer() || it->get<int>() < 1)
            throw std::invalid_argument("unknown or bad OAuth setting \"" + it.key() +
                                        "\" (access_token_ttl_s: a positive integer)");
        std::lock_guard lock(mutex_);
        access_token_ttl_s_ = it->get<std::int64_t>();
    }
}

nlohmann::json AuthServer::to_json() const {
    std::lock_guard lock(mutex_);
    nlohmann::json apps = nlohmann::json::array();
    for (const auto& [id, app] : apps_) {
        apps.push_back({{"app_id", id},
                        {"client_id", app.client_id},
                        {"client_secret", app.client_secret},
                        {"scopes", app.scopes},
                        {"redirect_uris", app.redirect_uris}});
    }
    return {{"access_token_ttl_s", access_token_ttl_s_}, {"apps", apps}};
}

}  // namespace ledgersync::sandbox::hubspot
