#pragma once
/// The control and observation endpoints under /__sandbox/, served on every API port:
/// reset, fault injection, clock, counters and the request log, common to every emulator;
/// /__sandbox/<api>/... goes to that emulator (seed, OAuth clients, webhooks, ...).

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/api_emulator.hpp"
#include "common/http_message.hpp"

namespace ledgersync::sandbox {

class FaultInjector;
class RequestCounters;
class RequestLog;
class SandboxClock;
class WebhookDispatcher;

class ControlPlane {
public:
    ControlPlane(SandboxClock& clock, FaultInjector& faults, RequestLog& log,
                 RequestCounters& counters, WebhookDispatcher& webhooks);

    /// Emulators are registered once at start-up, before any request.
    void add_api(ApiEmulator& api);
    static bool is_control_path(std::string_view path);
    /// Never throws: bad input is a 400 with {"error": "..."}.
    HttpResponse handle(const HttpRequest& request);
    /// Everything back to the start-up state.
    void reset_all();

private:
    HttpResponse route(const HttpRequest& request);
    HttpResponse handle_faults(const HttpRequest& request);
    HttpResponse handle_clock(const HttpRequest& request);
    HttpResponse handle_requests(const HttpRequest& request);
    nlohmann::json faults_json() const;
    nlohmann::json clock_json() const;

    SandboxClock& clock_;
    FaultInjector& faults_;
    RequestLog& log_;
    RequestCounters& counters_;
    WebhookDispatcher& webhooks_;
    std::vector<ApiEmulator*> apis_;
};

/// A 400 control-plane answer: {"error": message}.
HttpResponse control_error(int status, const std::string& message);
/// A 200 control-plane answer with `body`.
HttpResponse control_ok(const nlohmann::json& body);
/// Parses a control-plane request body (empty = {}); throws std::invalid_argument.
nlohmann::json control_body(const HttpRequest& request);
/// The same for endpoints that do nothing without a body: an empty one is a 400 naming
/// `example` (std::invalid_argument).
nlohmann::json control_body_required(const HttpRequest& request, const std::string& example);

}  // namespace ledgersync::sandbox
