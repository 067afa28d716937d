#include "hubspot/hubspot_api.hpp"

#include <chrono>
#include <thread>

#include <ledgersync/sdk/json.hpp>

#include "common/control_plane.hpp"
#include "common/random_token.hpp"
#include "common/sandbox_clock.hpp"
#include "common/webhook_dispatcher.hpp"
#include "hubspot/account_info_endpoints.hpp"
#include "hubspot/account_seed.hpp"
#include "hubspot/association_endpoints.hpp"
#include "hubspot/hubspot_error.hpp"
#include "hubspot/hubspot_http.hpp"
#include "hubspot/object_endpoints.hpp"
#include "hubspot/object_view.hpp"
#include "hubspot/payment_processing.hpp"
#include "hubspot/property_endpoints.hpp"

namespace ledgersync::sandbox::hubspot {

namespace {

bool is_date_version(const std::string& segment) {
    return segment.size() >= 7 && std::isdigit(static_cast<unsigned char>(segment[0])) &&
           segment[4] == '-';
}

// The date-versioned paths (/crm/objects/2026-03/...) mapped onto the classic ones, so one
// router serves both (hubspot.md §2.1, §7.16).
std::vector<std::string> canonical_parts(const std::string& path) {
    std::vector<std::string> parts = split_path(path);
    if (parts.size() >= 2 && parts[0] == "account-info" && is_date_version(parts[1])) {
        parts[1] = "v3";
        return parts;
    }
    if (parts.size() >= 3 && parts[0] == "crm" && is_date_version(parts[2])) {
        const std::string family = parts[1];
        parts.erase(parts.begin() + 2);
        const bool record_associations =
            family == "objects" && parts.size() >= 5 && parts[4] == "associations";
        const std::string version = family == "associations" || record_associations ? "v4" : "v3";
        parts.insert(parts.begin() + 1, version);
    }
    return parts;
}

bool is_crm(const std::vector<std::string>& p) {
    return p.size() >= 4 && p[0] == "crm" && (p[1] == "v3" || p[1] == "v4");
}

bool is_account_info(const std::vector<std::string>& p) {
    return p.size() >= 3 && p[0] == "account-info" && p[1] == "v3";
}

bool is_oauth(const std::vector<std::string>& p) {
    return !p.empty() && p[0] == "oauth";
}

std::string family_of(const std::vector<std::string>& p) {
    if (is_oauth(p))
        return "oauth";
    if (is_account_info(p))
        return "account";
    if (!is_crm(p))
        return "other";
    if (p[1] == "v4" || p[2] == "associations")
        return "associations";
    if (p[2] == "properties")
        return "properties";
    if (p[2] == "objects") {
        if (p.size() >= 5 && p[4] == "search")
            return "search";
        if (p.size() >= 5 && p[4] == "batch")
            return "batch";
        return "objects";
    }
    return "other";
}

std::string endpoint_of(const std::string& method, const std::vector<std::string>& p) {
    std::string path;
    for (std::size_t i = 0; i < p.size(); ++i) {
        std::string segment = p[i];
        const bool numeric =
            !segment.empty() && segment.find_first_not_of("0123456789") == std::string::npos;
        if (is_oauth(p) && i == 3)
            segment = "{token}";
        else if (is_crm(p) && p[2] == "objects" && i == 4 && segment != "search" &&
                 segment != "batch")
            segment = "{id}";
        else if (is_crm(p) && p[2] == "properties" && i == 4 && segment != "groups" &&
                 segment != "batch")
            segment = "{propertyName}";
        else if (is_crm(p) && p[2] == "properties" && i == 5 && p[4] == "groups")
            segment = "{groupName}";
        else if (numeric && i > 3)
            segment = "{id}";
        path += "/" + segment;
    }
    return method + " " + path;
}

// The scope a CRM call needs: the object type's read scope for reads, its write scope
// otherwise (README "Decisions").
std::string required_scope(const std::string& method, const std::vector<std::string>& p,
                           const ObjectType& type) {
    bool read = method == "GET";
    if (method == "POST") {
        const std::string last = p.back();
        read = last == "search" || (p.size() >= 2 && p[p.size() - 2] == "batch" && last == "read");
    }
    return read ? type.read_scope : type.write_scope;
}

HttpResponse html_error(int status, const std::string& reason) {
    return HttpResponse::text(status,
                              "<html><head><title>" + std::to_string(status) + " " + reason +
                                  "</title></head><body><center><h1>" + std::to_string(status) +
                                  " " + reason + "</h1></center></body></html>\n",
                              "text/html");
}

HttpResponse rate_limited(const RateDecision& decision) {
    std::string window = decision.policy == "DAILY"      ? "daily"
                         : decision.policy == "SECONDLY" ? "secondly"
                                                         : "ten_secondly_rolling";
    const nlohmann::json body = {{"status", "error"},
                                 {"message", "You have reached your " + window + " limit."},
                                 {"errorType", "RATE_LIMIT"},
                                 {"correlationId", random_uuid()},
                                 {"policyName", decision.policy},
                                 {"groupName", decision.group},
                                 {"category", "RATE_LIMITS"}};
    HttpResponse r = json_response(429, body);
    for (const auto& [k, v] : decision.headers)
        r.headers[k] = v;
    return r;
}

std::vector<std::string> upsert_keys(const std::string& portal, const ObjectType& type,
                                     const std::string& body) {
    std::vector<std::string> keys;
    try {
        const auto json = sdk::parse_json_exact(body);
        for (const auto& input : json.value("inputs", nlohmann::json::array())) {
            const std::string property = input.value("idProperty", std::string());
            const std::string id = id_text(input.value("id", nlohmann::json()));
            if (!property.empty() && !id.empty())
                keys.push_back(portal + "|" + type.name + "|" + property + "|" + id);
        }
    } catch (const std::exception&) {
        // The handler answers the malformed body.
    }
    return keys;
}

}  // namespace

HubSpotApi::HubSpotApi(SandboxServices services, bool seed_default_account)
    : services_(services),
      seed_default_account_(seed_default_account),
      webhooks_(services.webhooks, services.clock, auth_) {
    reset();
}

std::int64_t HubSpotApi::now_ms() const {
    return services_.clock.now_ms();
}

void HubSpotApi::reset() {
    accounts_.clear();
    auth_.reset();
    rate_limits_.reset();
    upsert_locks_.clear();
    webhooks_.reset();
    {
        std::lock_guard lock(limits_mutex_);
        limits_ = ApiLimits{};
    }
    retry_after_s_ = 30;
    if (seed_default_account_) {
        auto account = accounts_.create(kDefaultPortalId, "Sandbox HubSpot account", now_ms());
        std::lock_guard lock(account->mutex());
        seed_account(*account, nlohmann::json::object(), now_ms());
        auth_.install(kDefaultPortalId, AuthServer::kDefaultAppId);
    }
}

nlohmann::json HubSpotApi::ready_info() const {
    nlohmann::json info = {{"app_id", AuthServer::kDefaultAppId},
                           {"client_id", AuthServer::kDefaultClientId},
                           {"client_secret", AuthServer::kDefaultClientSecret}};
    if (seed_default_account_)
        info["portal_id"] = kDefaultPortalId;
    return info;
}

nlohmann::json HubSpotApi::throttle_json() const {
    return rate_limits_.to_json(now_ms());
}

RequestFacts HubSpotApi::describe(const HttpRequest& request) const {
    RequestFacts facts;
    const auto parts = canonical_parts(request.path);
    facts.family = family_of(parts);
    facts.endpoint = endpoint_of(request.method, parts);
    if (const auto caller = auth_.peek(request.header("Authorization")))
        facts.realm = caller->portal_id;
    if (facts.family == "batch" ||
        (facts.family == "associations" && parts.size() >= 6 && parts[5] == "batch")) {
        try {
            const auto body = sdk::parse_json_exact(request.body);
            if (body.is_object() && body.contains("inputs") && body.at("inputs").is_array())
                facts.batch_items = static_cast<int>(body.at("inputs").size());
        } catch (const std::exception&) {
        }
    }
    return facts;
}

HttpResponse HubSpotApi::injected_error(int status) const {
    switch (status) {
        case 423:
            return HubSpotError(423, "LOCKED",
                                "The resource is locked by another request; locks last 2 "
                                "seconds, retry after at least 2 s")
                .response();
        case 429: {
            RateDecision decision;
            decision.policy = "TEN_SECONDLY_ROLLING";
            decision.group = "injected";
            return rate_limited(decision);
        }
        case 477:
            return HubSpotError(477, "MIGRATION_IN_PROGRESS",
                                "This account is being migrated; retry after the Retry-After "
                                "interval")
                .header("Retry-After", std::to_string(retry_after_s_.load()))
                .response();
        case 502:
            return html_error(502, "Bad Gateway");
        case 503:
            return html_error(503, "Service Unavailable");
        case 504:
            return html_error(504, "Gateway Timeout");
        case 521:
        case 522:
        case 523:
        case 524:
            return html_error(status, "Origin error (timeout or unreachable)");
        case 401:
            return HubSpotError(401, "INVALID_AUTHENTICATION",
                                "Authentication credentials not found (injected by the sandbox's "
                                "fault plan)")
                .response();
        default:
            return HubSpotError(status, status >= 500 ? "INTERNAL_ERROR" : "VALIDATION_ERROR",
                                "Error injected by the sandbox's fault plan")
                .response();
    }
}

HttpResponse HubSpotApi::handle(const HttpRequest& request, RequestFacts& facts) {
    try {
        const auto parts = canonical_parts(request.path);
        if (is_oauth(parts)) {
            if (facts.latency_ms > 0)
                std::this_thread::sleep_for(std::chrono::milliseconds(facts.latency_ms));
            const std::string& m = request.method;
            if (parts.size() == 2 && parts[1] == "authorize" && m == "GET")
                return auth_.authorize(request,
                                       request.query_param("portal_id")
                                           .value_or(seed_default_account_ ? kDefaultPortalId : ""),
                                       now_ms());
            if (parts.size() == 3 && parts[2] == "token" && m == "POST" &&
                (parts[1] == "v1" || parts[1] == "v3"))
                return auth_.token(request, now_ms());
            if (parts.size() == 4 && parts[1] == "v1" && parts[2] == "access-tokens" && m == "GET")
                return auth_.access_token_info(parts[3], now_ms());
            if (parts.size() == 5 && parts[1] == "v2" && parts[2] == "private-apps" &&
                parts[3] == "get" && parts[4] == "access-token-info" && m == "POST")
                return auth_.private_app_token_info(request);
            if (parts.size() == 4 && parts[1] == "v1" && parts[2] == "refresh-tokens") {
                if (m == "GET")
                    return auth_.refresh_token_info(parts[3]);
                if (m == "DELETE")
                    return auth_.delete_refresh_token(parts[3]);
            }
            throw errors::no_route(m, request.path);
        }
        if (is_crm(parts) || is_account_info(parts))
            return handle_crm(request, parts, facts);
        throw errors::no_route(request.method, request.path);
    } catch (const HubSpotError& error) {
        return error.response();
    } catch (const std::exception& e) {
        return HubSpotError(500, "INTERNAL_ERROR", std::string("sandbox error: ") + e.what())
            .response();
    }
}

HttpResponse HubSpotApi::handle_crm(const HttpRequest& request,
                                    const std::vector<std::string>& parts, RequestFacts& facts) {
    const std::int64_t now = now_ms();
    const AuthCheck auth = auth_.check(request.header("Authorization"), now);
    if (!auth.caller)
        throw HubSpotError(401, auth.category, auth.message);
    const Caller& caller = *auth.caller;
    // Account details need no CRM scope (HubSpot lists only "oauth", which every grant has).
    const std::string scope = is_account_info(parts)
                                  ? std::string()
                                  : required_scope(request.method, parts, object_type(parts[3]));
    if (!scope.empty() && caller.scopes.count(scope) == 0) {
        throw HubSpotError(403, "MISSING_SCOPES",
                           "This app hasn't been granted all required scopes to make this call. "
                           "Read more about required scopes here: "
                           "https://developers.hubspot.com/scopes.")
            .detail({{"message", "One or more of the following scopes are required."},
                     {"context", {{"requiredGranularScopes", {scope}}}}})
            .links({{"scopes", "https://developers.hubspot.com/scopes"}});
    }
    const bool search = facts.family == "search";
    const RateDecision decision = rate_limits_.admit(caller, search, now);
    if (!decision.allowed) {
        facts.throttled = true;
        return rate_limited(decision);
    }
    std::vector<std::string> keys;
    if (facts.family == "batch" && parts.size() == 6 && parts[5] == "upsert" &&
        request.method == "POST") {
        keys = upsert_keys(caller.portal_id, object_type(parts[3]), request.body);
        std::string held;
        if (!upsert_locks_.try_lock(keys, now, held)) {
            HttpResponse r =
                HubSpotError(423, "LOCKED",
                             "Another request is upserting the same unique value (" + held +
                                 ") right now; locks last 2 seconds, retry after at least 2 s")
                    .response();
            for (const auto& [k, v] : decision.headers)
                r.headers[k] = v;
            return r;
        }
    }
    struct Unlock {
        UpsertLocks& locks;
        const std::vector<std::string>& keys;
        const SandboxClock& clock;
        ~Unlock() {
            if (!keys.empty())
                locks.release(keys, clock.now_ms());
        }
    } unlock{upsert_locks_, keys, services_.clock};
    if (facts.latency_ms > 0)
        std::this_thread::sleep_for(std::chrono::milliseconds(facts.latency_ms));

    const auto account = accounts_.find(caller.portal_id);
    if (!account)
        throw HubSpotError(401, "INVALID_AUTHENTICATION",
                           "The account (portal " + caller.portal_id + ") no longer exists");
    ApiLimits limits;
    {
        std::lock_guard lock(limits_mutex_);
        limits = limits_;
    }
    std::vector<ChangeEvent> changes;
    HttpResponse response;
    {
        std::lock_guard lock(account->mutex());
        CrmWriter writer(*account, now_ms(), changes);
        ApiCall call{request, *account, writer, now_ms(), limits};
        try {
            response = route(call, parts);
        } catch (const HubSpotError& error) {
            response = error.response();
        }
    }
    webhooks_.publish(caller.portal_id, changes);
    for (const auto& [k, v] : decision.headers)
        response.headers[k] = v;
    return response;
}

HttpResponse HubSpotApi::route(ApiCall& call, const std::vector<std::string>& p) {
    if (is_account_info(p))
        return handle_account_info(call, std::vector<std::string>(p.begin() + 2, p.end()));
    const std::vector<std::string> rest_after_type(p.begin() + 4, p.end());
    if (p[1] == "v3" && p[2] == "objects")
        return handle_objects(call, object_type(p[3]), rest_after_type);
    if (p[1] == "v3" && p[2] == "properties")
        return handle_properties(call, object_type(p[3]), rest_after_type);
    if (p[1] == "v4" && p[2] == "objects" && p.size() >= 6 && p[5] == "associations")
        return handle_record_associations(call, object_type(p[3]), p[4],
                                          std::vector<std::string>(p.begin() + 6, p.end()));
    if (p[1] == "v4" && p[2] == "associations" && p.size() >= 5)
        return handle_association_batches(call, object_type(p[3]), object_type(p[4]),
                                          std::vector<std::string>(p.begin() + 5, p.end()));
    throw errors::no_route(call.request.method, call.request.path);
}

// ---- control plane ------------------------------------------------------------------------

HttpResponse HubSpotApi::seed(const HttpRequest& request) {
    const nlohmann::json options = control_body(request);
    std::string portal = options.value("portal_id", std::string());
    if (portal.empty()) {
        portal = std::to_string(30000000 + static_cast<int>(accounts_.portal_ids().size()));
        while (accounts_.find(portal))
            portal = std::to_string(std::stoll(portal) + 1);
    }
    if (portal.find_first_not_of("0123456789") != std::string::npos || portal.size() > 12)
        throw std::invalid_argument("\"portal_id\" must be digits (a hub id)");
    const auto started = std::chrono::steady_clock::now();
    auto account =
        accounts_.create(portal, options.value("name", std::string("Sandbox account")), now_ms());
    nlohmann::json created;
    {
        std::lock_guard lock(account->mutex());
        if (options.contains("delete_unpaid_invoices"))
            account->settings().delete_unpaid_invoices =
                options.value("delete_unpaid_invoices", false);
        try {
            created = seed_account(*account, options, now_ms());
        } catch (const HubSpotError& error) {
            return control_error(400, std::string("a seed record was refused: ") + error.what());
        }
    }
    const std::string app_id = options.value("app_id", std::string(AuthServer::kDefaultAppId));
    auth_.install(portal, app_id);
    nlohmann::json out = {{"portal_id", portal}, {"created", created}};
    const std::vector<std::string> scopes =
        options.contains("scopes") ? options.at("scopes").get<std::vector<std::string>>()
                                   : std::vector<std::string>{};
    if (options.value("tokens", false))
        out["tokens"] = auth_.mint(portal, app_id, scopes, now_ms());
    if (options.value("static_token", false))
        out["static_token"] = auth_.static_token(portal, scopes);
    out["elapsed_ms"] = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::steady_clock::now() - started)
                            .count();
    return control_ok(out);
}

