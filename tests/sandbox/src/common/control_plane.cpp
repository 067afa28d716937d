#include "common/control_plane.hpp"

#include <stdexcept>

#include <ledgersync/sdk/json.hpp>

#include "common/fault_injector.hpp"
#include "common/iso_time.hpp"
#include "common/request_counters.hpp"
#include "common/request_log.hpp"
#include "common/sandbox_clock.hpp"
#include "common/webhook_dispatcher.hpp"

namespace ledgersync::sandbox {

namespace {

constexpr std::string_view kPrefix = "/__sandbox";

std::int64_t integer_member(const nlohmann::json& body, const char* key) {
    const auto& value = body.at(key);
    if (!value.is_number_integer())
        throw std::invalid_argument(std::string("\"") + key + "\" must be an integer");
    return value.get<std::int64_t>();
}

std::uint64_t unsigned_param(const HttpRequest& request, const char* name, std::uint64_t fallback) {
    const auto text = request.query_param(name);
    if (!text || text->empty())
        return fallback;
    std::uint64_t value = 0;
    for (const char c : *text) {
        if (c < '0' || c > '9')
            throw std::invalid_argument(std::string("query parameter ") + name +
                                        " must be a number");
        value = value * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return value;
}

}  // namespace

HttpResponse control_error(int status, const std::string& message) {
    return HttpResponse::json(status, nlohmann::json{{"error", message}}.dump());
}

HttpResponse control_ok(const nlohmann::json& body) {
    return HttpResponse::json(200,
                              body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

nlohmann::json control_body(const HttpRequest& request) {
    if (request.body.find_first_not_of(" \t\r\n") == std::string::npos)
        return nlohmann::json::object();
    try {
        auto body = sdk::parse_json_exact(request.body);
        if (!body.is_object())
            throw std::invalid_argument("the request body must be a JSON object");
        return body;
    } catch (const sdk::JsonParseError& e) {
        throw std::invalid_argument(std::string("the request body is not valid JSON: ") + e.what());
    }
}

nlohmann::json control_body_required(const HttpRequest& request, const std::string& example) {
    if (request.body.find_first_not_of(" \t\r\n") == std::string::npos) {
        throw std::invalid_argument(request.method + " " + request.path +
                                    " needs a JSON object body, e.g. " + example);
    }
    return control_body(request);
}

ControlPlane::ControlPlane(SandboxClock& clock, FaultInjector& faults, RequestLog& log,
                           RequestCounters& counters, WebhookDispatcher& webhooks)
    : clock_(clock), faults_(faults), log_(log), counters_(counters), webhooks_(webhooks) {}

void ControlPlane::add_api(ApiEmulator& api) {
    apis_.push_back(&api);
}

bool ControlPlane::is_control_path(std::string_view path) {
    return path.substr(0, kPrefix.size()) == kPrefix &&
           (path.size() == kPrefix.size() || path[kPrefix.size()] == '/');
}

HttpResponse ControlPlane::handle(const HttpRequest& request) {
    try {
        return route(request);
    } catch (const std::invalid_argument& e) {
        return control_error(400, e.what());
    } catch (const nlohmann::json::exception& e) {
        return control_error(400, std::string("bad request body: ") + e.what());
    } catch (const std::exception& e) {
        return control_error(500, std::string("sandbox error: ") + e.what());
    }
}

void ControlPlane::reset_all() {
    clock_.reset();
    faults_.clear();
    log_.clear();
    counters_.clear();
    webhooks_.clear("");
    for (ApiEmulator* api : apis_) {
        api->set_throttling_enabled(true);
        api->reset();
    }
}

HttpResponse ControlPlane::route(const HttpRequest& request) {
    const auto parts = split_path(request.path.substr(kPrefix.size()));
    const std::string first = parts.empty() ? std::string() : parts[0];
    const bool get = request.method == "GET";
    const bool post = request.method == "POST";
    if (first.empty() || first == "health") {
        nlohmann::json apis = nlohmann::json::array();
        for (ApiEmulator* api : apis_)
            apis.push_back(api->name());
        return control_ok({{"status", "ok"}, {"apis", apis}});
    }
    if (first == "reset" && post) {
        reset_all();
        return control_ok({{"reset", true}});
    }
    if (first == "faults") {
        if (post)
            return handle_faults(request);
        if (get)
            return control_ok(faults_json());
        if (request.method == "DELETE") {
            faults_.clear();
            for (ApiEmulator* api : apis_)
                api->set_throttling_enabled(true);
            return control_ok(faults_json());
        }
    }
    if (first == "clock" && (get || post))
        return post ? handle_clock(request) : control_ok(clock_json());
    if (first == "counters") {
        if (get && parts.size() == 1)
            return control_ok(counters_.to_json());
        if (post && parts.size() == 2 && parts[1] == "reset") {
            counters_.clear();
            return control_ok(counters_.to_json());
        }
    }
    if (first == "requests" && get)
        return handle_requests(request);
    for (ApiEmulator* api : apis_) {
        if (first == api->name()) {
            return api->handle_control(std::vector<std::string>(parts.begin() + 1, parts.end()),
                                       request);
        }
    }
    return control_error(404, "no control endpoint " + request.method + " " + request.path +
                                  "; see tests/sandbox/README.md for the control plane");
}

HttpResponse ControlPlane::handle_faults(const HttpRequest& request) {
    const nlohmann::json body = control_body(request);
    // Validate the per-API throttle settings first so a bad plan changes nothing.
    if (body.contains("throttling") && !body.at("throttling").is_boolean()) {
        throw std::invalid_argument("\"throttling\" must be true or false");
    }
    if (body.contains("throttle")) {
        const auto& throttle = body.at("throttle");
        if (!throttle.is_object())
            throw std::invalid_argument("\"throttle\" must be an object keyed by API name");
        for (auto it = throttle.begin(); it != throttle.end(); ++it) {
            bool known = false;
            for (ApiEmulator* api : apis_)
                known = known || api->name() == it.key();
            if (!known)
                throw std::invalid_argument("\"throttle\" names an unknown API \"" + it.key() +
                                            "\"");
        }
    }
    faults_.configure(body);
    if (body.contains("throttle")) {
        for (ApiEmulator* api : apis_) {
            if (body.at("throttle").contains(api->name()))
                api->configure_throttle(body.at("throttle").at(api->name()));
        }
    }
    const bool throttling = body.value("throttling", true);
    for (ApiEmulator* api : apis_)
        api->set_throttling_enabled(throttling);
    return control_ok(faults_json());
}

nlohmann::json ControlPlane::faults_json() const {
    nlohmann::json out = faults_.to_json();
    nlohmann::json throttle = nlohmann::json::object();
    for (ApiEmulator* api : apis_)
        throttle[api->name()] = api->throttle_json();
    out["throttle"] = std::move(throttle);
    return out;
}

HttpResponse ControlPlane::handle_clock(const HttpRequest& request) {
    const nlohmann::json body = control_body_required(
        request, R"({"advance_seconds": 3600} or {"set": "2025-01-01T00:00:00Z"})");
    if (body.contains("reset") && body.at("reset") == true)
        clock_.reset();
    if (body.contains("freeze")) {
        if (!body.at("freeze").is_boolean())
            throw std::invalid_argument("\"freeze\" must be true or false");
        clock_.freeze(body.at("freeze").get<bool>());
    }
    if (body.contains("set")) {
        const auto& value = body.at("set");
        if (!value.is_string())
            throw std::invalid_argument("\"set\" must be an ISO 8601 timestamp string");
        const auto ms = parse_iso_datetime(value.get<std::string>());
        if (!ms)
            throw std::invalid_argument("\"set\" is not an ISO 8601 timestamp: " +
                                        value.get<std::string>());
        clock_.set_ms(*ms);
    }
    if (body.contains("set_ms"))
        clock_.set_ms(integer_member(body, "set_ms"));
    if (body.contains("advance_ms"))
        clock_.advance_ms(integer_member(body, "advance_ms"));
    if (body.contains("advance_seconds"))
        clock_.advance_ms(integer_member(body, "advance_seconds") * 1000);
    if (body.contains("advance_days"))
        clock_.advance_ms(integer_member(body, "advance_days") * 86'400'000);
    return control_ok(clock_json());
}

nlohmann::json ControlPlane::clock_json() const {
    const std::int64_t now = clock_.now_ms();
    return {{"now", format_iso_datetime(now, 0, true, true)},
            {"now_ms", now},
            {"frozen", clock_.frozen()}};
}

HttpResponse ControlPlane::handle_requests(const HttpRequest& request) {
    const std::uint64_t after = unsigned_param(request, "after", 0);
    const std::uint64_t limit = unsigned_param(request, "limit", RequestLog::kDefaultCapacity);
    return control_ok(log_.to_json(after, static_cast<std::size_t>(limit),
                                   request.query_param("realm").value_or(""),
                                   request.query_param("api").value_or("")));
}

}  // namespace ledgersync::sandbox
