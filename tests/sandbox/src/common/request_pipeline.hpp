#pragma once
/// The path every API request takes: fault injection (latency, drops, injected errors), the
/// emulator, then the request log and the counters. Control-plane requests bypass all of it.

#include <nlohmann/json.hpp>

#include "common/api_emulator.hpp"
#include "common/http_message.hpp"

namespace ledgersync::sandbox {

class ControlPlane;
class FaultInjector;
class RequestCounters;
class RequestLog;
class SandboxClock;

class RequestPipeline {
public:
    RequestPipeline(SandboxClock& clock, FaultInjector& faults, RequestLog& log,
                    RequestCounters& counters, ControlPlane& control_plane, bool log_to_stderr);

    HttpResponse process(ApiEmulator& api, const HttpRequest& request);

private:
    SandboxClock& clock_;
    FaultInjector& faults_;
    RequestLog& log_;
    RequestCounters& counters_;
    ControlPlane& control_plane_;
    bool log_to_stderr_;
};

}  // namespace ledgersync::sandbox