HttpResponse HubSpotApi::settings(const HttpRequest& request) {
    if (request.method == "POST") {
        const nlohmann::json body = control_body(request);
        std::lock_guard lock(limits_mutex_);
        ApiLimits updated = limits_;
        for (auto it = body.begin(); it != body.end(); ++it) {
            const std::string& key = it.key();
            if (key == "delete_unpaid_invoices") {
                if (!it->is_boolean())
                    throw std::invalid_argument("\"delete_unpaid_invoices\" is true or false");
                for (const auto& portal : accounts_.portal_ids()) {
                    auto account = accounts_.find(portal);
                    std::lock_guard account_lock(account->mutex());
                    account->settings().delete_unpaid_invoices = it->get<bool>();
                }
                continue;
            }
            if (!it->is_number_integer() || it->get<std::int64_t>() < 0)
                throw std::invalid_argument("setting \"" + key +
                                            "\" must be a non-negative integer");
            const auto value = it->get<std::int64_t>();
            if (key == "retry_after_s")
                retry_after_s_ = value;
            else if (key == "upsert_lock_ms")
                upsert_locks_.set_hold_ms(value);
            else if (key == "search_index_lag_ms")
                updated.search_index_lag_ms = value;
            else if (key == "search_filter_groups")
                updated.search_filter_groups = static_cast<int>(value);
            else if (key == "search_filters_per_group")
                updated.search_filters_per_group = static_cast<int>(value);
            else if (key == "search_filters_total")
                updated.search_filters_total = static_cast<int>(value);
            else
                throw std::invalid_argument(
                    "unknown hubspot setting \"" + key +
                    "\" (delete_unpaid_invoices, retry_after_s, upsert_lock_ms, "
                    "search_index_lag_ms, search_filter_groups, search_filters_per_group, "
                    "search_filters_total)");
        }
        limits_ = updated;
    }
    std::lock_guard lock(limits_mutex_);
    return control_ok({{"retry_after_s", retry_after_s_.load()},
                       {"upsert_lock_ms", upsert_locks_.hold_ms()},
                       {"search_index_lag_ms", limits_.search_index_lag_ms},
                       {"search_filter_groups", limits_.search_filter_groups},
                       {"search_filters_per_group", limits_.search_filters_per_group},
                       {"search_filters_total", limits_.search_filters_total},
                       {"batch_inputs", limits_.batch_inputs},
                       {"search_page", limits_.search_page},
                       {"search_total", limits_.search_total}});
}

