#include "api/admin/activity_endpoints.hpp"

#include <algorithm>
#include <map>
#include <numeric>

#include "api/admin/api_error.hpp"
#include "api/admin/query_params.hpp"
#include "bus/outcome_event.hpp"

namespace ledgersync::api::admin {

namespace {

using store::activity_hour_of;
using store::kActivityHourMs;

/// The end of the hour holding `ms`, or `ms` itself when an hour starts there.
std::int64_t hour_ceiling(std::int64_t ms) { return -activity_hour_of(-ms); }

/// One route's series: a count per hour of the range, and the range's totals.
struct Series {
    nlohmann::json about = nlohmann::json::object();
    std::vector<std::int64_t> synced, failed, skipped;
};

std::string route_names(const std::vector<bus::RouteConfig>& routes) {
    std::string names;
    for (const auto& route : routes) names += (names.empty() ? "" : ", ") + route.name;
    return names.empty() ? "(none)" : names;
}

}  // namespace

ActivityEndpoints::ActivityEndpoints(store::Store& store, const config::HostConfig& config, const services::Clock& clock)
    : store_(store), config_(config), clock_(clock) {}

void ActivityEndpoints::add_to(AdminRouter& router) {
    router.add("GET", "/api/v1/activity", Access::read, [this](auto& request, auto& response) { activity(request, response); });
}

void ActivityEndpoints::activity(ApiRequest& request, Poco::Net::HTTPServerResponse& response) {
    const QueryParams params(request.uri(), {"from", "to", "route"});
    const auto from_given = params.instant("from");
    const auto to_given = params.instant("to");
    // Whole hours: the start rounds down, the end up (the current hour is in the default range).
    const std::int64_t to = to_given ? hour_ceiling(*to_given) : activity_hour_of(clock_.now_ms()) + kActivityHourMs;
    const std::int64_t from = from_given ? activity_hour_of(*from_given) : to - 24 * kActivityHourMs;
    if (to <= from) {
        throw ApiError::bad_parameter(to_given ? "to" : "from", "the range ends (" + bus::rfc3339_utc(to) +
                                                                    ") at or before it starts (" + bus::rfc3339_utc(from) + ")",
                                      "give a 'to' after 'from'");
    }
    const std::int64_t hours = (to - from) / kActivityHourMs;
    if (hours > kMostHours) {
        throw ApiError::bad_parameter(from_given ? "from" : "to",
                                      "the range from " + bus::rfc3339_utc(from) + " to " + bus::rfc3339_utc(to) + " spans " +
                                          std::to_string(hours) + " hours",
                                      "ask for at most 31 days (" + std::to_string(kMostHours) + " hours) at a time");
    }
    const std::string route = params.text("route");

    std::vector<store::ActivityHour> counted;
    store_.read([&](store::StoreTransaction& tx) { counted = tx.activity(from, to, route); });

    // Configured routes first, in the configuration's order, then routes no longer configured
    // whose counts are in the range (their history stays readable).
    std::vector<std::string> order;
    std::map<std::string, Series> series;
    const auto add_series = [&](const std::string& name, nlohmann::json about) {
        if (series.count(name) != 0) return;
        order.push_back(name);
        Series& s = series[name];
        s.about = std::move(about);
        s.synced.assign(static_cast<std::size_t>(hours), 0);
        s.failed.assign(static_cast<std::size_t>(hours), 0);
        s.skipped.assign(static_cast<std::size_t>(hours), 0);
    };
    for (const auto& configured : config_.routes) {
        if (!route.empty() && configured.name != route) continue;
        nlohmann::json sources = nlohmann::json::array();
        for (const auto& endpoint : configured.from) sources.push_back(endpoint.str());
        add_series(configured.name, {{"route", configured.name}, {"configured", true}, {"from", sources}, {"to", configured.to.str()}});
    }
    for (const auto& hour : counted) {
        add_series(hour.route, {{"route", hour.route}, {"configured", false}});
        Series& s = series[hour.route];
        const auto i = static_cast<std::size_t>((hour.hour_start_ms - from) / kActivityHourMs);
        s.synced[i] = hour.synced;
        s.failed[i] = hour.failed;
        s.skipped[i] = hour.skipped;
    }
    if (!route.empty() && order.empty()) {
        throw ApiError::bad_parameter("route", "no route '" + route + "' is configured or settled jobs in this range",
                                      "give one of the configured routes: " + route_names(config_.routes) +
                                          " (GET /api/v1/routes lists them), or leave 'route' out for all");
    }

    nlohmann::json starts = nlohmann::json::array();
    for (std::int64_t at = from; at < to; at += kActivityHourMs) starts.push_back(bus::rfc3339_utc(at));
    nlohmann::json routes = nlohmann::json::array();
    for (const auto& name : order) {
        const Series& s = series.at(name);
        nlohmann::json r = s.about;
        r["synced"] = s.synced;
        r["failed"] = s.failed;
        r["skipped"] = s.skipped;
        const auto sum = [](const std::vector<std::int64_t>& v) { return std::accumulate(v.begin(), v.end(), std::int64_t{0}); };
        r["totals"] = {{"synced", sum(s.synced)}, {"failed", sum(s.failed)}, {"skipped", sum(s.skipped)}};
        routes.push_back(std::move(r));
    }
    send_api_json(response, 200,
                  {{"from", bus::rfc3339_utc(from)},
                   {"to", bus::rfc3339_utc(to)},
                   {"bucket_seconds", kActivityHourMs / 1000},
                   {"hours", starts},
                   {"routes", routes}});
}

}  // namespace ledgersync::api::admin
