#include "api/admin/failure_endpoints.hpp"

#include <charconv>

#include "api/admin/api_error.hpp"
#include "api/admin/query_params.hpp"
#include "bus/operator_json.hpp"

namespace ledgersync::api::admin {

namespace {

const std::vector<std::string> kStates = {"open", "retried", "dismissed", "resolved", "all"};
const std::vector<std::string> kStages = {"read", "map", "write", "conflict"};

/// The filter of ?state= (default open), ?route=, ?connection=, ?stage= and ?limit=.
store::FailureFilter read_filter(const QueryParams& params) {
    store::FailureFilter filter;
    const std::string state = params.one_of("state", kStates);
    filter.state = state.empty() ? store::FailureState::open : store::failure_state_from_string(state);
    filter.route = params.text("route");
    filter.connection = params.text("connection");
    if (const std::string stage = params.one_of("stage", kStages); !stage.empty()) {
        filter.stage = store::failure_stage_from_string(stage);
    }
    filter.limit = params.integer("limit", 100, 1, 1000);
    return filter;
}

std::int64_t failure_id(const std::string& text) {
    std::int64_t id = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (error != std::errc() || end != text.data() + text.size() || id <= 0) {
        throw ApiError(400, "bad_parameter", "\"" + text + "\" is not a failure id", "give the id of a failure (a positive integer)");
    }
    return id;
}

}  // namespace

FailureEndpoints::FailureEndpoints(bus::OperatorActions& actions, services::Logger& logger)
    : actions_(actions), logger_(logger) {}

void FailureEndpoints::add_to(AdminRouter& router) {
    router.add("GET", "/api/v1/failures", Access::read, [this](auto& request, auto& response) { list(request, response); });
    router.add("GET", "/api/v1/failures/count", Access::read, [this](auto& request, auto& response) { count(request, response); });
    router.add("POST", "/api/v1/failures/retry", Access::admin,
               [this](auto& request, auto& response) { act_on_all(request, response, true); });
    router.add("POST", "/api/v1/failures/dismiss", Access::admin,
               [this](auto& request, auto& response) { act_on_all(request, response, false); });
    router.add("GET", "/api/v1/failures/{id}", Access::read, [this](auto& request, auto& response) { show(request, response); });
    router.add("POST", "/api/v1/failures/{id}/retry", Access::admin,
               [this](auto& request, auto& response) { act_on_one(request, response, true); });
    router.add("POST", "/api/v1/failures/{id}/dismiss", Access::admin,
               [this](auto& request, auto& response) { act_on_one(request, response, false); });
}

void FailureEndpoints::list(ApiRequest& request, Poco::Net::HTTPServerResponse& response) {
    const store::FailureFilter filter = read_filter(QueryParams(request.uri(), {"state", "route", "connection", "stage", "limit"}));
    nlohmann::json failures = nlohmann::json::array();
    for (const auto& f : actions_.list(filter)) failures.push_back(bus::failure_json(f));
    send_api_json(response, 200, {{"failures", failures}, {"count", actions_.count(filter)}});
}

void FailureEndpoints::count(ApiRequest& request, Poco::Net::HTTPServerResponse& response) {
    const store::FailureFilter filter = read_filter(QueryParams(request.uri(), {"state", "route", "connection", "stage"}));
    send_api_json(response, 200, {{"count", actions_.count(filter)}});
}

void FailureEndpoints::show(ApiRequest& request, Poco::Net::HTTPServerResponse& response) {
    QueryParams(request.uri(), {});
    const std::int64_t id = failure_id(request.params.at(0));
    const auto details = actions_.show(id);
    if (!details) throw ApiError::not_found("no failure " + std::to_string(id), "list them with GET /api/v1/failures?state=all");
    nlohmann::json body = bus::failure_json(details->failure);
    body["payload"] = bus::failure_payload_json(details->failure);
    body["timeline"] = bus::timeline_json(details->timeline);
    send_api_json(response, 200, body);
}

void FailureEndpoints::act_on_one(ApiRequest& request, Poco::Net::HTTPServerResponse& response, bool retry) {
    QueryParams(request.uri(), {});
    const std::int64_t id = failure_id(request.params.at(0));
    const bool done = retry ? actions_.retry(id) : actions_.dismiss(id);
    if (!done) {
        throw ApiError::not_found("no open failure " + std::to_string(id),
                                  "only open failures can be retried or dismissed; GET /api/v1/failures/" + std::to_string(id) +
                                      " shows its state");
    }
    logger_.info("admin_api", "token '" + request.caller + "' " + (retry ? "retried" : "dismissed") + " failure " + std::to_string(id));
    send_api_json(response, 200, {{"id", id}, {"state", retry ? "retried" : "dismissed"}});
}

void FailureEndpoints::act_on_all(ApiRequest& request, Poco::Net::HTTPServerResponse& response, bool retry) {
    const QueryParams params(request.uri(), {"route"});
    const std::string route = params.text("route");
    const std::int64_t n = retry ? actions_.retry_all(route) : actions_.dismiss_all(route);
    logger_.info("admin_api", "token '" + request.caller + "' " + (retry ? "retried " : "dismissed ") + std::to_string(n) +
                                  " failure(s)" + (route.empty() ? "" : " of route '" + route + "'"));
    nlohmann::json body = {{retry ? "retried" : "dismissed", n}};
    if (retry) {
        // Conflicts are left open: each pair needs a side chosen (retry the side to keep).
        store::FailureFilter conflicts;
        conflicts.route = route;
        conflicts.stage = store::FailureStage::conflict;
        body["conflicts_left_open"] = actions_.count(conflicts);
    }
    send_api_json(response, 200, body);
}

}  // namespace ledgersync::api::admin
