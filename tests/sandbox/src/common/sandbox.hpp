#pragma once
/// The composition root of the sandbox: the shared services (clock, request log, counters,
/// fault injection, webhook delivery, control plane) and one HTTP listener per emulated API.

#include <cstdint>
#include <memory>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/api_emulator.hpp"
#include "common/api_server.hpp"
#include "common/control_plane.hpp"
#include "common/fault_injector.hpp"
#include "common/request_counters.hpp"
#include "common/request_log.hpp"
#include "common/request_pipeline.hpp"
#include "common/sandbox_clock.hpp"
#include "common/webhook_dispatcher.hpp"

namespace ledgersync::sandbox {

class Sandbox {
public:
    explicit Sandbox(bool log_requests = false);
    ~Sandbox();
    Sandbox(const Sandbox&) = delete;
    Sandbox& operator=(const Sandbox&) = delete;

    SandboxServices services() { return {clock_, webhooks_}; }
    /// Registers an emulator and listens for it on 127.0.0.1:`port` (0 = any free port).
    void add_api(std::unique_ptr<ApiEmulator> api, std::uint16_t port);
    void start();
    void stop();
    /// {"<api>": {"url": "http://127.0.0.1:PORT", ...ready_info}} for the ready file.
    nlohmann::json endpoints_json() const;

private:
    struct Listener {
        std::unique_ptr<ApiEmulator> api;
        std::unique_ptr<ApiServer> server;
    };

    SandboxClock clock_;
    FaultInjector faults_;
    RequestLog log_;
    RequestCounters counters_;
    WebhookDispatcher webhooks_;
    ControlPlane control_plane_;
    RequestPipeline pipeline_;
    std::vector<Listener> listeners_;
};

}  // namespace ledgersync::sandbox
