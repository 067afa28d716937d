#include "qbo/oauth_server.hpp"

#include <algorithm>
#include <stdexcept>

#include <ledgersync/sdk/encoding.hpp>
#include <ledgersync/sdk/json.hpp>

#include "common/random_token.hpp"

namespace ledgersync::sandbox::qbo {

namespace {

HttpResponse oauth_error(int status, const std::string& error,
                         const std::string& description = {}) {
    nlohmann::json body = {{"error", error}};
    if (!description.empty())
        body["error_description"] = description;
    HttpResponse response = HttpResponse::json(status, body.dump());
    response.headers["Cache-Control"] = "no-store";
    return response;
}

std::string first(const ParameterMap& params, const char* name) {
    const auto it = params.find(name);
    return it == params.end() ? std::string() : it->second;
}

std::string with_query(const std::string& uri, const std::string& query) {
    return uri + (uri.find('?') == std::string::npos ? "?" : "&") + query;
}

}  // namespace

OAuthServer::OAuthServer() {
    reset();
}

void OAuthServer::reset() {
    std::lock_guard lock(mutex_);
    settings_ = OAuthSettings{};
    clients_.clear();
    grants_.clear();
    access_tokens_.clear();
    refresh_tokens_.clear();
    codes_.clear();
    clients_[kDefaultClientId] = OAuthClient{kDefaultClientId, kDefaultClientSecret, {}};
}

void OAuthServer::add_client(OAuthClient client) {
    if (client.client_id.empty() || client.client_secret.empty()) {
        throw std::invalid_argument("an OAuth client needs a client_id and a client_secret");
    }
    std::lock_guard lock(mutex_);
    clients_[client.client_id] = std::move(client);
}

HttpResponse OAuthServer::authorize(const HttpRequest& request,
                                    const std::string& realm_for_consent, std::int64_t now_ms) {
    const std::string client_id = request.query_param("client_id").value_or("");
    const std::string redirect_uri = request.query_param("redirect_uri").value_or("");
    const std::string state = request.query_param("state").value_or("");
    const std::string realm = request.query_param("realmId").value_or(realm_for_consent);
    {
        std::lock_guard lock(mutex_);
        const auto client = clients_.find(client_id);
        if (client == clients_.end())
            return HttpResponse::text(400, "invalid_client: unknown client_id " + client_id + "\n");
        const auto& allowed = client->second.redirect_uris;
        if (redirect_uri.empty() ||
            (!allowed.empty() &&
             std::find(allowed.begin(), allowed.end(), redirect_uri) == allowed.end())) {
            return HttpResponse::text(
                400, "invalid redirect_uri: it must match one registered for the client\n");
        }
    }
    HttpResponse redirect = HttpResponse::text(302, "");
    const std::string state_part = state.empty() ? "" : "&state=" + sdk::percent_encode(state);
    if (request.query_param("response_type").value_or("") != "code") {
        redirect.headers["Location"] =
            with_query(redirect_uri, "error=unsupported_response_type" + state_part);
        return redirect;
    }
    const std::string scope = request.query_param("scope").value_or("");
    if (scope.find(kAccountingScope) == std::string::npos) {
        redirect.headers["Location"] = with_query(redirect_uri, "error=invalid_scope" + state_part);
        return redirect;
    }
    if (realm.empty()) {
        redirect.headers["Location"] = with_query(redirect_uri, "error=access_denied" + state_part);
        return redirect;
    }
    const std::string code = issue_code(client_id, realm, redirect_uri, now_ms);
    redirect.headers["Location"] = with_query(
        redirect_uri, "code=" + sdk::percent_encode(code) + state_part +
                          "&realmId=" + sdk::percent_encode(realm));
    return redirect;
}

std::string OAuthServer::issue_code(const std::string& client_id, const std::string& realm_id,
                                    const std::string& redirect_uri, std::int64_t now_ms) {
    std::lock_guard lock(mutex_);
    if (clients_.count(client_id) == 0)
        throw std::invalid_argument("unknown client_id " + client_id);
    const std::string code = "AB1" + random_alphanumeric(47);
    codes_[code] = AuthorizationCode{client_id, realm_id, redirect_uri,
                                     now_ms + settings_.authorization_code_ttl_s * 1000, false};
    return code;
}

const OAuthClient* OAuthServer::authenticate_client(const HttpRequest& request,
                                                    const ParameterMap& form) const {
    std::string id;
    std::string secret;
    const std::string authorization = request.header("Authorization");
    if (authorization.rfind("Basic ", 0) == 0) {
        const auto decoded = sdk::base64_decode(authorization.substr(6));
        const auto colon = decoded ? decoded->find(':') : std::string::npos;
        if (colon == std::string::npos)
            return nullptr;
        id = decoded->substr(0, colon);
        secret = decoded->substr(colon + 1);
    } else {
        // client_secret_post, which Intuit's discovery document also lists.
        id = first(form, "client_id");
        secret = first(form, "client_secret");
    }
    const auto it = clients_.find(id);
    if (it == clients_.end() || it->second.client_secret != secret)
        return nullptr;
    return &it->second;
}

std::string OAuthServer::new_grant(const std::string& client_id, const std::string& realm_id,
                                   std::int64_t now_ms) {
    const std::string grant_id = random_hex(24);
    Grant grant;
    grant.client_id = client_id;
    grant.realm_id = realm_id;
    grant.hard_expiry_ms = now_ms + settings_.refresh_token_hard_ttl_s * 1000;
    grants_[grant_id] = grant;
    return grant_id;
}

nlohmann::json OAuthServer::issue_tokens(const std::string& grant_id, bool rotate_refresh,
                                         bool include_hard_expiry, std::int64_t now_ms) {
    Grant& grant = grants_.at(grant_id);
    // Access tokens look like Intuit's (long opaque strings); they are only looked up here.
    const std::string access =
        "eyJlbmMiOiJBMTI4Q0JDLUhTMjU2IiwiYWxnIjoiZGlyIn0.." + random_alphanumeric(96);
    access_tokens_[access] = AccessToken{grant_id, now_ms + settings_.access_token_ttl_s * 1000};
    if (rotate_refresh || grant.current_refresh.empty()) {
        if (!grant.current_refresh.empty())
            refresh_tokens_[grant.current_refresh].superseded_ms = now_ms;
        grant.current_refresh = "AB11" +
                                std::to_string(now_ms / 1000 + settings_.refresh_token_ttl_s) +
                                random_alphanumeric(40);
        grant.current_refresh_issued_ms = now_ms;
        RefreshToken& issued = refresh_tokens_[grant.current_refresh];
        issued.grant_id = grant_id;
        issued.expires_ms =
            std::min(now_ms + settings_.refresh_token_ttl_s * 1000, grant.hard_expiry_ms);
    }
    const RefreshToken& refresh = refresh_tokens_.at(grant.current_refresh);
    nlohmann::json body = {{"token_type", "bearer"},
                           {"access_token", access},
                           {"refresh_token", grant.current_refresh},
                           {"expires_in", settings_.access_token_ttl_s},
                           {"x_refresh_token_expires_in", (refresh.expires_ms - now_ms) / 1000}};
    if (include_hard_expiry)
        body["x_refresh_token_hard_expires_in"] = (grant.hard_expiry_ms - now_ms) / 1000;
    return body;
}

HttpResponse OAuthServer::token(const HttpRequest& request, std::int64_t now_ms) {
    const ParameterMap form = parse_url_encoded(request.body);
    std::lock_guard lock(mutex_);
    const OAuthClient* client = authenticate_client(request, form);
    if (client == nullptr)
        return oauth_error(401, "invalid_client");
    const bool hard_expiry = request.header("x-include-refresh-token-hard-expires-in") == "true";
    const std::string grant_type = first(form, "grant_type");
    if (grant_type == "authorization_code") {
        const std::string code_text = first(form, "code");
        if (code_text.empty())
            return oauth_error(400, "invalid_request", "code is missing");
        const auto code = codes_.find(code_text);
        if (code == codes_.end() || code->second.used || code->second.expires_ms <= now_ms ||
            code->second.client_id != client->client_id) {
            return oauth_error(400, "invalid_grant");
        }
        if (first(form, "redirect_uri") != code->second.redirect_uri)
            return oauth_error(400, "invalid_grant");
        code->second.used = true;  // a code is exchanged only once
        const std::string grant_id = new_grant(client->client_id, code->second.realm_id, now_ms);
        HttpResponse response =
            HttpResponse::json(200, issue_tokens(grant_id, true, hard_expiry, now_ms).dump());
        response.headers["Cache-Control"] = "no-store";
        return response;
    }
    if (grant_type == "refresh_token") {
        const std::string token_text = first(form, "refresh_token");
        if (token_text.empty())
            return oauth_error(400, "invalid_request", "refresh_token is missing");
        const auto token = refresh_tokens_.find(token_text);
        if (token == refresh_tokens_.end())
            return oauth_error(400, "invalid_grant");
        const std::string grant_id = token->second.grant_id;
        Grant& grant = grants_.at(grant_id);
        const std::int64_t superseded_ms = token->second.superseded_ms;
        // A superseded token keeps working for its grace period, whether or not its successor
        // has been used; a refresh with it answers with the grant's current refresh token.
        const bool dead = superseded_ms != 0 &&
                          now_ms >= superseded_ms + settings_.superseded_refresh_grace_s * 1000;
        if (grant.revoked || grant.client_id != client->client_id ||
            token->second.expires_ms <= now_ms || dead || now_ms >= grant.hard_expiry_ms) {
            return oauth_error(400, "invalid_grant");
        }
        // The value changes once the current one is old enough (about daily at Intuit); within
        // that period every refresh returns the same refresh token.
        const bool rotate =
            now_ms - grant.current_refresh_issued_ms >= settings_.rotate_refresh_after_s * 1000;
        HttpResponse response =
            HttpResponse::json(200, issue_tokens(grant_id, rotate, hard_expiry, now_ms).dump());
        response.headers["Cache-Control"] = "no-store";
        return response;
    }
    if (grant_type.empty())
        return oauth_error(400, "invalid_request", "grant_type is missing");
    return oauth_error(400, "unsupported_grant_type");
}

HttpResponse OAuthServer::revoke(const HttpRequest& request) {
    std::string token_text;
    try {
        const auto body = sdk::parse_json_exact(request.body);
        if (body.is_object() && body.contains("token") && body["token"].is_string())
            token_text = body["token"];
    } catch (const sdk::JsonParseError&) {
        token_text = first(parse_url_encoded(request.body), "token");
    }
    std::lock_guard lock(mutex_);
    const OAuthClient* client = authenticate_client(request, parse_url_encoded(request.body));
    if (client == nullptr)
        return oauth_error(401, "invalid_client");
    if (token_text.empty())
        return oauth_error(400, "invalid_request", "token is missing");
    std::string grant_id;
    if (const auto a = access_tokens_.find(token_text); a != access_tokens_.end())
        grant_id = a->second.grant_id;
    if (const auto r = refresh_tokens_.find(token_text); r != refresh_tokens_.end())
        grant_id = r->second.grant_id;
    // Revoking either token of a connection disconnects it: both stop working.
    if (!grant_id.empty()) {
        auto& grant = grants_.at(grant_id);
        if (grant.client_id != client->client_id)
            return oauth_error(400, "invalid_request", "token belongs to another client");
        grant.revoked = true;
    }
    return HttpResponse::json(200, "");
}

TokenCheck OAuthServer::check_bearer(const std::string& authorization_header,
                                     const std::string& realm_id, std::int64_t now_ms) const {
    TokenCheck check;
    if (authorization_header.rfind("Bearer ", 0) != 0 &&
        authorization_header.rfind("bearer ", 0) != 0) {
        check.detail = authorization_header.empty() ? "Authorization header missing"
                                                    : "Authorization header is not a Bearer token";
        return check;
    }
    const std::string token = authorization_header.substr(7);
    std::lock_guard lock(mutex_);
    const auto it = access_tokens_.find(token);
    if (it == access_tokens_.end()) {
        check.detail = "Token invalid: the access token is unknown";
        return check;
    }
    const Grant& grant = grants_.at(it->second.grant_id);
    if (grant.revoked) {
        check.detail = "Token revoked: the connection was disconnected";
    } else if (it->second.expires_ms <= now_ms) {
        check.detail = "Token expired: " + token.substr(0, 24) + "...";
    } else if (grant.realm_id != realm_id) {
        check.wrong_realm = true;
        check.detail =
            "The access token was issued for company " + grant.realm_id + ", not " + realm_id;
    } else {
        check.valid = true;
    }
    return check;
}

nlohmann::json OAuthServer::mint(const std::string& client_id, const std::string& realm_id,
                                 std::int64_t now_ms) {
    std::lock_guard lock(mutex_);
    const std::string id = client_id.empty() ? std::string(kDefaultClientId) : client_id;
    if (clients_.count(id) == 0)
        throw std::invalid_argument("unknown client_id " + id);
    const std::string grant_id = new_grant(id, realm_id, now_ms);
    nlohmann::json body = issue_tokens(grant_id, true, true, now_ms);
    body["realmId"] = realm_id;
    return body;
}

void OAuthServer::configure(const nlohmann::json& settings) {
    if (!settings.is_object())
        throw std::invalid_argument("OAuth settings must be an object");
    std::lock_guard lock(mutex_);
    OAuthSettings updated = settings_;
    const std::pair<const char*, std::int64_t*> kMembers[] = {
        {"access_token_ttl_s", &updated.access_token_ttl_s},
        {"refresh_token_ttl_s", &updated.refresh_token_ttl_s},
        {"refresh_token_hard_ttl_s", &updated.refresh_token_hard_ttl_s},
        {"rotate_refresh_after_s", &updated.rotate_refresh_after_s},
        {"superseded_refresh_grace_s", &updated.superseded_refresh_grace_s},
        {"authorization_code_ttl_s", &updated.authorization_code_ttl_s}};
    for (auto it = settings.begin(); it != settings.end(); ++it) {
        bool known = false;
        for (const auto& [name, slot] : kMembers) {
            if (it.key() != name)
                continue;
            if (!it->is_number_integer() || it->get<std::int64_t>() < 0) {
                throw std::invalid_argument(std::string("\"") + name +
                                            "\" must be a non-negative integer (seconds)");
            }
            *slot = it->get<std::int64_t>();
            known = true;
        }
        if (!known)
            throw std::invalid_argument("unknown OAuth setting \"" + it.key() + "\"");
    }
    settings_ = updated;
}

nlohmann::json OAuthServer::to_json() const {
    std::lock_guard lock(mutex_);
    nlohmann::json clients = nlohmann::json::array();
    for (const auto& [id, client] : clients_)
        clients.push_back({{"client_id", id}, {"redirect_uris", client.redirect_uris}});
    return {{"settings",
             {{"access_token_ttl_s", settings_.access_token_ttl_s},
              {"refresh_token_ttl_s", settings_.refresh_token_ttl_s},
              {"refresh_token_hard_ttl_s", settings_.refresh_token_hard_ttl_s},
              {"rotate_refresh_after_s", settings_.rotate_refresh_after_s},
              {"superseded_refresh_grace_s", settings_.superseded_refresh_grace_s},
              {"authorization_code_ttl_s", settings_.authorization_code_ttl_s}}},
            {"clients", std::move(clients)}};
}

}  // namespace ledgersync::sandbox::qbo