HttpResponse HubSpotApi::accounts(const std::vector<std::string>& subpath) {
    if (subpath.size() == 1)
        return control_ok({{"accounts", accounts_.portal_ids()}});
    const auto account = accounts_.find(subpath[1]);
    if (!account)
        return control_error(404, "no account " + subpath[1]);
    std::lock_guard lock(account->mutex());
    nlohmann::json out = nlohmann::json::object();
    for (const auto& type : all_object_types()) {
        if (subpath.size() == 3 && find_object_type(subpath[2]) != &type)
            continue;
        nlohmann::json list = nlohmann::json::array();
        for (const auto& [id, object] : account->table(type).objects()) {
            nlohmann::json entry = {{"id", std::to_string(id)},
                                    {"properties", object.properties},
                                    {"archived", object.archived}};
            nlohmann::json associations = nlohmann::json::object();
            for (const auto& [to_type, to_id] : account->associations().neighbours(type.name, id))
                associations[to_type].push_back(std::to_string(to_id));
            entry["associations"] = associations;
            list.push_back(std::move(entry));
        }
        out[type.name] = std::move(list);
    }
    return control_ok(out);
}

HttpResponse HubSpotApi::processor_payment(const std::vector<std::string>& subpath,
                                           const HttpRequest& request) {
    const auto account = accounts_.find(subpath[1]);
    if (!account)
        return control_error(404, "no account " + subpath[1]);
    const nlohmann::json body = control_body(request);
    std::vector<ChangeEvent> changes;
    nlohmann::json out;
    try {
        std::lock_guard lock(account->mutex());
        CrmWriter writer(*account, now_ms(), changes);
        if (subpath.size() == 3)
            out = process_invoice_payment(writer, body);
        else if (subpath.size() == 5 && subpath[4] == "refund")
            out = refund_processed_payment(writer, subpath[3], body);
        else
            return control_error(404, "no control endpoint POST " + request.path);
    } catch (const HubSpotError& error) {
        return control_error(400, error.what());
    }
    webhooks_.publish(subpath[1], changes);
    return control_ok(out);
}

