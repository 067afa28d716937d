#include "api/admin/connection_endpoints.hpp"

#include <algorithm>

#include "api/admin/api_error.hpp"
#include "api/admin/query_params.hpp"
#include "bus/outcome_event.hpp"

namespace ledgersync::api::admin {

namespace {

const store::Pause* pause_of(const std::vector<store::Pause>& pauses, const std::string& kind, const std::string& name) {
    const auto it = std::find_if(pauses.begin(), pauses.end(), [&](const auto& p) { return p.kind == kind && p.name == name; });
    return it == pauses.end() ? nullptr : &*it;
}

nlohmann::json counts_json(const store::JobCounts& c) {
    return {{"pending", c.pending}, {"leased", c.leased}, {"waiting", c.waiting},
            {"done", c.done},       {"failed", c.failed}, {"dismissed", c.dismissed}};
}

}  // namespace

ConnectionEndpoints::ConnectionEndpoints(RunningHost host, bus::OperatorActions& actions, services::Logger& logger)
    : host_(host), actions_(actions), logger_(logger) {}

void ConnectionEndpoints::add_to(AdminRouter& router) {
    router.add("GET", "/api/v1/connections", Access::read,
               [this](auto& request, auto& response) { connections(request, response); });
    router.add("POST", "/api/v1/connections/{name}/reconnect", Access::admin,
               [this](auto& request, auto& response) { reconnect(request, response); });
    router.add("GET", "/api/v1/routes", Access::read, [this](auto& request, auto& response) { routes(request, response); });
    router.add("POST", "/api/v1/routes/{name}/disable", Access::admin,
               [this](auto& request, auto& response) { switch_route(request, response, false); });
    router.add("POST", "/api/v1/routes/{name}/enable", Access::admin,
               [this](auto& request, auto& response) { switch_route(request, response, true); });
}

nlohmann::json ConnectionEndpoints::rate_limits(const std::string& connection) const {
    nlohmann::json out = nlohmann::json::array();
    const plugin::ConnectorInstance* instance = host_.connections.find(connection);
    if (instance == nullptr) return out;
    const auto settings = app::ConnectionSet::http_settings(host_.config.connections.at(connection), instance->plugin().manifest());
    const auto use = host_.http.budget_use(connection).second;
    const auto now = services::http::RateLimiter::TimePoint::clock::now();
    for (const auto& budget : settings.budgets) {
        std::int64_t used = 0;
        bool held = false;
        for (const auto& u : use) {
            if (u.budget != budget.name) continue;
            used = static_cast<std::int64_t>(u.starts.size());
            for (const auto& c : u.counts) used += c.count;
            held = u.held_until > now;
        }
        out.push_back({{"budget", budget.name},
                       {"limit", budget.requests},
                       {"window_seconds", budget.window_seconds},
                       {"used", used},
                       {"held_after_429", held}});
    }
    return out;
}

void ConnectionEndpoints::connections(ApiRequest& request, Poco::Net::HTTPServerResponse& response) {
    QueryParams(request.uri(), {});
    const std::vector<store::Pause> pauses = actions_.pauses();
    nlohmann::json out = nlohmann::json::array();
    for (const auto& [name, config] : host_.config.connections) {
        nlohmann::json c = {{"name", name}, {"plugin", config.plugin}, {"enabled", config.enabled}};
        const auto problem = std::find_if(host_.connections.problems().begin(), host_.connections.problems().end(),
                                          [&](const auto& p) { return p.connection == name; });
        const store::Pause* pause = pause_of(pauses, "connection", name);
        std::optional<std::int64_t> last_read;
        host_.store.read([&](store::StoreTransaction& tx) { last_read = tx.last_read_at(name); });
        c["last_poll_at"] = last_read ? nlohmann::json(bus::rfc3339_utc(*last_read)) : nlohmann::json(nullptr);
        if (host_.connections.find(name) != nullptr) {
            const nlohmann::json check = host_.checks.status(name);
            c["state"] = pause != nullptr ? "paused" : "running";
            c["check"] = check;
            // Credentials: refused by the API (the pause), else as the last check found them.
            c["auth"] = pause != nullptr ? "rejected" : check.value("ok", nlohmann::json()).is_boolean()
                                                            ? (check["ok"].get<bool>() ? "ok" : "check_failed")
                                                            : "checking";
            c["rate_limits"] = rate_limits(name);
        } else {
            c["state"] = config.enabled ? "refused" : "disabled";
            c["auth"] = "unknown";
            c["rate_limits"] = nlohmann::json::array();
        }
        if (pause != nullptr) c["pause"] = {{"reason", pause->reason}, {"since", bus::rfc3339_utc(pause->since_ms)}};
        if (problem != host_.connections.problems().end()) c["reason"] = problem->message;
        out.push_back(std::move(c));
    }
    send_api_json(response, 200, {{"connections", out}});
}

void ConnectionEndpoints::reconnect(ApiRequest& request, Poco::Net::HTTPServerResponse& response) {
    QueryParams(request.uri(), {});
    const std::string& name = request.params.at(0);
    if (host_.config.connections.count(name) == 0) {
        throw ApiError::not_found("no connection '" + name + "' is configured", "GET /api/v1/connections lists them");
    }
    plugin::ConnectorInstance* instance = host_.connections.find(name);
    if (instance == nullptr) {
        throw ApiError(409, "not_running", "connection '" + name + "' is not running, so it cannot be reconnected",
                       "fix what GET /api/v1/connections gives as its reason, then restart the host");
    }
    const bool resumed = actions_.resume("connection", name);
    const bool checking = host_.checks.recheck(*instance);
    logger_.info("admin_api", "token '" + request.caller + "' reconnected connection '" + name + "'" +
                                  (resumed ? " (resumed from its pause)" : ""));
    send_api_json(response, 202,
                  {{"connection", name},
                   {"resumed", resumed},
                   {"check", checking ? "started" : "already_running"},
                   {"next", "GET /api/v1/connections shows the check's result"}});
}

void ConnectionEndpoints::routes(ApiRequest& request, Poco::Net::HTTPServerResponse& response) {
    QueryParams(request.uri(), {});
    const std::vector<store::Pause> pauses = actions_.pauses();
    std::vector<store::RouteJobCounts> counts;
    host_.store.read([&](store::StoreTransaction& tx) { counts = tx.job_counts_by_route(); });
    nlohmann::json out = nlohmann::json::array();
    for (const auto& route : host_.config.routes) {
        nlohmann::json from = nlohmann::json::array();
        for (const auto& endpoint : route.from) from.push_back(endpoint.str());
        nlohmann::json r = {{"name", route.name}, {"enabled", route.enabled}, {"from", from}, {"to", route.to.str()}};
        const auto problem = std::find_if(host_.route_problems.begin(), host_.route_problems.end(),
                                          [&](const auto& p) { return p.route == route.name; });
        const store::Pause* pause = pause_of(pauses, "route", route.name);
        if (!route.enabled) {
            r["state"] = "disabled_in_config";
        } else if (problem != host_.route_problems.end()) {
            r["state"] = "refused";
            r["reason"] = problem->message;
        } else {
            r["state"] = pause != nullptr ? "paused" : "running";
        }
        if (pause != nullptr) r["pause"] = {{"reason", pause->reason}, {"since", bus::rfc3339_utc(pause->since_ms)}};
        const auto c = std::find_if(counts.begin(), counts.end(), [&](const auto& rc) { return rc.route == route.name; });
        r["jobs"] = counts_json(c == counts.end() ? store::JobCounts{} : c->counts);
        out.push_back(std::move(r));
    }
    send_api_json(response, 200, {{"routes", out}});
}

void ConnectionEndpoints::switch_route(ApiRequest& request, Poco::Net::HTTPServerResponse& response, bool enable) {
    QueryParams(request.uri(), {});
    const std::string& name = request.params.at(0);
    const auto& configured = host_.config.routes;
    if (std::none_of(configured.begin(), configured.end(), [&](const auto& r) { return r.name == name; })) {
        throw ApiError::not_found("no route '" + name + "' is configured", "GET /api/v1/routes lists them");
    }
    const bool changed = enable ? actions_.resume("route", name)
                                : actions_.pause("route", name, "disabled through the admin API by token '" + request.caller + "'");
    if (changed) {
        logger_.info("admin_api", "token '" + request.caller + "' " + (enable ? "enabled" : "disabled") + " route '" + name + "'");
    }
    send_api_json(response, 200, {{"route", name}, {"state", enable ? "running" : "paused"}, {"changed", changed}});
}

}  // namespace ledgersync::api::admin
