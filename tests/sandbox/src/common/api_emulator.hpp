#pragma once
/// What every emulated API (QBO now; HubSpot and Stripe later) gives the common sandbox
/// machinery: request handling, a description of each request for the log and the counters, the
/// error body fault injection sends, its own control endpoints under /__sandbox/<name>/, and
/// its rate limits.

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/http_message.hpp"

namespace ledgersync::sandbox {

class SandboxClock;
class WebhookDispatcher;

/// The shared services an emulator is built with.
struct SandboxServices {
    SandboxClock& clock;
    WebhookDispatcher& webhooks;
};

/// What the log and the counters record about one API request. describe() fills it before the
/// request is handled (so dropped requests are counted under the right endpoint); handle() may
/// add to it.
struct RequestFacts {
    std::string realm;      ///< account / company / portal the request addresses
    std::string endpoint;   ///< "GET /v3/company/{realmId}/invoice/{id}"
    std::string requestid;  ///< idempotency key, when the client sent one
    /// The API family the endpoint belongs to, for per-family counters ("search", "batch");
    /// empty when the API does not group its endpoints.
    std::string family;
    int batch_items = 0;
    /// Injected latency the emulator spends while the request counts as in flight (so it
    /// weighs on concurrency limits like a slow request would).
    std::int64_t latency_ms = 0;
    bool replayed = false;   ///< a stored response was replayed
    bool throttled = false;  ///< refused by the rate limits
};

class ApiEmulator {
public:
    virtual ~ApiEmulator() = default;

    /// Short lower-case name: "qbo"; also the control-plane prefix /__sandbox/<name>/.
    virtual const std::string& name() const = 0;
    virtual RequestFacts describe(const HttpRequest& request) const = 0;
    /// Handles an API request, spending facts.latency_ms first. Never throws: every failure is
    /// an API-shaped error response.
    virtual HttpResponse handle(const HttpRequest& request, RequestFacts& facts) = 0;
    /// The response of this API for an injected server error with `status`.
    virtual HttpResponse injected_error(int status) const = 0;
    /// Handles /__sandbox/<name>/<subpath...>.
    virtual HttpResponse handle_control(const std::vector<std::string>& subpath,
                                        const HttpRequest& request) = 0;
    /// Sets rate limits from `config` (API-specific members); throws std::invalid_argument.
    virtual void configure_throttle(const nlohmann::json& config) = 0;
    virtual void set_throttling_enabled(bool enabled) = 0;
    virtual nlohmann::json throttle_json() const = 0;
    /// Back to the state right after start-up.
    virtual void reset() = 0;
    /// Extra facts for the ready file, merged beside "url" (e.g. the seeded realm).
    virtual nlohmann::json ready_info() const = 0;
};

}  // namespace ledgersync::sandbox