HttpResponse HubSpotApi::oauth_control(const std::vector<std::string>& subpath,
                                       const HttpRequest& request) {
    const std::string second = subpath.size() > 1 ? subpath[1] : std::string();
    const bool post = request.method == "POST";
    const nlohmann::json body = post ? control_body(request) : nlohmann::json::object();
    const std::string portal =
        body.value("portal_id", std::string(seed_default_account_ ? kDefaultPortalId : ""));
    const std::vector<std::string> scopes = body.contains("scopes")
                                                ? body.at("scopes").get<std::vector<std::string>>()
                                                : std::vector<std::string>{};
    const std::string app_id = body.value("app_id", std::string(AuthServer::kDefaultAppId));
    if (second.empty() && !post)
        return control_ok(auth_.to_json());
    if (second == "settings" && post) {
        auth_.configure(body);
        return control_ok(auth_.to_json());
    }
    if ((second == "tokens" || second == "code" || second == "static-token") && post) {
        if (!accounts_.find(portal))
            return control_error(404, "no account \"" + portal + "\"; seed it first");
        if (second == "tokens")
            return control_ok(auth_.mint(portal, app_id, scopes, now_ms()));
        if (second == "static-token")
            return control_ok(
                {{"token", auth_.static_token(portal, scopes)}, {"portal_id", portal}});
        const std::string redirect =
            body.value("redirect_uri", std::string("http://localhost/callback"));
        return control_ok({{"code", auth_.issue_code(portal, app_id, scopes, redirect, now_ms())},
                           {"portal_id", portal},
                           {"redirect_uri", redirect}});
    }
    return control_error(404, "no control endpoint " + request.method + " " + request.path);
}

