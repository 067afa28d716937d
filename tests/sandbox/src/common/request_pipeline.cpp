#include "common/request_pipeline.hpp"

#include <chrono>
#include <iostream>
#include <thread>

#include "common/control_plane.hpp"
#include "common/fault_injector.hpp"
#include "common/request_counters.hpp"
#include "common/request_log.hpp"
#include "common/sandbox_clock.hpp"

namespace ledgersync::sandbox {

RequestPipeline::RequestPipeline(SandboxClock& clock, FaultInjector& faults, RequestLog& log,
                                 RequestCounters& counters, ControlPlane& control_plane,
                                 bool log_to_stderr)
    : clock_(clock),
      faults_(faults),
      log_(log),
      counters_(counters),
      control_plane_(control_plane),
      log_to_stderr_(log_to_stderr) {}

HttpResponse RequestPipeline::process(ApiEmulator& api, const HttpRequest& request) {
    if (ControlPlane::is_control_path(request.path))
        return control_plane_.handle(request);

    const auto started = std::chrono::steady_clock::now();
    RequestRecord record;
    record.time_ms = clock_.now_ms();
    record.api = api.name();
    record.method = request.method;
    record.path = request.path_with_query();

    RequestFacts facts = api.describe(request);
    const FaultDecision fault = faults_.decide(api.name(), request.path);
    const bool answered_by_api = fault.action == FaultDecision::Action::none ||
                                 fault.action == FaultDecision::Action::drop_after_commit;
    if (answered_by_api) {
        facts.latency_ms = fault.latency_ms;  // spent by the emulator, inside its in-flight window
    } else if (fault.latency_ms > 0) {
        std::this_thread::sleep_for(std::chrono::milliseconds(fault.latency_ms));
    }

    HttpResponse response;
    switch (fault.action) {
        case FaultDecision::Action::drop_before:
            response.drop_connection = true;
            record.outcome = RequestOutcome::dropped;
            break;
        case FaultDecision::Action::error:
            response = api.injected_error(fault.error_status);
            record.outcome = RequestOutcome::injected_error;
            break;
        case FaultDecision::Action::drop_after_commit:
        case FaultDecision::Action::none:
            response = api.handle(request, facts);
            record.outcome = facts.throttled  ? RequestOutcome::throttled
                             : facts.replayed ? RequestOutcome::replayed
                                              : RequestOutcome::answered;
            if (fault.action == FaultDecision::Action::drop_after_commit) {
                response.drop_connection = true;
                record.outcome = RequestOutcome::dropped_after_commit;
            }
            break;
    }
    record.realm = facts.realm;
    record.endpoint = facts.endpoint;
    record.requestid = facts.requestid;
    record.family = facts.family;
    record.batch_items = facts.batch_items;
    record.status = response.drop_connection ? 0 : response.status;
    record.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::steady_clock::now() - started)
                             .count();
    if (log_to_stderr_) {
        std::cerr << "[" << record.api << "] " << record.method << ' ' << record.path << " -> "
                  << (record.status == 0 ? std::string("(dropped)") : std::to_string(record.status))
                  << " (" << to_string(record.outcome) << ", " << record.duration_ms << " ms)\n";
    }
    counters_.add(record);
    log_.append(std::move(record));
    return response;
}

}  // namespace ledgersync::sandbox
