#pragma once
/// The failure row of a job that stops (at its mapping or its write), built one way wherever
/// the bus records one.

#include <cstdint>
#include <string>

#include <ledgersync/sdk/outcome.hpp>

#include "store/store_types.hpp"

namespace ledgersync::bus {

/// The failure of `job` at `stage` with `outcome`'s class, reason and fix hint; `payload` is
/// what the failure shows (the record that could not be written, or the source record).
inline store::Failure job_failure(const store::Job& job, store::FailureStage stage, const sdk::Outcome& outcome,
                                  std::string payload, std::int64_t now_ms) {
    store::Failure failure;
    failure.job_id = job.id;
    failure.route = job.route;
    failure.object = job.source;
    failure.target_connection = job.target_connection;
    failure.stage = stage;
    failure.outcome_class = std::string(sdk::to_string(outcome.kind));
    failure.reason = outcome.reason;
    failure.fix_hint = outcome.fix_hint;
    failure.payload_json = std::move(payload);
    failure.source_version = job.source_version;
    failure.attempts = job.attempts;
    failure.first_failed_at_ms = now_ms;
    failure.last_failed_at_ms = now_ms;
    return failure;
}

}  // namespace ledgersync::bus