HttpResponse HubSpotApi::handle_control(const std::vector<std::string>& subpath,
                                        const HttpRequest& request) {
    const std::string first = subpath.empty() ? std::string() : subpath[0];
    const bool post = request.method == "POST";
    const bool get = request.method == "GET";
    if (first == "seed" && post)
        return seed(request);
    if (first == "accounts" && get)
        return accounts(subpath);
    if (first == "accounts" && post && subpath.size() >= 3 && subpath[2] == "payments")
        return processor_payment(subpath, request);
    if (first == "oauth")
        return oauth_control(subpath, request);
    if (first == "apps" && post) {
        const nlohmann::json body = control_body(request);
        App app;
        app.app_id = body.value("app_id", std::string());
        app.client_id = body.value("client_id", std::string());
        app.client_secret = body.value("client_secret", std::string());
        if (body.contains("scopes"))
            app.scopes = body.at("scopes").get<std::vector<std::string>>();
        if (body.contains("redirect_uris"))
            app.redirect_uris = body.at("redirect_uris").get<std::vector<std::string>>();
        auth_.add_app(app);
        return control_ok(auth_.to_json());
    }
    if (first == "rate-limits" && (get || post)) {
        if (post)
            rate_limits_.configure(control_body(request));
        return control_ok(rate_limits_.to_json(now_ms()));
    }
    if (first == "webhooks" && (get || post)) {
        if (post)
            webhooks_.configure(control_body(request));
        nlohmann::json out = webhooks_.to_json();
        const nlohmann::json log = services_.webhooks.to_json("hubspot");
        out["deliveries"] = log.at("deliveries");
        out["queued"] = log.at("queued");
        return control_ok(out);
    }
    if (first == "settings" && (get || post))
        return settings(request);
    return control_error(404, "no control endpoint " + request.method + " " + request.path +
                                  "; see tests/sandbox/README.md for the HubSpot control plane");
}

}  // namespace ledgersync::sandbox::hubspot
